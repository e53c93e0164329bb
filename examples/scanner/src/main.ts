/**
 * The scanner page: camera (or a pasted URL, or an image file) → QR text → offline
 * verification against the cached trust data → the result in zh-CN or en, then the details
 * from the API when online.
 */
import type { VerificationResult } from "@shian/sdk";
import "./styles.css";
import { Camera } from "./camera";
import { decodeImageFile, isVoucherUrl } from "./decode";
import { defaultLocale, type Locale, localeOfTag, STRINGS, type Strings } from "./i18n";
import { headlineState, offlineState, renderResult, type ScanDetails, type ScanView } from "./render";
import { apiSource, snapshotSource, type TrustSummary, TrustStore } from "./trust";

const LANG_KEY = "shian-scanner:lang";
const REFRESH_EVERY_MS = 10 * 60_000;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content.trim() || undefined;

/** The API: the page's `shian-api` meta tag (static builds), else the origin that served the page. */
const api = (meta("shian-api") ?? location.origin).replace(/\/+$/, "");
/** A static build with `--snapshot` ships its trust data beside the page; otherwise the API's routes. */
const snapshot = meta("shian-trust-snapshot");
/** Details come from the API; a snapshot build without --api has none to ask. */
const detailsApi = snapshot && !meta("shian-api") ? undefined : api;
const anchorsMeta = meta("shian-trust-anchors");
const pinnedAnchors = anchorsMeta ? ((JSON.parse(anchorsMeta) as { keys: unknown[] }).keys ?? undefined) : undefined;

const storage = (() => {
  try {
    localStorage.setItem("shian-scanner:probe", "1");
    localStorage.removeItem("shian-scanner:probe");
    return localStorage;
  } catch {
    const memory = new Map<string, string>(); // private mode without storage: this visit only
    return { getItem: (k: string) => memory.get(k) ?? null, setItem: (k: string, v: string) => void memory.set(k, v), removeItem: (k: string) => void memory.delete(k) };
  }
})();

const trust = new TrustStore(snapshot ? snapshotSource(new URL(snapshot, location.href).href) : apiSource(api), storage, pinnedAnchors);
const camera = new Camera($<HTMLVideoElement>("video"));
const canvas = document.createElement("canvas");

let locale: Locale = localeOfTag(new URLSearchParams(location.search).get("lang")) ?? localeOfTag(storage.getItem(LANG_KEY)) ?? defaultLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
let t: Strings = STRINGS[locale];
let view: ScanView | undefined;
let message: { key: keyof Strings; kind: "info" | "error" } | undefined;
let refreshing = false;
let scanSeq = 0;

function renderStatic(): void {
  document.documentElement.lang = locale;
  document.title = view ? `${headlineLabel()} · ${t.title}` : t.title;
  for (const node of document.querySelectorAll<HTMLElement>("[data-t]")) {
    const value = t[node.dataset.t as keyof Strings];
    if (typeof value === "string") node.textContent = value;
  }
  $<HTMLInputElement>("paste").placeholder = t.pastePlaceholder;
  $("lang").textContent = t.switchTo;
  $("scan").textContent = camera.running ? t.stop : t.start;
  $("viewfinder").hidden = !camera.running;
  const online = navigator.onLine;
  $("net").textContent = online ? t.online : t.offline;
  $("net").dataset.online = String(online);
  document.body.dataset.online = String(online);
  const msg = $("message");
  msg.textContent = message ? String(t[message.key]) : "";
  msg.dataset.kind = message?.kind ?? "";
  renderTrust(trust.summary());
}

function headlineLabel(): string {
  const state = view ? headlineState(view) : undefined;
  return state && state !== "unverified" ? t.states[state].heading : t.title;
}

function renderTrust(summary: TrustSummary): void {
  const text = $("trust-text");
  const parts: string[] = [];
  if (summary.bundleVersion !== undefined) parts.push(t.trustSummary(summary.bundleVersion, summary.statusLists, summary.refreshedAt ? new Date(summary.refreshedAt).toLocaleString(locale, { dateStyle: "short", timeStyle: "short" }) : "—"));
  if (summary.problem === "stale") parts.push(t.trustExpired);
  else if (summary.problem === "untrusted") parts.push(t.trustUntrusted);
  else if (summary.bundleVersion === undefined) parts.push(t.trustNone);
  if (refreshing) parts.push(t.trustRefreshing);
  else if (summary.refreshFailed && navigator.onLine) parts.push(t.trustRefreshFailed);
  text.textContent = parts.join(" · ");
  const footer = $("trust");
  footer.dataset.ready = String(trust.ready);
  if (summary.bundleVersion !== undefined) footer.dataset.bundleVersion = String(summary.bundleVersion);
  footer.dataset.statusLists = String(summary.statusLists);
}

function renderView(): void {
  const section = $("result");
  section.hidden = !view;
  if (view) renderResult(section, view, t, locale);
  document.body.dataset.state = view ? headlineState(view) : "idle";
  document.body.dataset.scans = String(scanSeq);
  document.body.dataset.details = view?.detailsState ?? "none";
  renderStatic();
}

