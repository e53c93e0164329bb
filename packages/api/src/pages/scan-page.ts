import { labelOf, lookupRegion } from "@shian/schemas";
import { chinaMinute } from "../lib/china-time";
import type { BatchView } from "../services/batches";
import type { ScanResult, ScanState } from "../services/scan";
import { escapeHtml as e, type PageLocale, pageHead } from "./html";
import { SCAN_STRINGS, type ScanStrings } from "./scan-strings";

/** Background, text colour and icon of each state: green, grey, amber, red, red. */
const STATES: Record<ScanState, { bg: string; fg: string; icon: string }> = {
  valid: { bg: "#1a7f37", fg: "#fff", icon: "✓" },
  invalid: { bg: "#57606a", fg: "#fff", icon: "?" },
  suspended: { bg: "#f0b400", fg: "#1f2328", icon: "!" },
  recalled: { bg: "#cf222e", fg: "#fff", icon: "!" },
  revoked: { bg: "#cf222e", fg: "#fff", icon: "✕" },
};

const label = (enumName: string, value: unknown, locale: PageLocale) => (typeof value === "string" ? (labelOf(enumName, value, locale) ?? value) : "");

/** GB/T 2260 names, province first, with the code: 云南省玉溪市华宁县 (530424). */
function regionName(code: string | undefined, locale: PageLocale): string {
  if (!code) return "";
  const path = lookupRegion(code)?.path;
  return path ? `${path.join(locale === "en" ? " " : "")} (${code})` : code;
}

/** An ISO time as Beijing time, to the minute. */
function beijing(iso: string | undefined, t: ScanStrings): string {
  const time = chinaMinute(iso);
  return time && `${time} ${t.timeZone}`;
}

function quantity(result: ScanResult, t: ScanStrings, locale: PageLocale): string {
  const claims = result.verification.voucher?.claims;
  const grams = claims?.netWeightGrams;
  if (grams !== undefined) return grams >= 1000 ? `${(grams / 1000).toLocaleString(locale, { maximumFractionDigits: 3 })} ${t.kg}` : `${grams} ${t.g}`;
  if (claims?.quantity !== undefined) return `${claims.quantity} ${t.pieces}`;
  return result.batch ? `${result.batch.quantity.toLocaleString(locale)} ${label("QuantityUnit", result.batch.unit, locale)}` : "";
}

/** The batch's status reason, written by the services in English, in the page's language. */
function statusReason(reason: string, t: ScanStrings, locale: PageLocale): string {
  const test = /^rapid test failed: (.+)$/.exec(reason);
  if (test) return `${t.testFailed}${t.colon}${label("RapidTestItem", test[1], locale)}`;
  const recall = /^recalled: (.+)$/.exec(reason);
  return recall ? `${t.recallReason}${t.colon}${label("RecallReason", recall[1], locale)}` : reason;
}

const row = (name: string, value: string, cls = "") => (value ? `<div class="row${cls}"><dt>${e(name)}</dt><dd>${e(value)}</dd></div>` : "");
const section = (title: string, body: string, cls = "") => `<section${cls ? ` class="${cls}"` : ""}><h2>${e(title)}</h2>${body}</section>`;
const badge = (value: string, text: string) => `<span class="badge ${e(value)}">${e(text)}</span>`;

