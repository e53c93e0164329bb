import { reportCategories, reportStatuses, reportTargetKinds, rewardTiers } from "@shian/schemas";
import { REPORT_EVIDENCE_MAX_BYTES, REPORT_EVIDENCE_MAX_FILES, type ReporterView } from "../services/reports";
import { escapeHtml as e, type PageLocale, pageHead } from "./html";

/**
 * The anonymous report pages (吹哨人): the form, its confirmation, follow-up and claim. Plain
 * HTML forms posting to this origin, no scripts; nothing on them asks who the reporter is.
 */
const STRINGS = {
  "zh-CN": {
    title: "匿名举报",
    intro: "无需注册，不记录您的 IP 地址或设备信息。请自设身份代码和举报密码并妥善保存：查询进度和领取奖励只凭这两项，我们无法找回。",
    target: "举报对象",
    businessId: "商户编号",
    name: "名称",
    address: "地址",
    batchCode: "批次码",
    voucherCode: "凭证码",
    category: "问题类型",
    description: "问题描述（至少 10 个字）",
    evidence: `证据照片（JPEG/PNG，最多 ${REPORT_EVIDENCE_MAX_FILES} 张，每张不超过 ${REPORT_EVIDENCE_MAX_BYTES / 1024 / 1024} MB，将去除拍摄信息）`,
    identityCode: "身份代码（6–20 位字母或数字）",
    password: "举报密码（8–64 位，含字母和数字）",
    password2: "再次输入举报密码",
    submit: "提交举报",
    errors: "请更正以下问题：",
    mismatch: "两次输入的密码不一致",
    received: "举报已受理",
    yourCode: "您的身份代码",
    keep: "请牢记身份代码和举报密码。凭它们可查询办理进度、领取奖励。",
    reference: "举报编号",
    follow: "查询进度 / 领取奖励",
    followIntro: "输入提交举报时设置的身份代码和举报密码。",
    check: "查询",
    wrong: "身份代码或举报密码错误。",
    locked: "错误次数过多，请稍后再试。",
    status: "状态",
    submittedOn: "提交日期",
    outcome: "结果",
    reward: "奖励",
    deadline: "领取截止",
    claimed: "已领取，领取编号",
    claim: "领取奖励",
    claimDone: "奖励已登记领取",
    claimText: "请凭领取编号到市场监管部门领取奖励，无需出示身份。",
    substantiated: "查证属实",
    unsubstantiated: "查证不实",
    newReport: "新的举报",
  },
  en: {
    title: "Anonymous report",
    intro: "No account needed, and neither your IP address nor your device is recorded. Choose an identity code and a password and keep them: they are the only way to follow the case and claim a reward, and cannot be recovered.",
    target: "What you report",
    businessId: "Merchant number",
    name: "Name",
    address: "Address",
    batchCode: "Batch code",
    voucherCode: "Voucher code",
    category: "Problem",
    description: "What happened (at least 10 characters)",
    evidence: `Evidence photos (JPEG/PNG, up to ${REPORT_EVIDENCE_MAX_FILES}, ${REPORT_EVIDENCE_MAX_BYTES / 1024 / 1024} MB each; camera data is removed)`,
    identityCode: "Identity code (6–20 letters or digits)",
    password: "Password (8–64 characters, letters and digits)",
    password2: "Password again",
    submit: "Send report",
    errors: "Please correct:",
    mismatch: "The passwords differ",
    received: "Report received",
    yourCode: "Your identity code",
    keep: "Keep your identity code and password: with them you follow the case and claim a reward.",
    reference: "Report reference",
    follow: "Follow a report / claim a reward",
    followIntro: "Enter the identity code and password you chose when reporting.",
    check: "Look up",
    wrong: "The identity code or the password is wrong.",
    locked: "Too many wrong attempts; try again later.",
    status: "Status",
    submittedOn: "Submitted on",
    outcome: "Outcome",
    reward: "Reward",
    deadline: "Claim by",
    claimed: "Claimed, claim reference",
    claim: "Claim the reward",
    claimDone: "Reward claimed",
    claimText: "Collect the reward at the market regulator with the claim reference; you need not show who you are.",
    substantiated: "Substantiated",
    unsubstantiated: "Not substantiated",
    newReport: "New report",
  },
} as const;

