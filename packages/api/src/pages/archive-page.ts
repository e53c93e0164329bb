import { labelOf, lookupRegion } from "@shian/schemas";
import { chinaDay } from "../lib/china-time";
import type { MerchantArchive } from "../services/supervision";
import { escapeHtml as e, pageHead } from "./html";

const table = (head: string[], rows: string[][]) =>
  rows.length === 0
    ? "<p class=\"none\">无记录 · none</p>"
    : `<table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
const zh = (name: string, value: string | null | undefined) => (value ? (labelOf(name, value, "zh-CN") ?? value) : "");

/** 一户一档 archive as one printable page (A4, Chinese headings with English), no scripts. */
export function renderArchivePage(a: MerchantArchive): string {
  const p = a.profile;
  const region = p ? (lookupRegion(p.region)?.path.join("") ?? p.region) : "";
  const facts: Array<[string, string]> = [
    ["经营者 Business", a.organisation.name],
    ["类型 Type", zh("OrganisationKind", p?.businessType ?? a.organisation.role)],
    ["统一社会信用代码 USCC", p?.uscc ?? a.organisation.uscc ?? ""],
    ["许可证 Licence", p?.licence ? `${p.licence.number}（${p.licence.validFrom} – ${p.licence.validUntil}，${zh("HealthCertificateState", p.licence.state === "none" ? "" : p.licence.state)}）` : "—"],
    ["地址 Address", `${region} ${p?.address ?? ""}`],
    ["负责人 Responsible", p ? `${p.responsiblePerson.name}${p.responsiblePerson.title ? `（${p.responsiblePerson.title}）` : ""}` : ""],
    ["电话 Phone", p?.phone ?? ""],
    ["当前等级 Grade", a.grade.grade ? `${a.grade.grade} · ${a.grade.display?.label["zh-CN"]}（${a.grade.ruleSet.name["zh-CN"]} v${a.grade.ruleSet.version}，平均 ${a.grade.average}）` : "暂无 none"],
    ["一店一码 Merchant code", a.merchantCode?.url ?? "—"],
  ];
  return `${pageHead({ locale: "zh-CN", title: `一户一档 · ${a.organisation.name}` })}
<style>
@page{size:A4;margin:14mm}
body{font:12px/1.45 "WenQuanYi Micro Hei","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#000;margin:0 auto;max-width:190mm;padding:8px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:18px 0 6px;border-bottom:1px solid #000;page-break-after:avoid}
.meta{color:#444;margin:0 0 10px}
table{border-collapse:collapse;width:100%;page-break-inside:auto}tr{page-break-inside:avoid}
th,td{border:1px solid #888;padding:3px 5px;text-align:left;vertical-align:top}th{background:#eee}
dl{display:grid;grid-template-columns:38mm 1fr;gap:2px 8px;margin:0}dt{color:#444}dd{margin:0}
.none{color:#666}
</style>
</head>
<body>
<h1>食品经营者档案（一户一档）· ${e(a.organisation.name)}</h1>
<p class="meta">导出时间 Exported ${e(a.exportedAt)} · ${e(a.format)}</p>
<h2>基本信息 Profile</h2>
<dl>${facts.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join("")}</dl>
<h2>等级变更 Grade history</h2>
${table(["#", "等级 Grade", "规则 Rules", "平均 Avg", "依据检查 Inspections", "时间 When"], a.gradeHistory.map((g) => [String(g.seq), g.grade ?? "—", `${g.ruleSet.id} v${g.ruleSet.version}`, g.average === null ? "" : String(g.average), g.inspectionIds.join(" "), chinaDay(g.createdAt)]))}
<h2>监督检查 Inspections</h2>
${table(["日期 Date", "得分 Score", "关键项不合格 Key failed", "检查人 Inspector", "编号 Id"], a.inspections.map((i) => [chinaDay(i.inspectedAt), i.totalScore.toFixed(1), String(i.keyItemsFailed), i.inspector.name, i.id]))}
<h2>从业人员健康证 Health certificates</h2>
${table(["持证人 Holder", "发证机构 Issued by", "发证 Issued", "到期 Expires", "状态 State"], a.healthCertificates.map((h) => [h.holderName, h.issuedBy, h.issueDate, h.expiryDate, zh("HealthCertificateState", h.state)]))}
<h2>自查记录 Self-inspections</h2>
${table(["日期 Date", "表 Template", "结果 Result", "不合格项 Failed items"], a.selfInspections.map((s) => [s.inspectedOn, s.templateId, s.passed ? "合格 pass" : "有问题 issues", s.items.filter((i) => !i.passed).map((i) => `${i.code}${i.note ? ` ${i.note}` : ""}`).join("; ")]))}
<h2>进货台账 Purchase ledger</h2>
${table(["日期 Date", "品名 Product", "规格 Spec", "数量 Qty", "批次 Batch", "供货者 Supplier", "电话 Phone", "保存至 Keep until"], a.purchaseLedger.map((l) => [l.purchaseDate, l.productName, l.specification, `${l.quantity.value} ${zh("QuantityUnit", l.quantity.unit)}`, l.batchNumber ?? l.productionDate ?? "", l.supplier.name, l.supplier.phone, l.retainUntil]))}
<h2>开具的合格证 Certificates issued</h2>
${table(["日期 Date", "品名 Product", "追溯码 Code"], a.certificatesIssued.map((c) => [String((c.certificate as { issueDate: string }).issueDate), String((c.certificate as { productName: string }).productName), c.code]))}
<h2>上传文件 Documents</h2>
${table(["类型 Kind", "标题 Title", "类型 Type", "大小 Size", "SHA-256", "上传 Uploaded"], a.documents.map((d) => [d.kind, d.title, d.contentType, String(d.size), d.sha256.slice(0, 16), chinaDay(d.uploadedAt)]))}
</body>
</html>`;
}
