/** The result card: built with DOM calls (text only, never markup from a voucher or the API). */
import { labelOf, lookupRegion } from "@shian/schemas";
import type { VerificationResult } from "@shian/sdk";
import { beijing, type Locale, type ScanState, type Strings } from "./i18n";

/** The parts of the API's scan JSON (GET /v/{digits}, Accept: application/json) shown here. */
export interface ScanDetails {
  state: ScanState;
  issuer?: { name: string; role: string };
  batch?: { code: string; product: { name: string; category: string }; originRegion: string; quantity: number; unit: string; status: string; statusReason: string | null };
  upstream?: Array<{ code: string; status: string; product: { name: string; category: string }; originRegion: string }>;
  tests?: Array<{ batchCode: string; item: string; outcome: string; testedAt: string }>;
  recall?: { batchCode: string; reason: string; level: string; note: string | null; createdAt: string };
}

export type DetailsState = "none" | "loading" | "offline" | "failed" | "done";

export interface ScanView {
  text: string;
  /** The offline verification; undefined when this device holds no trust data. */
  result?: VerificationResult;
  details?: ScanDetails;
  detailsState: DetailsState;
}

/** The state a verification result stands for. */
export function offlineState(result: VerificationResult): ScanState {
  if (result.valid) return "valid";
  const code = result.error?.code;
  return code === "suspended" || code === "recalled" || code === "revoked" ? code : "invalid";
}

/** The headline: the server's live state when it answered, else the offline verification's. */
export function headlineState(view: ScanView): ScanState | "unverified" {
  if (view.details) return view.details.state;
  return view.result ? offlineState(view.result) : "unverified";
}

const label = (enumName: string, value: unknown, locale: Locale) => (typeof value === "string" ? (labelOf(enumName, value, locale) ?? value) : "");

function regionName(code: string | undefined, locale: Locale): string {
  if (!code) return "";
  const path = lookupRegion(code)?.path;
  return path ? `${path.join(locale === "en" ? " " : "")} (${code})` : code;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: { class?: string; text?: string } = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (attrs.class) node.className = attrs.class;
  if (attrs.text !== undefined) node.textContent = attrs.text;
  node.append(...children);
  return node;
}

function row(list: HTMLElement, name: string, value: string, cls = "row"): void {
  if (value) list.append(el("div", { class: cls }, el("dt", { text: name }), el("dd", { text: value })));
}

function badge(value: string, text: string): HTMLElement {
  return el("span", { class: `badge ${value.replace(/[^a-z-]/g, "")}`, text });
}

function quantity(result: VerificationResult | undefined, details: ScanDetails | undefined, t: Strings, locale: Locale): string {
  const claims = result?.voucher?.claims;
  const grams = claims?.netWeightGrams;
  if (grams !== undefined) return grams >= 1000 ? `${(grams / 1000).toLocaleString(locale, { maximumFractionDigits: 3 })} ${t.kg}` : `${grams} ${t.g}`;
  if (claims?.quantity !== undefined) return `${claims.quantity} ${t.pieces}`;
  const batch = details?.batch;
  return batch ? `${batch.quantity.toLocaleString(locale)} ${label("QuantityUnit", batch.unit, locale)}` : "";
}