const STYLE = `<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1f2328}label{display:block;margin:.8rem 0 .2rem;font-weight:600}input,select,textarea{width:100%;box-sizing:border-box;padding:.5rem;font:inherit}textarea{min-height:8rem}button{margin-top:1rem;padding:.6rem 1.2rem;font:inherit;background:#1a7f37;color:#fff;border:0;border-radius:4px}.errors{background:#ffebe9;padding:.5rem 1rem;border-radius:4px}.code{font:700 1.4rem ui-monospace,monospace;letter-spacing:.1em}.card{border:1px solid #d0d7de;border-radius:6px;padding:.8rem;margin:.8rem 0}nav a{margin-right:1rem}</style>`;

const langLink = (path: string, locale: PageLocale) => `<nav><a href="${e(path)}?lang=${locale === "en" ? "zh-CN" : "en"}">${locale === "en" ? "中文" : "English"}</a><a href="/reports/new?lang=${locale}">${e(STRINGS[locale].newReport)}</a><a href="/reports/status?lang=${locale}">${e(STRINGS[locale].follow)}</a></nav>`;

const page = (locale: PageLocale, title: string, path: string, body: string) =>
  `${pageHead({ locale, title, formsToSelf: true })}\n${STYLE}\n</head>\n<body>\n${langLink(path, locale)}\n<h1>${e(title)}</h1>\n${body}\n</body>\n</html>`;

const field = (name: string, text: string, value = "", type = "text", extra = "", id = name) => `<label for="${e(id)}">${e(text)}</label><input id="${e(id)}" name="${name}" type="${type}" value="${e(value)}"${extra}>`;
const errorList = (locale: PageLocale, errors: string[]) => (errors.length ? `<div class="errors" role="alert"><p>${e(STRINGS[locale].errors)}</p><ul>${errors.map((m) => `<li>${e(m)}</li>`).join("")}</ul></div>` : "");

/** The report form, prefilled from the query (e.g. the merchant page's link) or a refused post. */
export function renderReportForm(locale: PageLocale, values: Record<string, string>, errors: string[] = []): string {
  const t = STRINGS[locale];
  const kind = values.kind && values.kind in reportTargetKinds.labels ? values.kind : "business";
  const option = (value: string, text: string, selected: boolean) => `<option value="${e(value)}"${selected ? " selected" : ""}>${e(text)}</option>`;
  const body = `<p>${e(t.intro)}</p>${errorList(locale, errors)}
<form method="post" action="/reports?lang=${locale}" enctype="multipart/form-data">
<label for="kind">${e(t.target)}</label><select id="kind" name="kind">${reportTargetKinds.values.map((v) => option(v, reportTargetKinds.labels[v][locale], v === kind)).join("")}</select>
${field("businessId", t.businessId, values.businessId)}${field("name", t.name, values.name, "text", ' maxlength="200"')}${field("address", t.address, values.address, "text", ' maxlength="300"')}
${field("batchCode", t.batchCode, values.batchCode)}${field("voucherCode", t.voucherCode, values.voucherCode)}
<label for="category">${e(t.category)}</label><select id="category" name="category">${reportCategories.values.map((v) => option(v, reportCategories.labels[v][locale], v === values.category)).join("")}</select>
<label for="description">${e(t.description)}</label><textarea id="description" name="description" required minlength="10" maxlength="5000">${e(values.description)}</textarea>
<label for="evidence">${e(t.evidence)}</label><input id="evidence" name="evidence" type="file" accept="image/jpeg,image/png" multiple>
${field("identityCode", t.identityCode, values.identityCode, "text", ' required pattern="[A-Za-z0-9]{6,20}" autocomplete="off"')}
${field("password", t.password, "", "password", ' required minlength="8" maxlength="64" autocomplete="new-password"')}
${field("password2", t.password2, "", "password", ' required minlength="8" maxlength="64" autocomplete="new-password"')}
<button type="submit">${e(t.submit)}</button>
</form>`;
  return page(locale, t.title, "/reports/new", body);
}

