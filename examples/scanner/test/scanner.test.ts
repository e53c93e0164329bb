/**
 * The scanner in a real browser (Debian's chromium through playwright-core) at a phone size,
 * with a fake camera that films a rendered voucher QR (a Y4M file of the SDK's PNG). The API
 * runs in this process on 127.0.0.1 and serves the scanner at /scanner/.
 *
 * 1. Online, zh-CN from the browser's language: the camera scan is verified offline against
 *    the trust data the page just fetched, then the details (tests, upstream) arrive; the
 *    language switch shows the same in English. Then offline: scanned again, still verified.
 * 2. The static build with a trust snapshot, on its own origin (no API calls): verified.
 * 3. A new browser process on the same profile, offline from the start and the API stopped:
 *    the service worker opens the page, a recalled voucher on camera shows as recalled from
 *    the cached status list; a pasted suspended and a tampered URL and a picked image too.
 *
 * Screenshots go to examples/scanner/test-output/ for people to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, type ServerType } from "@hono/node-server";
import { encodeQr, toPng } from "@shian/sdk";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, enzymeTest, type Harness, vegetableBatch } from "../../../packages/api/test/harness";
import { buildScanner } from "../build";
import { CHROMIUM, CHROMIUM_ARGS, chromium, fakeCameraArgs, launchChromium } from "../chromium";
import { pngToY4m } from "./y4m";

const OUT = fileURLToPath(new URL("../test-output/", import.meta.url));
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

let h: Harness;
let server: ServerType;
let base = "";
let work = "";
let profile = "";
const urls = { valid: "", recalled: "", suspended: "", tampered: "" };
const files = { validVideo: "", recalledVideo: "", validPng: "" };
let printedValid = "";
const external: string[] = [];

/** The voucher's QR as the SDK renders it for labels, as PNG bytes sized to fit a 640×480 frame. */
function qrPng(url: string, fit = 440): Uint8Array {
  const qr = encodeQr(url, { ecc: "M" });
  const scale = Math.max(2, Math.floor(fit / (qr.size + 8)));
  return toPng(qr, { scale, margin: 4 });
}

/** A browser process on the shared profile whose camera films `video`. */
async function launch(video: string, locale: string): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...fakeCameraArgs(video)],
    locale,
    ...PHONE,
  });
  await context.grantPermissions(["camera"], { origin: base });
  context.on("request", (request) => {
    if (!request.url().startsWith(base) && !/^(data|blob):/.test(request.url())) external.push(request.url());
  });
  return context;
}

const pageOf = async (context: BrowserContext) => context.pages()[0] ?? (await context.newPage());
const scans = (page: Page) => page.evaluate(() => Number(document.body.dataset.scans ?? 0));
const resultText = (page: Page) => page.locator("#result").innerText();

/** Waits for the scan after `before` to settle (details fetched, or known to be unavailable). */
async function settled(page: Page, before: number): Promise<void> {
  await page.waitForFunction((n) => Number(document.body.dataset.scans) > n && document.body.dataset.details !== "loading", before, { timeout: 20_000 });
}

async function scanWithCamera(page: Page): Promise<void> {
  const before = await scans(page);
  await page.locator("#scan").click();
  await settled(page, before);
  // The camera stops once a voucher is read.
  await expect.poll(() => page.locator("#viewfinder").isHidden()).toBe(true);
}

async function paste(page: Page, url: string): Promise<void> {
  const before = await scans(page);
  await page.locator("#paste").fill(url);
  await page.locator("#paste-form button[type=submit]").click();
  await settled(page, before);
}

async function expectHeading(page: Page, state: string, heading: string, shot: string): Promise<void> {
  expect(await page.locator("body").getAttribute("data-state")).toBe(state);
  expect(await page.locator("#state").innerText()).toBe(heading);
  const layout = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
  await page.screenshot({ path: `${OUT}${shot}.png`, fullPage: true });
}