function setMessage(key: keyof Strings | undefined, kind: "info" | "error" = "info"): void {
  message = key ? { key, kind } : undefined;
  renderStatic();
}

/** Fetches the newer trust data when online; the cached copy stays in use on any failure. */
async function refreshTrust(): Promise<void> {
  if (refreshing || !navigator.onLine) return;
  refreshing = true;
  renderStatic();
  try {
    await trust.refresh();
  } catch (error) {
    console.warn("trust refresh failed", error);
  } finally {
    refreshing = false;
    renderStatic();
  }
}

async function fetchDetails(text: string): Promise<ScanDetails> {
  const digits = /\/v\/([0-9]+)$/.exec(text.trim())?.[1];
  if (!digits) throw new Error("not a voucher URL");
  const response = await fetch(`${detailsApi}/v/${digits}`, { headers: { accept: "application/json" }, cache: "no-store" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as ScanDetails;
}

/** Verifies one scanned or typed voucher: offline first, then the details when online. */
async function show(text: string): Promise<void> {
  const seq = ++scanSeq;
  text = text.trim();
  let result: VerificationResult | undefined = await trust.verify(text);
  // A key or bundle newer than the cached copy: refresh once and verify again.
  if (navigator.onLine && (!result || result.error?.code === "unknown-key" || result.error?.code === "stale-bundle")) {
    await refreshTrust();
    result = await trust.verify(text);
  }
  if (seq !== scanSeq) return;
  view = { text, ...(result ? { result } : {}), detailsState: !detailsApi ? "none" : navigator.onLine ? "loading" : "offline" };
  renderView();
  if (!navigator.onLine || !detailsApi) return;
  try {
    const details = await fetchDetails(text);
    if (seq !== scanSeq) return;
    view = { ...view, details, detailsState: "done" };
    // The server knows of a status change the cached lists do not: update them.
    if (result && details.state !== offlineState(result)) void refreshTrust();
  } catch (error) {
    console.warn("details failed", error);
    if (seq !== scanSeq) return;
    view = { ...view, detailsState: navigator.onLine ? "failed" : "offline" };
  }
  renderView();
}

async function onDecoded(text: string): Promise<boolean> {
  if (!isVoucherUrl(text)) {
    setMessage("notVoucher", "error");
    return false;
  }
  setMessage(undefined);
  await show(text);
  return true;
}

async function toggleCamera(): Promise<void> {
  if (camera.running) {
    camera.stop();
    setMessage(undefined);
    return;
  }
  if (!Camera.supported) return setMessage("noCamera", "error");
  try {
    setMessage("scanning");
    await camera.start(async (text) => {
      if (!isVoucherUrl(text)) {
        setMessage("notVoucher", "error");
        return false;
      }
      camera.stop();
      setMessage(undefined);
      await show(text);
      $("result").scrollIntoView({ block: "start" });
      return true;
    });
  } catch (error) {
    console.warn("camera failed", error);
    camera.stop();
    setMessage("cameraFailed", "error");
  }
  renderStatic();
}

$("scan").addEventListener("click", () => void toggleCamera().then(renderStatic));
$("paste-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $<HTMLInputElement>("paste").value;
  if (text.trim()) void onDecoded(text.trim());
});
$<HTMLInputElement>("file").addEventListener("change", async (event) => {
  const input = event.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = "";
  if (!file) return;
  const text = await decodeImageFile(file, canvas).catch(() => undefined);
  if (text) await onDecoded(text);
  else setMessage("noQrInImage", "error");
});
$("lang").addEventListener("click", () => {
  locale = locale === "en" ? "zh-CN" : "en";
  t = STRINGS[locale];
  storage.setItem(LANG_KEY, locale);
  renderView();
});
$("refresh").addEventListener("click", () => void refreshTrust());
$("reset").addEventListener("click", () => {
  trust.reset();
  void refreshTrust();
});
for (const event of ["online", "offline"]) {
  window.addEventListener(event, () => {
    renderStatic();
    if (navigator.onLine) void refreshTrust();
  });
}
setInterval(() => void refreshTrust(), REFRESH_EVERY_MS);

// The app shell for offline use (not from file: pages).
if ("serviceWorker" in navigator && location.protocol !== "file:") {
  navigator.serviceWorker.register("sw.js").catch((error) => console.warn("service worker", error));
}

const ready = (async () => {
  await trust.load();
  renderStatic();
  await refreshTrust();
  if (!Camera.supported) setMessage("noCamera");
  document.body.dataset.ready = "true";
  return trust.summary();
})();
renderView();

/** For automation (tests, the bench) and the console: the same calls the page makes. */
(window as unknown as { shianScanner: unknown }).shianScanner = {
  ready,
  verify: (text: string) => trust.verify(text),
  show,
  summary: () => trust.summary(),
  refresh: refreshTrust,
};