export function renderReportReceived(locale: PageLocale, result: { id: string; identityCode: string; submittedOn: string }): string {
  const t = STRINGS[locale];
  const body = `<p>${e(t.yourCode)}</p><p class="code" data-identity-code>${e(result.identityCode)}</p><p>${e(t.keep)}</p><p>${e(t.reference)}: <span class="code">${e(result.id)}</span> · ${e(t.submittedOn)} ${e(result.submittedOn)}</p><p><a href="/reports/status?lang=${locale}">${e(t.follow)}</a></p>`;
  return page(locale, t.received, "/reports/new", body);
}

/** Follow-up form; `message` after a wrong or locked attempt (the same words for any code). */
export function renderStatusForm(locale: PageLocale, message?: string): string {
  const t = STRINGS[locale];
  const body = `<p>${e(t.followIntro)}</p>${message ? `<div class="errors" role="alert"><p>${e(message)}</p></div>` : ""}
<form method="post" action="/reports/status?lang=${locale}">
${field("identityCode", t.identityCode, "", "text", ' required autocomplete="off"')}
${field("password", t.password, "", "password", ' required autocomplete="current-password"')}
<button type="submit">${e(t.check)}</button>
</form>`;
  return page(locale, t.follow, "/reports/status", body);
}

export function renderStatusPage(locale: PageLocale, views: ReporterView[]): string {
  const t = STRINGS[locale];
  const cards = views
    .map((v) => {
      const status = (reportStatuses.labels as Record<string, { "zh-CN": string; en: string }>)[v.status]?.[locale] ?? v.status;
      const category = (reportCategories.labels as Record<string, { "zh-CN": string; en: string }>)[v.category]?.[locale] ?? v.category;
      const reward = v.reward
        ? `<p>${e(t.reward)}: <strong>${e(v.reward.reward)}</strong> (${e(rewardTiers.labels[v.reward.tier as "1"]?.[locale] ?? v.reward.tier)}) · ${e(t.deadline)} ${e(v.reward.claimDeadline)}</p>${
            v.reward.claimedAt
              ? `<p>${e(t.claimed)} <span class="code">${e(v.reward.claimReference)}</span></p>`
              : `<form method="post" action="/reports/claim?lang=${locale}"><input type="hidden" name="reportId" value="${e(v.id)}">${field("identityCode", t.identityCode, "", "text", ' required autocomplete="off"', `code-${v.id}`)}${field("password", t.password, "", "password", " required", `password-${v.id}`)}<button type="submit">${e(t.claim)}</button></form>`
          }`
        : "";
      const outcome = v.outcome ? `<p>${e(t.outcome)}: ${e(v.outcome === "substantiated" ? t.substantiated : t.unsubstantiated)}</p>` : "";
      return `<div class="card" data-report="${e(v.id)}"><p>${e(t.reference)}: <span class="code">${e(v.id)}</span></p><p>${e(category)} · ${e(t.submittedOn)} ${e(v.submittedOn)}</p><p>${e(t.status)}: <strong data-status="${e(v.status)}">${e(status)}</strong></p>${outcome}${reward}</div>`;
    })
    .join("\n");
  return page(locale, t.follow, "/reports/status", cards);
}

export function renderClaimed(locale: PageLocale, result: { reward: string; claimReference: string }): string {
  const t = STRINGS[locale];
  return page(locale, t.claimDone, "/reports/status", `<p>${e(t.reward)}: <strong>${e(result.reward)}</strong></p><p>${e(t.claimed)}</p><p class="code" data-claim-reference>${e(result.claimReference)}</p><p>${e(t.claimText)}</p>`);
}

export const reportWords = (locale: PageLocale) => STRINGS[locale];