/** The scan page: one clear state first, then the evidence; mobile-first, no scripts, no external resources. */
export function renderScanPage(result: ScanResult, locale: PageLocale, otherLocaleUrl: string): string {
  const t = SCAN_STRINGS[locale];
  const other: PageLocale = locale === "en" ? "zh-CN" : "en";
  const state = STATES[result.state];
  const heading = t.states[result.state];
  const valid = result.verification.valid;
  const claims = valid ? result.verification.voucher?.claims : undefined;
  const batch = result.batch;
  const productName = (b: BatchView) => `${b.product.name} · ${label("ProductCategory", b.product.category, locale)}`;

  let alert = "";
  if (!valid) {
    const error = result.verification.error;
    alert = section(t.reason, `<p>${e((error && t.errors[error.code]) ?? error?.message ?? "")}</p><p><small>${e(error?.code)}</small></p>`, "alert");
  } else if (result.recall) {
    const r = result.recall;
    alert = section(t.recallReason, `<p><strong>${e(label("RecallReason", r.reason, locale))}</strong> · ${e(label("RecallLevel", r.level, locale))}</p>${r.note ? `<p>${e(r.note)}</p>` : ""}<p><small>${e(t.recalledAt)} ${e(beijing(r.createdAt, t))} · <span class="nb">${e(t.batch)} ${e(r.batchCode)}</span></small></p>`, "alert");
  } else if (result.state !== "valid" && batch?.statusReason) {
    alert = section(t.reason, `<p>${e(statusReason(batch.statusReason, t, locale))}</p>`, "alert");
  }

  const facts = valid
    ? `<section><dl>${[
        row(t.product, batch ? productName(batch) : label("ProductCategory", claims?.productCategory, locale)),
        row(t.origin, regionName(batch?.originRegion ?? claims?.originRegion, locale)),
        row(t.quantity, quantity(result, t, locale)),
        row(t.issuer, result.issuer ? `${result.issuer.name} · ${label("OrganisationKind", result.issuer.role, locale)}` : ""),
        row(t.issuedAt, beijing(claims?.issuedAt, t)),
        row(t.code, result.verification.voucher?.printedCode ?? "", " code"),
        row(t.batch, batch?.code ?? claims?.batchCode ?? ""),
      ].join("")}</dl></section>`
    : "";

  const tests = result.tests
    .map((test) => `<li>${badge(test.outcome, label("RapidTestOutcome", test.outcome, locale))} ${e(label("RapidTestItem", test.item, locale))}<br><small>${e(beijing(test.testedAt, t))} · <span class="nb">${e(t.batch)} ${e(test.batchCode)}</span></small></li>`)
    .join("");
  const onVoucher = claims?.rapidTest ? `<p>${e(t.onVoucher)}: ${badge(claims.rapidTest, label("RapidTestOutcome", claims.rapidTest, locale))}</p>` : "";
  const testsSection = valid ? section(t.tests, tests ? `<ul class="list">${tests}</ul>` : `${onVoucher}<p><small>${e(t.noTests)}</small></p>`) : "";
  const upstream = result.upstream.length
    ? section(t.upstream, `<ol class="list">${result.upstream.map((up) => `<li><span class="mono">${e(up.code)}</span> ${up.status !== "valid" ? badge(up.status, t.states[up.status as ScanState]?.heading ?? up.status) : ""}<br><small>${e(productName(up))} · ${e(regionName(up.originRegion, locale))}</small></li>`).join("")}</ol>`)
    : "";
  // The verifier checks signatures; a recall or suspension comes from the live batch status.
  const live = valid && result.state !== "valid" ? `${heading.heading}${batch ? ` · ${t.batch} ${batch.code}` : ""}` : "";
  const checks = result.verification.checks
    .map((check) => (check.check === "status" && live ? { ...check, ok: false, detail: live } : check))
    .map((check) => `<li class="${check.ok ? "ok" : "fail"}"><span aria-hidden="true">${check.ok ? "✓" : "✕"}</span> ${e(t.checkNames[check.check] ?? check.check)}<br><small>${e(check.detail)}</small></li>`)
    .join("");

  return `${pageHead({ locale, title: `${heading.heading} · ${t.title}`, themeColor: state.bg })}
<style>
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#f6f8fa;overflow-wrap:anywhere;-webkit-text-size-adjust:100%}
header{background:${state.bg};color:${state.fg};padding:16px 16px 20px}
.top{display:flex;align-items:flex-start;justify-content:space-between;gap:12px;max-width:560px;margin:0 auto}
h1{margin:0;font-size:32px;line-height:1.2;display:flex;align-items:center;gap:12px}
.icon{flex:none;width:44px;height:44px;border-radius:50%;background:${state.fg};color:${state.bg};display:grid;place-items:center;font-size:28px}
.advice{margin:10px auto 0;max-width:560px;font-size:17px}
.lang{color:inherit;font-size:15px;line-height:1;padding:10px 14px;border:1px solid currentColor;border-radius:999px;text-decoration:none;white-space:nowrap}
main{padding:4px 12px 24px;max-width:560px;margin:0 auto}
section{background:#fff;border-radius:12px;padding:12px 16px;margin:12px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.alert{border-left:6px solid ${state.bg}}
.alert p{margin:0 0 4px}
h2{font-size:17px;margin:0 0 8px}
dl{margin:0}
.row{display:flex;gap:12px;padding:8px 0;border-bottom:1px solid #eaeef2}
.row:last-child{border-bottom:0}
dt{color:#59636e;flex:none;width:${locale === "en" ? "6em" : "4.5em"}}
dd{margin:0;min-width:0}
.code dd,.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:17px;letter-spacing:.02em}
.list{margin:0;padding:0;list-style:none}
.list li{padding:6px 0;border-bottom:1px solid #eaeef2}
.list li:last-child{border-bottom:0}
.badge{display:inline-block;border-radius:6px;padding:0 8px;font-size:14px;font-weight:600;background:#eaeef2;color:#1f2328}
.badge.pass,.badge.valid{background:#dafbe1;color:#116329}
.badge.fail,.badge.recalled,.badge.revoked{background:#ffebe9;color:#a40e26}
.badge.suspicious,.badge.suspended{background:#fff8c5;color:#7d4e00}
.ok span{color:#1a7f37}.fail span{color:#cf222e}
small{color:#59636e;font-size:13px}
.nb{white-space:nowrap}
footer{text-align:center;color:#59636e;font-size:13px;padding:0 16px 24px}
</style>
</head>
<body data-state="${result.state}">
<header data-state="${result.state}">
<div class="top"><h1 id="state"><span class="icon" aria-hidden="true">${state.icon}</span><span>${e(heading.heading)}</span></h1><a class="lang" href="${e(otherLocaleUrl)}" hreflang="${other}" lang="${other}">${e(t.switchTo)}</a></div>
<p class="advice">${e(heading.advice)}</p>
</header>
<main>
${alert}
${facts}
${testsSection}
${upstream}
${section(t.checks, `<ul class="list checks">${checks}</ul>`)}
</main>
<footer>${e(t.checkedAt)} ${e(beijing(result.verification.at, t))} · ${e(t.title)} · Shian 食安</footer>
</body>
</html>`;
}
