import { labelOf, lookupRegion } from "@shian/schemas";
import { chinaDay, chinaMinute } from "../lib/china-time";
import type { Dashboard } from "../services/dashboard";
import { escapeHtml as e, type PageLocale, pageHead } from "./html";
import { DASHBOARD_STRINGS, type DashboardStrings } from "./dashboard-strings";
import { barChart } from "./svg-bars";

const GRADE_COLOURS = { A: "#1a7f37", B: "#f0b400", C: "#cf222e", none: "#57606a" } as const;

const STYLE = `<style>
body{margin:0;font:16px/1.5 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;color:#1f2328;background:#f6f8fa}
header{background:#0b3d91;color:#fff;padding:16px}
h1{margin:0;font-size:1.6rem}header p{margin:4px 0 0}header a{color:#fff}
main{padding:12px;max-width:960px;margin:0 auto;display:grid;gap:12px}
section,figure{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px;margin:0;min-width:0}
h2,figcaption{font-size:1.05rem;font-weight:600;margin:0 0 8px}
dl.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:8px;margin:0}
dl.figures div{background:#f6f8fa;border-radius:6px;padding:8px}dt{font-size:.85rem;color:#57606a}dd{margin:0;font-size:1.4rem;font-weight:600}
svg text{fill:#1f2328}.empty{color:#57606a;margin:0}
table{width:100%;border-collapse:collapse;font-size:.9rem}th,td{text-align:left;padding:4px;border-top:1px solid #d0d7de;vertical-align:top;overflow-wrap:anywhere}th{overflow-wrap:normal;word-break:keep-all}
@media(min-width:720px){main{grid-template-columns:1fr 1fr}section.wide{grid-column:1/-1}}
</style>`;

const regionLabel = (code: string, name: string | null, t: DashboardStrings) => (code === "unknown" ? t.unknownRegion : (name ?? lookupRegion(code)?.name ?? code));

/** The regulator dashboard: figures, inline SVG bar charts, the latest flags and overdue tasks. */
export function renderDashboardPage(d: Dashboard, locale: PageLocale, otherLanguageHref: string): string {
  const t = DASHBOARD_STRINGS[locale];
  const figure = (id: string, label: string, value: number) => `<div><dt>${e(label)}</dt><dd id="${id}">${value}</dd></div>`;
  const charts = [
    barChart(
      d.rapidTests.byRegion.map((r) => ({ label: regionLabel(r.region, r.name, t), value: r.tests, part: r.failed })),
      { id: "chart-tests-region", title: t.testsByRegion, description: t.testsDescription, empty: t.none, partName: t.failed },
    ),
    barChart(
      d.rapidTests.byItem.map((r) => ({ label: labelOf("RapidTestItem", r.item, locale) ?? r.item, value: r.tests, part: r.failed })),
      { id: "chart-tests-item", title: t.testsByItem, description: t.testsDescription, empty: t.none, partName: t.failed },
    ),
    barChart(
      (["A", "B", "C", "none"] as const).map((g) => ({ label: t.gradeNames[g], value: d.grades[g], colour: GRADE_COLOURS[g] })),
      { id: "chart-grades", title: t.grades, description: t.gradesDescription, empty: t.none },
    ),
    barChart(
      d.scansByRegion.map((r) => ({ label: regionLabel(r.region, r.name, t), value: r.scans })),
      { id: "chart-scans-region", title: t.scansByRegion, description: t.scansDescription, empty: t.none },
    ),
  ];
  const flags = d.flaggedCodes.recent.length
    ? `<table id="flags"><thead><tr><th>${e(t.voucher)}</th><th>${e(t.reason)}</th><th>${e(t.regions)}</th><th>${e(t.lastSeen)}</th></tr></thead><tbody>${d.flaggedCodes.recent
        .map((f) => `<tr><td>${e(f.voucherCode)}</td><td>${e(t.flagReasons[f.reason] ?? f.reason)}</td><td>${e(f.regions.map((r) => regionLabel(r, null, t)).join("、"))}</td><td>${e(chinaMinute(f.lastSeen))}</td></tr>`)
        .join("")}</tbody></table>`
    : `<p class="empty">${e(t.none)}</p>`;
  const tasks = d.overdueTasks.tasks.length
    ? `<table id="overdue"><thead><tr><th>${e(t.task)}</th><th>${e(t.region)}</th><th>${e(t.deadline)}</th><th>${e(t.status)}</th></tr></thead><tbody>${d.overdueTasks.tasks
        .map((task) => `<tr><td>${e(task.title)}</td><td>${e(regionLabel(task.region, null, t))}</td><td>${e(chinaMinute(task.deadline))}</td><td>${e(task.status)}</td></tr>`)
        .join("")}</tbody></table>`
    : `<p class="empty">${e(t.none)}</p>`;
  return `${pageHead({ locale, title: t.title, themeColor: "#0b3d91" })}
${STYLE}
</head>
<body>
<header><h1>${e(t.title)}</h1><p>${e(t.period(d.days, chinaDay(d.since)))} · <a href="${e(otherLanguageHref)}" lang="${locale === "en" ? "zh-CN" : "en"}">${e(t.switchTo)}</a></p></header>
<main>
<section class="wide"><h2>${e(t.summary)}</h2><dl class="figures">${figure("fig-tests", t.tests, d.rapidTests.total.tests)}${figure("fig-failed", t.failed, d.rapidTests.total.failed)}${figure("fig-reports", t.openReports, d.openReports.total)}${figure("fig-overdue", t.overdueTasks, d.overdueTasks.total)}${figure("fig-flags", t.flaggedCodes, d.flaggedCodes.total)}</dl>
<p>${(["received", "investigating"] as const).map((s) => `${e(t.reportStatuses[s])} ${d.openReports.byStatus[s]}`).join(" · ")}</p></section>
${charts.join("\n")}
<section class="wide"><h2>${e(t.flaggedCodes)}</h2>${flags}</section>
<section class="wide"><h2>${e(t.overdueTasks)}</h2>${tasks}</section>
</main>
</body>
</html>`;
}
