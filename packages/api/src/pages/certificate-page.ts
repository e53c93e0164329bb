import { labelOf, lookupRegion } from "@shian/schemas";
import type { CertificatePublicView } from "../services/certificates";
import { escapeHtml as e, type PageLocale, pageHead } from "./html";

const STRINGS = {
  "zh-CN": {
    title: "承诺达标合格证",
    states: { valid: "合格证有效", invalid: "合格证无效", suspended: "暂停销售", recalled: "已召回", revoked: "已作废" },
    advice: { valid: "签名已核验：以下内容由开具者签名承诺。", other: "请勿据此购买，可向市场监管部门反映。" },
    form: "开具者类型",
    product: "食用农产品名称",
    quantity: "数量（重量）",
    origin: "产地",
    issuer: "开具者",
    phone: "联系方式",
    issueDate: "开具日期",
    bases: "承诺依据",
    commitments: "我承诺对生产销售的食用农产品：",
    signature: "签名或盖章",
    code: "追溯码",
    batch: "批次",
    sources: "收购来源",
    attached: "已随货登记到批次",
    reason: "原因",
    switchTo: "English",
    kg: "千克",
    g: "克",
  },
  en: {
    title: "Compliance certificate",
    states: { valid: "Valid certificate", invalid: "Not valid", suspended: "Sale suspended", recalled: "Recalled", revoked: "Withdrawn" },
    advice: { valid: "Signature verified: the issuer signed the commitments below.", other: "Do not rely on it; you can tell the market regulator." },
    form: "Issued by a",
    product: "Product",
    quantity: "Quantity (weight)",
    origin: "Origin",
    issuer: "Issuer",
    phone: "Contact",
    issueDate: "Issued on",
    bases: "Basis",
    commitments: "For the edible farm produce I produce and sell, I commit:",
    signature: "Signature or seal",
    code: "Trace code",
    batch: "Batch",
    sources: "Bought from",
    attached: "Attached to batches on receipt",
    reason: "Reason",
    switchTo: "中文",
    kg: "kg",
    g: "g",
  },
} as const;

const COLOURS = { valid: "#1a7f37", invalid: "#57606a", suspended: "#f0b400", recalled: "#cf222e", revoked: "#cf222e" } as const;

/** The public page of a scanned 承诺达标合格证: every mandatory field, verified. No scripts. */
export function renderCertificatePage(view: CertificatePublicView, locale: PageLocale, otherLocaleUrl: string): string {
  const t = STRINGS[locale];
  const c = view.certificate;
  const bg = COLOURS[view.state];
  const fg = view.state === "suspended" ? "#1f2328" : "#fff";
  const label = (name: string, value: string) => labelOf(name, value, locale) ?? value;
  const row = (name: string, value: string) => (value ? `<div class="row"><dt>${e(name)}</dt><dd>${e(value)}</dd></div>` : "");
  let body: string;
  if (!c) {
    body = `<section class="alert"><h2>${e(t.reason)}</h2><p>${e(view.problem?.message ?? "")}</p><p><small>${e(view.problem?.code)}</small></p></section>`;
  } else {
    const grams = c.netWeightGrams ?? (c.quantity?.unit === "gram" ? c.quantity.value : undefined);
    const quantity = grams !== undefined ? (grams >= 1000 ? `${grams / 1000} ${t.kg}` : `${grams} ${t.g}`) : `${c.quantity!.value} ${label("QuantityUnit", c.quantity!.unit)}`;
    const region = lookupRegion(c.origin.region)?.path.join(locale === "en" ? " " : "") ?? c.origin.region;
    body = `<section><dl>${[
      row(t.product, c.productName),
      row(t.quantity, quantity),
      row(t.origin, `${region}${c.origin.detail ? ` ${c.origin.detail}` : ""}`),
      row(t.issuer, c.issuer.name),
      row(t.form, label("CommitmentCertificateForm", c.form)),
      row(t.phone, c.issuer.phone),
      row(t.issueDate, c.issueDate),
      row(t.bases, c.bases.map((basis) => label("CommitmentBasis", basis)).join(locale === "en" ? "; " : "、")),
      row(t.signature, label("SignatureMethod", c.signature.method)),
      row(t.code, view.code ?? ""),
      row(t.batch, c.batchCode ?? ""),
    ].join("")}</dl></section>
<section><h2>${e(t.commitments)}</h2><ul class="list commitments">${c.commitments.map((s) => `<li>☑ ${e(label("CommitmentStatement", s))}</li>`).join("")}</ul></section>
${c.form === "collector" ? `<section><h2>${e(t.sources)}</h2><ul class="list">${c.sourceRecords.map((s) => `<li>${e(s.supplierName)} · ${e(s.productName)} · ${e(s.purchaseDate)}</li>`).join("")}</ul></section>` : ""}
${view.attachedTo.length ? `<section><h2>${e(t.attached)}</h2><ul class="list">${view.attachedTo.map((a) => `<li><span class="mono">${e(a.batchCode)}</span></li>`).join("")}</ul></section>` : ""}`;
  }
  return `${pageHead({ locale, title: `${t.states[view.state]} · ${t.title}` })}
<style>
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#f6f8fa;overflow-wrap:anywhere}
header{background:${bg};color:${fg};padding:16px 16px 20px}
.top{display:flex;align-items:flex-start;justify-content:space-between;gap:12px;max-width:560px;margin:0 auto}
.kind{margin:0 auto 6px;max-width:560px;font-size:15px}
h1{margin:0;font-size:30px;line-height:1.2}
.advice{margin:10px auto 0;max-width:560px;font-size:16px}
.lang{color:inherit;font-size:15px;line-height:1;padding:10px 14px;border:1px solid currentColor;border-radius:999px;text-decoration:none;white-space:nowrap}
main{padding:4px 12px 24px;max-width:560px;margin:0 auto}
section{background:#fff;border-radius:12px;padding:12px 16px;margin:12px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h2{font-size:17px;margin:0 0 8px}
dl{margin:0}
.row{display:flex;gap:12px;padding:8px 0;border-bottom:1px solid #eaeef2}
.row:last-child{border-bottom:0}
dt{color:#59636e;flex:none;width:${locale === "en" ? "8em" : "7em"}}
dd{margin:0;min-width:0}
.list{margin:0;padding:0;list-style:none}
.list li{padding:6px 0;border-bottom:1px solid #eaeef2}
.list li:last-child{border-bottom:0}
.mono{font-family:ui-monospace,monospace}
small{color:#59636e;font-size:13px}
</style>
</head>
<body data-state="${view.state}">
<header>
<p class="kind">${e(t.title)}</p>
<div class="top"><h1 id="state">${e(t.states[view.state])}</h1><a class="lang" href="${e(otherLocaleUrl)}">${e(t.switchTo)}</a></div>
<p class="advice">${e(view.state === "valid" ? t.advice.valid : t.advice.other)}</p>
</header>
<main>
${body}
</main>
</body>
</html>`;
}
