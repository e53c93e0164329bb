import { labelOf, lookupRegion } from "@shian/schemas";
import type { ScanResult } from "../services/scan";
import { escapeHtml as e, type PageLocale } from "./html";
import { SCAN_STRINGS } from "./scan-strings";

const COLOURS = { valid: "#1a7f37", invalid: "#6e7781", suspended: "#bf8700", recalled: "#cf222e", revoked: "#cf222e" } as const;

function label(enumName: string, value: string | undefined, locale: PageLocale): string {
  return value === undefined ? "" : (labelOf(enumName, value, locale) ?? value);
}

const row = (name: string, value: string) => (value ? `<div class="row"><dt>${e(name)}</dt><dd>${e(value)}</dd></div>` : "");

/** The scan page: one clear state first, then the evidence; mobile-first, no scripts. */
export function renderScanPage(result: ScanResult, locale: PageLocale, otherLocaleUrl: string): string {
  const t = SCAN_STRINGS[locale];
  const state = t.states[result.state];
  const claims = result.verification.voucher?.claims;
  const batch = result.batch;
  const region = batch?.originRegion ?? claims?.originRegion;
  const origin = region ? (lookupRegion(region)?.path.join(" ") ?? region) : "";
  const product = batch ? `${batch.product.name} · ${label("ProductCategory", batch.product.category, locale)}` : label("ProductCategory", claims?.productCategory, locale);
  const quantity = claims?.netWeightGrams !== undefined ? `${(claims.netWeightGrams / 1000).toLocaleString(locale)} kg` : batch ? `${batch.quantity} ${label("QuantityUnit", batch.unit, locale)}` : "";
  const tests = result.tests
    .map((test) => `<li class="test ${e(test.outcome)}">${e(label("RapidTestItem", test.item, locale))}: <strong>${e(label("RapidTestOutcome", test.outcome, locale))}</strong> <time>${e(test.testedAt.slice(0, 10))}</time></li>`)
    .join("");
  const reason = result.state === "invalid" ? row(t.reason, result.verification.error?.code ?? "") : result.recall ? row(t.recallReason, label("RecallReason", result.recall.reason, locale)) : batch?.statusReason && result.state !== "valid" ? row(t.reason, batch.statusReason) : "";
  const checks = result.verification.checks.map((check) => `<li>${check.ok ? "✓" : "✗"} ${e(check.check)}</li>`).join("");
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(state.heading)} · ${e(t.title)}</title>
<style>
  :root { --state: ${COLOURS[result.state]}; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif; color: #1f2328; background: #f6f8fa; }
  header { background: var(--state); color: #fff; padding: 20px 16px; }
  header h1 { margin: 0; font-size: 28px; }
  header p { margin: 6px 0 0; font-size: 16px; }
  main { padding: 12px 16px 32px; max-width: 560px; margin: 0 auto; }
  section { background: #fff; border-radius: 12px; padding: 12px 16px; margin: 12px 0; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  h2 { font-size: 17px; margin: 0 0 8px; }
  dl { margin: 0; } .row { display: flex; gap: 12px; padding: 6px 0; border-bottom: 1px solid #eaeef2; }
  .row:last-child { border-bottom: 0; } dt { color: #59636e; min-width: 5.5em; } dd { margin: 0; word-break: break-all; }
  ul { margin: 0; padding-left: 1.2em; } .test.fail strong { color: #cf222e; } .test.pass strong { color: #1a7f37; }
  nav { text-align: right; } nav a { color: #fff; font-size: 14px; }
  small { color: #59636e; }
</style>
</head>
<body>
<header data-state="${result.state}">
  <nav><a href="${e(otherLocaleUrl)}" hreflang="${locale === "en" ? "zh-CN" : "en"}">${e(t.switchTo)}</a></nav>
  <h1 id="state">${e(state.heading)}</h1>
  <p>${e(state.advice)}</p>
</header>
<main>
  <section>
    <dl>
      ${row(t.product, product)}
      ${row(t.origin, origin)}
      ${row(t.quantity, quantity)}
      ${row(t.issuer, result.issuer?.name ?? "")}
      ${row(t.issuedAt, claims?.issuedAt?.replace("T", " ").replace("Z", " UTC") ?? "")}
      ${row(t.code, result.verification.voucher?.printedCode ?? "")}
      ${reason}
    </dl>
  </section>
  <section><h2>${e(t.tests)}</h2>${tests ? `<ul>${tests}</ul>` : `<small>${e(t.noTests)}</small>`}</section>
  ${result.upstream.length ? `<section><h2>${e(t.upstream)}</h2><ul>${result.upstream.map((up) => `<li>${e(up.code)} · ${e(up.product.name)}</li>`).join("")}</ul></section>` : ""}
  <section><h2>${e(t.checks)}</h2><ul>${checks}</ul></section>
</main>
</body>
</html>`;
}