/** Fills the result section for `view`. */
export function renderResult(section: HTMLElement, view: ScanView, t: Strings, locale: Locale): void {
  const state = headlineState(view);
  const { result, details } = view;
  // A suspended, recalled or revoked voucher passed every other check: its claims are shown.
  const claims = result && offlineState(result) !== "invalid" ? result.voucher?.claims : undefined;
  const showFacts = claims !== undefined || (!result && details !== undefined && details.state !== "invalid");
  section.replaceChildren();
  section.dataset.state = state;

  const heading = state === "unverified" ? { heading: t.trustNone, advice: "" } : t.states[state];
  const icon = { valid: "✓", invalid: "?", suspended: "!", recalled: "!", revoked: "✕", unverified: "…" }[state];
  const h2 = el("h2", { text: heading.heading });
  h2.id = "state";
  section.append(el("div", { class: "state-head" }, el("span", { class: "icon", text: icon }), h2));
  if (heading.advice) section.append(el("p", { class: "advice", text: heading.advice }));
  if (result && result.trust.source === "bundle") section.append(el("p", { class: "method", text: t.verifiedOffline(result.trust.version) }));

  // Why it is not valid: the verifier's reason, or the server's live status when that is worse.
  // (A status change the server explains below in its recall or live status needs no second box.)
  if (result && !result.valid && (offlineState(result) === "invalid" || !details)) {
    const code = result.error?.code ?? "";
    const reason = el("section", { class: "alert" }, el("h3", { text: t.reason }), el("p", { text: t.errors[code] ?? result.error?.message ?? "" }), el("p", {}, el("small", { text: code })));
    section.append(reason);
  }
  if (details && (!result || details.state !== offlineState(result))) {
    section.append(el("section", { class: "alert live" }, el("h3", { text: t.liveStatus }), el("p", {}, badge(details.state, t.states[details.state].heading))));
  }
  if (details?.recall) {
    const r = details.recall;
    const recall = el("section", { class: "alert" }, el("h3", { text: t.recallReason }));
    recall.append(el("p", {}, el("strong", { text: label("RecallReason", r.reason, locale) }), ` · ${label("RecallLevel", r.level, locale)}`));
    if (r.note) recall.append(el("p", { text: r.note }));
    recall.append(el("p", {}, el("small", { text: `${beijing(r.createdAt, t)} · ${t.batch} ${r.batchCode}` })));
    section.append(recall);
  }

  if (showFacts) {
    const facts = el("dl", { class: "facts" });
    const batch = details?.batch;
    row(facts, t.product, batch ? `${batch.product.name} · ${label("ProductCategory", batch.product.category, locale)}` : label("ProductCategory", claims?.productCategory, locale));
    row(facts, t.origin, regionName(claims?.originRegion ?? batch?.originRegion, locale));
    row(facts, t.quantity, quantity(result, details, t, locale));
    const issuer = result?.issuer ?? details?.issuer;
    row(facts, t.issuer, issuer ? issuer.name : "");
    row(facts, t.issuedAt, beijing(claims?.issuedAt, t));
    row(facts, t.type, label("VoucherType", claims?.type, locale));
    row(facts, t.code, result?.voucher?.printedCode ?? "", "row code");
    row(facts, t.batch, claims?.batchCode ?? batch?.code ?? "");
    if (result?.status === "unchecked") row(facts, t.checkNames.status, t.noStatusList);
    section.append(el("section", { class: "card" }, facts));
  }

  // Online details: rapid tests and upstream batches.
  if (view.detailsState === "loading") section.append(el("p", { class: "muted details-state", text: t.detailsLoading }));
  if (view.detailsState === "offline") section.append(el("p", { class: "muted details-state", text: t.detailsOffline }));
  if (view.detailsState === "failed") section.append(el("p", { class: "muted details-state", text: t.detailsFailed }));
  if (details && state !== "invalid") {
    const tests = el("section", { class: "card details" }, el("h3", { text: t.tests }));
    if (details.tests?.length) {
      const list = el("ul", { class: "list" });
      for (const test of details.tests) {
        list.append(el("li", {}, badge(test.outcome, label("RapidTestOutcome", test.outcome, locale)), ` ${label("RapidTestItem", test.item, locale)}`, el("br"), el("small", { text: `${beijing(test.testedAt, t)} · ${t.batch} ${test.batchCode}` })));
      }
      tests.append(list);
    } else tests.append(el("p", {}, el("small", { text: t.noTests })));
    section.append(tests);
    if (details.upstream?.length) {
      const list = el("ol", { class: "list" });
      for (const up of details.upstream) {
        const status = up.status !== "valid" ? [" ", badge(up.status, t.states[up.status as ScanState]?.heading ?? up.status)] : [];
        list.append(el("li", {}, el("span", { class: "mono", text: up.code }), ...status, el("br"), el("small", { text: `${up.product.name} · ${label("ProductCategory", up.product.category, locale)} · ${regionName(up.originRegion, locale)}` })));
      }
      section.append(el("section", { class: "card details" }, el("h3", { text: t.upstream }), list));
    }
  }

  if (result) {
    const checks = el("details", { class: "checks" }, el("summary", { text: t.checks }));
    const list = el("ul", { class: "list" });
    for (const check of result.checks) {
      list.append(el("li", { class: check.ok ? "ok" : "fail" }, el("span", { text: check.ok ? "✓" : "✕" }), ` ${t.checkNames[check.check] ?? check.check}`, el("br"), el("small", { text: check.detail })));
    }
    checks.append(list);
    section.append(checks);
  }
}