describe.skipIf(!process.env.CI && !existsSync(CHROMIUM))("scanner web app in chromium with a fake camera", () => {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    work = mkdtempSync(join(tmpdir(), "shian-scanner-test-"));
    profile = join(work, "profile");
    // This test's own build of the current sources; the API serves it from here.
    const built = await buildScanner({ outDir: join(work, "dist") });
    process.env.SHIAN_SCANNER_DIR = built.outDir;

    server = serve({ fetch: (request) => h.app.fetch(request), port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((resolve, reject) => (server.listening ? resolve() : server.once("listening", resolve).once("error", reject)));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    h = await createHarness({ publicUrl: base });

    const post = async (path: string, key: string, json: unknown) => {
      const response = await h.call("POST", path, { key, json });
      expect(response.status, `${path}: ${response.text}`).toBe(201);
      return response.body;
    };
    const market = await h.org("wholesale-market", { name: "华宁县蔬菜批发市场" });
    const seller = await h.org("wholesaler", { name: "华宁绿源蔬菜批发有限公司", marketId: market.id });
    const stall = await h.org("stall", { name: "A17 号蔬菜摊", marketId: market.id });
    const lab = await h.org("regulator", { name: "华宁县市场监督管理局" });

    // Valid: batch → rapid test pass → sale to the stall → stall batch → retail voucher.
    const root = await post("/v1/batches", seller.key, vegetableBatch(100_000));
    await post(`/v1/batches/${root.code}/rapid-tests`, lab.key, enzymeTest(12));
    const sale = await post("/v1/vouchers", seller.key, { batchCode: root.code, netWeightGrams: 60_000, buyerOrgId: stall.id });
    const stallBatch = await post("/v1/batches", stall.key, { ...vegetableBatch(60_000), sourceVoucherCode: sale.code });
    urls.valid = (await post("/v1/vouchers", stall.key, { batchCode: stallBatch.code, netWeightGrams: 1_250 })).url;
    // Recalled after it was sold; suspended by a failed rapid test.
    const bad = await post("/v1/batches", seller.key, { product: { name: "小白菜", category: "vegetable" }, originRegion: "440607", quantity: 50_000, unit: "gram" });
    urls.recalled = (await post("/v1/vouchers", seller.key, { batchCode: bad.code, netWeightGrams: 800 })).url;
    await post(`/v1/batches/${bad.code}/rapid-tests`, lab.key, enzymeTest(75));
    await post(`/v1/batches/${bad.code}/recall`, market.key, { reason: "test-failed", level: "level-2", note: "有机磷类农药残留超标" });
    const held = await post("/v1/batches", seller.key, { product: { name: "生菜", category: "vegetable" }, originRegion: "530424", quantity: 20_000, unit: "gram" });
    urls.suspended = (await post("/v1/vouchers", seller.key, { batchCode: held.code, netWeightGrams: 500 })).url;
    await post(`/v1/batches/${held.code}/rapid-tests`, lab.key, enzymeTest(80));
    // Tampered: one digit of the signature changed.
    const i = urls.valid.length - 6;
    urls.tampered = urls.valid.slice(0, i) + ((Number(urls.valid[i]) + 1) % 10) + urls.valid.slice(i + 1);

    const scan = await h.call("GET", urls.valid.slice(base.length), { headers: { accept: "application/json" } });
    expect(scan.body.state).toBe("valid");
    printedValid = scan.body.verification.voucher.printedCode;

    // The fake camera's films and an image for the file picker.
    files.validPng = join(work, "valid.png");
    writeFileSync(files.validPng, qrPng(urls.valid, 900));
    files.validVideo = join(work, "valid.y4m");
    writeFileSync(files.validVideo, pngToY4m(qrPng(urls.valid)));
    files.recalledVideo = join(work, "recalled.y4m");
    writeFileSync(files.recalledVideo, pngToY4m(qrPng(urls.recalled)));
  }, 60_000);

  afterAll(async () => {
    if (server?.listening) await new Promise((resolve) => server.close(resolve));
    h?.close();
    delete process.env.SHIAN_SCANNER_DIR;
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("serves the app with its content types, cache headers and a CSP", async () => {
    const page = await fetch(`${base}/scanner/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("cache-control")).toBe("no-cache");
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline scripts
    const script = /src="(scanner-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${base}/scanner/${script}`);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toContain("immutable");
    const again = await fetch(`${base}/scanner/${script}`, { headers: { "if-none-match": js.headers.get("etag")! } });
    expect(again.status).toBe(304);
    expect((await fetch(`${base}/scanner`, { redirect: "manual" })).headers.get("location")).toBe("/scanner/");
    expect((await fetch(`${base}/scanner/nope.js`)).status).toBe(404);
    expect((await fetch(`${base}/scanner/..%2Fpackage.json`)).status).toBe(404);
  });

  it("online, zh-CN: the camera scan verifies offline, details follow; English; then offline it verifies again", async () => {
    const context = await launch(files.validVideo, "zh-CN");
    try {
      await context.setOffline(false);
      const page = await pageOf(context);
      await page.goto(`${base}/scanner/`);
      expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
      const summary = await page.evaluate(() => (window as any).shianScanner.ready);
      expect(summary.bundleVersion).toBeGreaterThan(0);
      expect(summary.statusLists).toBeGreaterThan(0);
      // The service worker holds the app shell before we go offline.
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));

      await scanWithCamera(page);
      await expectHeading(page, "valid", "凭证有效", "camera-valid-zh-390");
      const zh = await resultText(page);
      for (const field of ["本机离线核验", "菜心 · 蔬菜", "云南省玉溪市华宁县 (530424)", "1.25 千克", "A17 号蔬菜摊", printedValid, "北京时间", "快检结果", "合格", "上游批次"]) expect(zh).toContain(field);

      await page.locator("#lang").click();
      expect(await page.locator("html").getAttribute("lang")).toBe("en");
      await expectHeading(page, "valid", "Valid voucher", "camera-valid-en-390");
      const en = await resultText(page);
      for (const field of ["Verified offline on this device", "Vegetables", "1.25 kg", "Beijing time", "Rapid tests", "Pass", "Upstream batches"]) expect(en).toContain(field);

      await context.setOffline(true);
      await expect.poll(() => page.locator("#net").innerText()).toBe("Offline");
      await scanWithCamera(page);
      await expectHeading(page, "valid", "Valid voucher", "camera-valid-en-offline-390");
      const offline = await resultText(page);
      expect(offline).toContain("Verified offline on this device");
      expect(offline).toContain("Offline: details (batch, rapid tests, upstream) need a connection");
      expect(offline).toContain(printedValid);
      expect(offline).not.toContain("Upstream batches");
    } finally {
      await context.close();
    }
  });

  it("a static build with a trust snapshot verifies on its own origin without asking the API", async () => {
    const dir = join(work, "static");
    const built = await buildScanner({ outDir: dir, snapshot: base });
    expect(built.files.map((file) => file.name)).toContain("trust.json");
    const types: Record<string, string> = { html: "text/html", js: "text/javascript", css: "text/css", json: "application/json", svg: "image/svg+xml", webmanifest: "application/manifest+json" };
    // Any static file server: this one serves the folder and nothing else.
    const host = createServer((request, response) => {
      const name = new URL(request.url ?? "/", "http://x").pathname.slice(1) || "index.html";
      const file = /^[\w.-]+$/.test(name) ? join(dir, name) : "";
      if (!file || !existsSync(file)) return void response.writeHead(404).end();
      response.writeHead(200, { "content-type": types[name.split(".").pop()!] ?? "application/octet-stream" }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ ...PHONE, locale: "en-US" });
      const requests: string[] = [];
      context.on("request", (request) => requests.push(request.url()));
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      const summary = await page.evaluate(() => (window as any).shianScanner.ready);
      expect(summary.bundleVersion).toBeGreaterThan(0);
      await paste(page, urls.recalled);
      await expectHeading(page, "recalled", "Recalled", "static-snapshot-recalled-en-390");
      await paste(page, urls.valid);
      await expectHeading(page, "valid", "Valid voucher", "static-snapshot-valid-en-390");
      expect(await page.evaluate(() => document.body.dataset.details)).toBe("none");
      expect(requests.filter((url) => !url.startsWith(origin))).toEqual([]);
      await context.close();
    } finally {
      await browser.close();
      await new Promise((resolve) => host.close(resolve));
    }
  });

  it("a new browser, offline from the start and the API stopped: recalled from the cached status list; pasted and picked vouchers too", async () => {
    // Nothing answers any more: the page and the trust data can only come from this device.
    (server as Server).closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    const context = await launch(files.recalledVideo, "zh-CN");
    try {
      await context.setOffline(true);
      const page = await pageOf(context);
      await page.goto(`${base}/scanner/`);
      const summary = await page.evaluate(() => (window as any).shianScanner.ready);
      expect(summary.bundleVersion).toBeGreaterThan(0);
      // The language chosen in the last visit.
      expect(await page.locator("html").getAttribute("lang")).toBe("en");

      await scanWithCamera(page);
      await expectHeading(page, "recalled", "Recalled", "camera-recalled-en-offline-390");
      const en = await resultText(page);
      for (const field of ["Verified offline on this device", "The voucher's batch has been recalled", "800 g", "Offline: details"]) expect(en).toContain(field);
      expect(await page.locator(".checks li.fail").textContent()).toContain("Status");

      await page.locator("#lang").click();
      await expectHeading(page, "recalled", "已召回", "camera-recalled-zh-offline-390");
      const zh = await resultText(page);
      for (const field of ["本机离线核验", "该批次已被召回", "广东省佛山市三水区 (440607)", "800 克", "离线：详细信息"]) expect(zh).toContain(field);

      await paste(page, urls.suspended);
      await expectHeading(page, "suspended", "暂停销售", "paste-suspended-zh-offline-390");
      expect(await resultText(page)).toContain("该批次暂停销售");

      await paste(page, urls.tampered);
      await expectHeading(page, "invalid", "凭证无效", "paste-tampered-zh-offline-390");
      expect(await resultText(page)).toContain("签名不符");
      expect(await resultText(page)).not.toContain("菜心");

      const before = await scans(page);
      await page.locator("#file").setInputFiles(files.validPng);
      await settled(page, before);
      await expectHeading(page, "valid", "凭证有效", "image-valid-zh-offline-390");
      expect(await resultText(page)).toContain(printedValid);
    } finally {
      await context.close();
    }
  });

  it("loaded nothing from anywhere else", () => {
    expect(external).toEqual([]);
  });
});
