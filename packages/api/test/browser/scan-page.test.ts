/**
 * The public scan page in a real browser (Debian's chromium through playwright-core) at phone
 * sizes: state heading and colour, key fields, both languages, no horizontal scroll, no
 * external requests. Screenshots go to packages/api/test-output/ for people to look at.
 */
import type { ServerType } from "@hono/node-server";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserMissing, expectPhoneLayout, headingAndLargestOther, launchChromium, openPhonePage, serveOnLoopback, SMALL_PHONE } from "./page-browser";
import { createHarness, enzymeTest, type Harness, vegetableBatch } from "../harness";

const GREEN = "rgb(26, 127, 55)";
const GREY = "rgb(87, 96, 106)";
const AMBER = "rgb(240, 180, 0)";
const RED = "rgb(207, 34, 46)";

let h: Harness;
let server: ServerType;
let browser: Browser;
let base = "";
const urls = { valid: "", recalled: "", suspended: "", invalid: "" };
let printedValid = "";
let rootBatch = "";
const external: string[] = [];

const open = (url: string, options: BrowserContextOptions & { locale: string }) => openPhonePage(browser, base, external, url, options);

/** State attribute, header colour, heading text; no horizontal scroll; a full-page screenshot. */
async function expectState(page: Page, state: string, colour: string, heading: string, shot: string) {
  await expect.poll(() => page.locator("h1#state").innerText()).toContain(heading);
  expect(await page.locator("body").getAttribute("data-state")).toBe(state);
  expect(await page.locator("header").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(colour);
  // The state heading is the first and the largest text on the page.
  const sizes = await headingAndLargestOther(page, "body *");
  expect(sizes.h1Size).toBeGreaterThan(sizes.maxSize);
  await expectPhoneLayout(page, 40, shot);
}

const text = (page: Page) => page.locator("main").innerText();

describe.skipIf(browserMissing)("scan page in a real browser (chromium, phone viewport)", () => {
  beforeAll(async () => {
    // Listen first: vouchers embed the public URL, so the harness needs the port.
    ({ server, base } = await serveOnLoopback((request) => h.app.fetch(request)));
    h = await createHarness({ publicUrl: base });
    const launching = launchChromium();

    const post = async (path: string, key: string, json: unknown) => {
      const response = await h.call("POST", path, { key, json });
      expect(response.status, `${path}: ${response.text}`).toBe(201);
      return response.body;
    };
    const market = await h.org("wholesale-market", { name: "华宁县蔬菜批发市场" });
    const seller = await h.org("wholesaler", { name: "华宁绿源蔬菜批发有限公司", marketId: market.id });
    const stall = await h.org("stall", { name: "A17 号蔬菜摊", marketId: market.id });
    const lab = await h.org("regulator", { name: "华宁县市场监督管理局" });

    // Valid: batch → rapid test pass → lot → sale to the stall → stall batch → retail voucher.
    const root = await post("/v1/batches", seller.key, vegetableBatch(100_000));
    rootBatch = root.code;
    await post(`/v1/batches/${root.code}/rapid-tests`, lab.key, enzymeTest(12));
    const split = await post(`/v1/batches/${root.code}/split`, seller.key, { children: [{ quantity: 60_000 }, { quantity: 40_000 }] });
    const sale = await post("/v1/vouchers", seller.key, { batchCode: split.children[0].code, netWeightGrams: 60_000, buyerOrgId: stall.id });
    const stallBatch = await post("/v1/batches", stall.key, { ...vegetableBatch(60_000), sourceVoucherCode: sale.code });
    urls.valid = (await post("/v1/vouchers", stall.key, { batchCode: stallBatch.code, netWeightGrams: 1_250 })).url;

    // Recalled: a failed rapid test, then the market recalls the batch.
    const bad = await post("/v1/batches", seller.key, { product: { name: "小白菜", category: "vegetable" }, originRegion: "440607", quantity: 50_000, unit: "gram" });
    urls.recalled = (await post("/v1/vouchers", seller.key, { batchCode: bad.code, netWeightGrams: 800 })).url;
    await post(`/v1/batches/${bad.code}/rapid-tests`, lab.key, enzymeTest(75));
    await post(`/v1/batches/${bad.code}/recall`, market.key, { reason: "test-failed", level: "level-2", note: "有机磷类农药残留超标 <b>" });

    // Suspended (and a product name that must be shown as text, not markup).
    const held = await post("/v1/batches", seller.key, { product: { name: "生菜 <script>alert(1)</script>", category: "vegetable" }, originRegion: "530424", quantity: 20_000, unit: "gram" });
    urls.suspended = (await post("/v1/vouchers", seller.key, { batchCode: held.code, netWeightGrams: 500 })).url;
    await post(`/v1/batches/${held.code}/rapid-tests`, lab.key, enzymeTest(80));

    // Invalid: one digit of the signature changed.
    const i = urls.valid.length - 6;
    urls.invalid = urls.valid.slice(0, i) + ((Number(urls.valid[i]) + 1) % 10) + urls.valid.slice(i + 1);

    const scan = await h.call("GET", urls.valid.slice(base.length), { headers: { accept: "application/json" } });
    expect(scan.body.state).toBe("valid");
    printedValid = scan.body.verification.voucher.printedCode;
    browser = await launching;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    h?.close();
  });

  it("valid voucher in Chinese (Accept-Language zh-CN): green, product, origin, quantity, issuer, code, tests, upstream", async () => {
    const page = await open(urls.valid, { locale: "zh-CN" });
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await expectState(page, "valid", GREEN, "凭证有效", "valid-zh-390");
    const main = await text(page);
    for (const field of ["菜心 · 蔬菜", "云南省玉溪市华宁县 (530424)", "1.25 千克", "A17 号蔬菜摊 · 摊位", printedValid, "北京时间", "合格", rootBatch, "核验项目", "数字签名"]) {
      expect(main).toContain(field);
    }
    expect(await page.locator(".row.code dd").innerText()).toBe(printedValid);
    expect(await page.locator(".checks li.fail").count()).toBe(0);
    await page.context().close();
  });

  it("valid voucher in English, then the switch link goes to Chinese", async () => {
    const page = await open(urls.valid, { ...SMALL_PHONE, locale: "en-US" });
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await expectState(page, "valid", GREEN, "Valid voucher", "valid-en-360");
    const main = await text(page);
    for (const field of ["Vegetables", "1.25 kg", "Market stall", "Beijing time", "Pass", "Upstream batches", "What was checked"]) expect(main).toContain(field);

    await page.getByRole("link", { name: "中文" }).click();
    await page.waitForURL(/\?lang=zh-CN$/);
    await expectState(page, "valid", GREEN, "凭证有效", "valid-zh-via-switch-360");
    await expect.poll(() => page.getByRole("link", { name: "English" }).count()).toBe(1);
    await page.context().close();
  });

  it("recalled voucher: red, recall reason, in Chinese and via ?lang=en", async () => {
    const page = await open(urls.recalled, { locale: "zh-CN" });
    await expectState(page, "recalled", RED, "已召回", "recalled-zh-390");
    const main = await text(page);
    for (const field of ["召回原因", "检测不合格", "二级召回", "有机磷类农药残留超标 <b>", "广东省佛山市三水区 (440607)", "不合格", "800 克"]) expect(main).toContain(field);
    expect(await page.locator(".alert b").count()).toBe(0);
    expect(await page.locator(".checks li.fail").innerText()).toContain("状态");

    await page.getByRole("link", { name: "English" }).click();
    await page.waitForURL(/\?lang=en$/);
    await expectState(page, "recalled", RED, "Recalled", "recalled-en-390");
    for (const field of ["Recall reason", "Failed test", "Level 2 recall", "Fail"]) expect(await text(page)).toContain(field);
    await page.context().close();
  });

  it("suspended voucher: amber, and a product name with markup shown as text", async () => {
    const page = await open(urls.suspended, { ...SMALL_PHONE, locale: "zh-CN" });
    await expectState(page, "suspended", AMBER, "暂停销售", "suspended-zh-360");
    const main = await text(page);
    for (const field of ["生菜 <script>alert(1)</script>", "快检不合格：有机磷和氨基甲酸酯类农药", "不合格"]) expect(main).toContain(field);
    await page.context().close();
  });

  it("tampered voucher: grey not-valid state, no claims shown, the failed check named", async () => {
    const zh = await open(urls.invalid, { locale: "zh-CN" });
    await expectState(zh, "invalid", GREY, "凭证无效", "invalid-zh-390");
    const main = await text(zh);
    expect(main).toContain("原因");
    expect(main).not.toContain("菜心");
    expect(await zh.locator(".checks li.fail").count()).toBeGreaterThan(0);
    await zh.context().close();

    const en = await open(`${urls.invalid}?lang=en`, { ...SMALL_PHONE, locale: "zh-CN" });
    await expectState(en, "invalid", GREY, "Not valid", "invalid-en-360");
    await en.context().close();
  });

  it("loaded nothing from anywhere else", () => {
    expect(external).toEqual([]);
  });
});
