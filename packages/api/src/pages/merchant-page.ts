import { labelOf, lookupRegion } from "@shian/schemas";
import { chinaDay, chinaMinute } from "../lib/china-time";
import type { MerchantPublicView } from "../services/merchants";
import { escapeHtml as e, type PageLocale, pageHead } from "./html";
import { MERCHANT_STRINGS, type MerchantStrings } from "./merchant-strings";

/** Header colours per grade colour; `none` (no grade yet) and `invalid` are grey. */
const COLOURS = {
  green: { bg: "#1a7f37", fg: "#fff" },
  yellow: { bg: "#f0b400", fg: "#1f2328" },
  red: { bg: "#cf222e", fg: "#fff" },
  none: { bg: "#57606a", fg: "#fff" },
} as const;

const label = (enumName: string, value: unknown, locale: PageLocale) => (typeof value === "string" ? (labelOf(enumName, value, locale) ?? value) : "");

function regionName(code: string | null | undefined, locale: PageLocale): string {
  if (!code) return "";
  const path = lookupRegion(code)?.path;
  return path ? path.join(locale === "en" ? " " : "") : code;
}


function beijing(iso: string | undefined, t: MerchantStrings): string {
  const time = chinaMinute(iso);
  return time && `${time} ${t.timeZone}`;
}

/** The face drawn inline (no image request): a smile, a flat mouth or a frown. */
function face(kind: "smile" | "flat" | "sad" | "none", fg: string, bg: string): string {
  const mouth = {
    smile: `<path d="M14 27 Q24 37 34 27" fill="none" stroke="${bg}" stroke-width="3.5" stroke-linecap="round"/>`,
    flat: `<path d="M15 31 H33" fill="none" stroke="${bg}" stroke-width="3.5" stroke-linecap="round"/>`,
    sad: `<path d="M14 34 Q24 24 34 34" fill="none" stroke="${bg}" stroke-width="3.5" stroke-linecap="round"/>`,
    none: `<path d="M17 31 H31" fill="none" stroke="${bg}" stroke-width="3" stroke-linecap="round" stroke-dasharray="3 4"/>`,
  }[kind];
  return `<svg class="face" data-face="${kind}" viewBox="0 0 48 48" width="72" height="72" role="img" aria-hidden="true"><circle cx="24" cy="24" r="23" fill="${fg}"/><circle cx="17" cy="19" r="3" fill="${bg}"/><circle cx="31" cy="19" r="3" fill="${bg}"/>${mouth}</svg>`;
}

/** The anonymous report form (/reports/new) prefilled with this business. */
function reportFormLink(businessId: string, name: string | undefined, locale: PageLocale): string {
  const query = new URLSearchParams({ kind: "business", businessId, ...(name ? { name } : {}), lang: locale });
  return `/reports/new?${query}`;
}

const row = (name: string, value: string, cls = "") => (value ? `<div class="row${cls}"><dt>${e(name)}</dt><dd>${e(value)}</dd></div>` : "");
const section = (title: string, body: string, cls = "") => `<section${cls ? ` class="${cls}"` : ""}><h2>${e(title)}</h2>${body}</section>`;
const badge = (value: string, text: string) => `<span class="badge ${e(value)}">${e(text)}</span>`;

function hours(list: unknown[], locale: PageLocale): string {
  return (list as Array<{ days: string[]; opens: string; closes: string }>)
    .map((h) => `${h.days.map((day) => label("Weekday", day, locale)).join(locale === "en" ? ", " : "、")} ${h.opens}–${h.closes}`)
    .join("; ");
}

/**
 * The public merchant page (一店一码 / 一户一码): licence status, the computed grade as colour
 * and face, the last inspections, staff health-certificate counts, the last rapid tests of
 * goods sold here, where current goods came from, and how to report a problem. Mobile-first,
 * no scripts, no external resources.
 */
export function renderMerchantPage(view: MerchantPublicView, locale: PageLocale, otherLocaleUrl: string): string {
  const t = MERCHANT_STRINGS[locale];
  const other: PageLocale = locale === "en" ? "zh-CN" : "en";
  const m = view.merchant;
  const grade = view.grade;
  const valid = view.state === "valid" && m !== undefined && grade !== undefined;
  const colourKey = valid && grade.display ? grade.display.colour : "none";
  const colours = COLOURS[colourKey];
  const faceKind = valid && grade.display ? grade.display.face : "none";
  const heading = !valid ? t.invalid : grade.display ? `${grade.grade} · ${grade.display.label[locale]}` : t.noGrade;
  const advice = !valid ? t.invalidAdvice : grade.display ? t.gradeAdvice(grade.display.label[locale]) : grade.reason === "below-minimum" ? t.belowMinimum : t.noInspections;

  let body = "";
  if (!valid) {
    const error = view.problem ?? view.verification.error;
    body = section(t.reason, `<p>${e(error?.message ?? "")}</p><p><small>${e(error?.code)}</small></p>`, "alert");
  } else {
    const licence = m.licence;
    const licenceText = licence ? `${t.licenceStates[licence.state]} · ${licence.number}` : t.licenceStates.none;
    body += `<section><dl>${[
      row(t.businessType, label("OrganisationKind", m.businessType, locale)),
      row(t.licence, licenceText, ` licence ${licence?.state ?? "none"}`),
      row(t.licenceUntil, licence?.validUntil ?? ""),
      row(t.uscc, m.uscc ?? "", " code"),
      row(t.address, [regionName(m.region, locale), m.address ?? ""].filter(Boolean).join(" ")),
      row(t.responsible, m.responsiblePerson ?? ""),
      row(t.hours, hours(m.openingHours, locale)),
    ].join("")}</dl></section>`;

    const gradeInfo = [
      grade.average !== null ? row(t.average, grade.average.toFixed(1)) : "",
      row(t.ruleSet, `${grade.ruleSet.name[locale]} (v${grade.ruleSet.version})`),
      row(t.window, `${chinaDay(grade.windowStart)} – ${chinaDay(grade.asOf)}`),
    ].join("");
    const inspections = view.inspections
      .map((i) => `<li><span class="score">${e(i.totalScore.toFixed(1))}</span> ${i.band ? badge(i.band, label("InspectionBand", i.band, locale)) : ""}${i.keyItemsFailed > 0 ? ` ${badge("fail", `${t.keyItemsFailed} ${i.keyItemsFailed}`)}` : ""}<br><small>${e(beijing(i.inspectedAt, t))}</small></li>`)
      .join("");
    body += section(t.inspections, `<dl>${gradeInfo}</dl>${inspections ? `<ul class="list inspections">${inspections}</ul>` : `<p><small>${e(t.noInspections)}</small></p>`}`);

    const hc = view.healthCertificates ?? { valid: 0, expiring: 0, expired: 0 };
    body += section(
      t.health,
      `<ul class="counts"><li>${badge("valid", t.healthStates.valid)} <strong>${hc.valid}</strong></li><li>${badge("suspicious", t.healthStates.expiring)} <strong>${hc.expiring}</strong></li><li>${badge("fail", t.healthStates.expired)} <strong>${hc.expired}</strong></li></ul><p><small>${e(t.healthNote)}</small></p>`,
      "health",
    );

    const tests = view.tests
      .map((test) => `<li>${badge(test.outcome, label("RapidTestOutcome", test.outcome, locale))} ${e(test.productName)} · ${e(label("RapidTestItem", test.item, locale))}<br><small>${e(beijing(test.testedAt, t))} · <span class="nb">${e(t.batch)} ${e(test.batchCode)}</span></small></li>`)
      .join("");
    body += section(t.tests, tests ? `<ul class="list tests">${tests}</ul>` : `<p><small>${e(t.noTests)}</small></p>`);

    if (view.sources.length > 0) {
      const sources = view.sources
        .map((s) => `<li>${e(s.productName)} ← <strong>${e(s.supplierName)}</strong>${s.latestTest ? ` ${badge(s.latestTest.outcome, label("RapidTestOutcome", s.latestTest.outcome, locale))}` : ""}<br><small>${e(s.purchaseDate)}${s.originRegion ? ` · ${e(t.origin)} ${e(regionName(s.originRegion, locale))}` : ""}${s.sourceBatchCode ? ` · <span class="nb">${e(t.batch)} ${e(s.sourceBatchCode)}</span>` : ""}</small></li>`)
        .join("");
      body += section(t.sources, `<ul class="list sources">${sources}</ul>`);
    }
  }
  body += section(
    t.report,
    `<p>${e(t.reportText)}</p><p><a class="button" href="tel:${e(view.report.hotline)}">${e(t.reportCall)} ${e(view.report.hotline)}</a></p>${view.report.businessId ? `<p><a class="button report-online" href="${e(reportFormLink(view.report.businessId, valid ? m.name : undefined, locale))}">${e(t.reportOnline)}</a></p>` : ""}${view.report.businessId ? `<p><small>${e(t.reportId)} <span class="mono">${e(view.report.businessId)}</span></small></p>` : ""}`,
    "report",
  );

  const title = valid ? m.name : t.title;
  return `${pageHead({ locale, title: `${title} · ${t.title}`, themeColor: colours.bg })}
<style>
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#f6f8fa;overflow-wrap:anywhere;-webkit-text-size-adjust:100%}
header{background:${colours.bg};color:${colours.fg};padding:16px 16px 20px}
.top{display:flex;align-items:flex-start;justify-content:space-between;gap:12px;max-width:560px;margin:0 auto}
.name{margin:0 auto 8px;max-width:560px;font-size:18px;font-weight:600}
h1{margin:0;font-size:32px;line-height:1.2;display:flex;align-items:center;gap:12px}
.face{flex:none;width:64px;height:64px}
.advice{margin:10px auto 0;max-width:560px;font-size:17px}
.lang{color:inherit;font-size:15px;line-height:1;padding:10px 14px;border:1px solid currentColor;border-radius:999px;text-decoration:none;white-space:nowrap}
main{padding:4px 12px 24px;max-width:560px;margin:0 auto}
section{background:#fff;border-radius:12px;padding:12px 16px;margin:12px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.alert{border-left:6px solid ${colours.bg}}
h2{font-size:17px;margin:0 0 8px}
dl{margin:0}
.row{display:flex;gap:12px;padding:8px 0;border-bottom:1px solid #eaeef2}
.row:last-child{border-bottom:0}
dt{color:#59636e;flex:none;width:${locale === "en" ? "7em" : "5em"}}
dd{margin:0;min-width:0}
.code dd,.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:15px}
.licence.expired dd,.licence.none dd{color:#a40e26;font-weight:600}
.licence.expiring dd{color:#7d4e00;font-weight:600}
.list{margin:0;padding:0;list-style:none}
.list li{padding:6px 0;border-bottom:1px solid #eaeef2}
.list li:last-child{border-bottom:0}
.score{font-size:20px;font-weight:700;font-variant-numeric:tabular-nums}
.counts{display:flex;gap:16px;flex-wrap:wrap;margin:0;padding:0;list-style:none}
.badge{display:inline-block;border-radius:6px;padding:0 8px;font-size:14px;font-weight:600;background:#eaeef2;color:#1f2328}
.badge.pass,.badge.valid,.badge.excellent,.badge.good{background:#dafbe1;color:#116329}
.badge.fail,.badge.none{background:#ffebe9;color:#a40e26}
.badge.suspicious,.badge.fair{background:#fff8c5;color:#7d4e00}
.button{display:inline-block;padding:10px 16px;border-radius:999px;background:#0969da;color:#fff;text-decoration:none;font-weight:600}
small{color:#59636e;font-size:13px}
.nb{white-space:nowrap}
footer{text-align:center;color:#59636e;font-size:13px;padding:0 16px 24px}
</style>
</head>
<body data-grade="${valid && grade.grade ? grade.grade : "none"}" data-colour="${colourKey}" data-state="${view.state}">
<header>
${valid ? `<p class="name">${e(m.name)}</p>` : ""}
<div class="top"><h1 id="grade">${face(faceKind, colours.fg, colours.bg)}<span>${e(heading)}</span></h1><a class="lang" href="${e(otherLocaleUrl)}" hreflang="${other}" lang="${other}">${e(t.switchTo)}</a></div>
<p class="advice">${e(advice)}</p>
</header>
<main>
${body}
</main>
<footer>${e(t.computedAt)} ${e(beijing(grade?.asOf ?? view.verification.at, t))} · ${e(t.signed)} · Shian 食安</footer>
</body>
</html>`;
}
