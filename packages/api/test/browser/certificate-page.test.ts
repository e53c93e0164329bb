/**
 * The public certificate page (承诺达标合格证, `/c/{digits}`) in a real browser (Debian's
 * chromium through playwright-core) at phone sizes, in zh-CN and in en: a valid certificate
 * (green, every mandatory field, the batch it was attached to on receipt), the same kind of
 * certificate once its batch is recalled (red, "recalled"), and a tampered code (grey, not
 * valid, nothing of the certificate); no horizontal scroll, no scripts, no external requests.
 * Screenshots go to packages/api/test-output/.
 */
import type { ServerType } from "@hono/node-server";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserMissing, expectPhoneLayout, launchChromium, openPhonePage, serveOnLoopback, SMALL_PHONE } from "./page-browser";
import { certificateBody } from "../certificate-fixtures";
import { createHarness, type Harness, vegetableBatch } from "../harness";

const COLOURS = { valid: "rgb(26, 127, 55)", recalled: "rgb(207, 34, 46)", invalid: "rgb(87, 96, 106)" };
const FARM = "华宁县绿源蔬菜种植专业合作社";

let h: Harness;
let server: ServerType;
let browser: Browser;
let base = "";
const urls = { valid: "", recalled: "", invalid: "" };
let attachedBatch = "";
const external: string[] = [];

const open = (url: string, options: BrowserContextOptions & { locale: string }) => openPhonePage(browser, base, external, url, options);

/** State attribute, header colour and heading; fits the phone, no scripts; a screenshot. */
async function expectState(page: Page, state: keyof typeof COLOURS, heading: string, shot: string) {
  expect(await page.locator("h1#state").innerText()).toBe(heading);
  expect(await page.locator("body").getAttribute("data-state")).toBe(state);
  expect(await page.locator("header").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(COLOURS[state]);
  await expectPhoneLayout(page, 100, `certificate-${shot}`);
}

const text = (page: Page) => page.locator("main").innerText();

describe.skipIf(browserMissing)("certificate page in a real browser (chromium, phone viewport)", () => {
  beforeAll(async () => {
    ({ server, base } = await serveOnLoopback((request) => h.app.fetch(request)));
    h = await createHarness({ publicUrl: base });
    const launching = launchChromium();

    const ok = async (method: string, path: string, key: string, json?: unknown) => {
      const response = await h.call(method, path, { key, ...(json !== undefined ? { json } : {}) });
      expect(response.status, `${path}: ${response.text}`).toBeLessThan(300);
      return response.body;
    };
    const farm = await h.org("producer", { name: FARM });
    await ok("PUT", `/v1/merchants/${farm.id}/profile`, farm.key, { uscc: "91530424MA6N7P2Q0G", businessType: "producer", address: "宁州街道 12 号", region: "530424", responsiblePerson: { name: "杨华" }, phone: "13987712345" });
    const wholesaler = await h.org("wholesaler", { name: "佛山鲜达蔬菜批发行" });

    // A valid certificate, attached to the wholesaler's batch on receipt.
    const kept = await ok("POST", "/v1/batches", farm.key, vegetableBatch(20_000));
    const valid = await ok("POST", "/v1/certificates", farm.key, certificateBody({ batchCode: kept.code }));
    const received = await ok("POST", "/v1/batches", wholesaler.key, vegetableBatch(20_000));
    await ok("POST", `/v1/batches/${received.code}/certificates`, wholesaler.key, { certificate: valid.url });
    attachedBatch = received.code;
    urls.valid = valid.url;

    // Another certificate whose batch is then recalled.
    const bad = await ok("POST", "/v1/batches", farm.key, vegetableBatch(15_000));
    const recalled = await ok("POST", "/v1/certificates", farm.key, certificateBody({ batchCode: bad.code, netWeightGrams: 15_000 }));
    await ok("POST", `/v1/batches/${bad.code}/recall`, farm.key, { reason: "test-failed", level: "level-2" });
    urls.recalled = recalled.url;

    const i = valid.url.length - 6;
    urls.invalid = valid.url.slice(0, i) + ((Number(valid.url[i]) + 1) % 10) + valid.url.slice(i + 1);
    browser = await launching;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    h?.close();
  });

  it("valid, in Chinese: green, every mandatory field, the batch it was attached to", async () => {
    const page = await open(urls.valid, { locale: "zh-CN" });
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await expectState(page, "valid", "合格证有效", "valid-zh-390");
    expect(await page.locator(".advice").innerText()).toContain("签名已核验");
    const main = await text(page);
    for (const field of ["菜心", "20 千克", "云南省玉溪市华宁县 宁州街道新城村", FARM, "13987712345", "自行检测合格", "质量安全控制符合要求", "不使用禁用农药兽药、停用兽药和非法添加物", "电子签名", "已随货登记到批次", attachedBatch]) {
      expect(main).toContain(field);
    }
    await page.context().close();
  });

  it("valid, in English on a small phone, then the switch link goes to Chinese", async () => {
    const page = await open(urls.valid, { ...SMALL_PHONE, locale: "en-US" });
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await expectState(page, "valid", "Valid certificate", "valid-en-360");
    for (const field of ["Product", "20 kg", "Self-tested: pass", "Electronic signature", "Attached to batches on receipt"]) expect(await text(page)).toContain(field);
    await page.getByRole("link", { name: "中文" }).click();
    await page.waitForURL(/\?lang=zh-CN$/);
    await expectState(page, "valid", "合格证有效", "valid-zh-via-switch-360");
    await page.context().close();
  });

  it("recalled once its batch is recalled, in Chinese and English: red, with advice not to rely on it", async () => {
    const zh = await open(urls.recalled, { locale: "zh-CN" });
    await expectState(zh, "recalled", "已召回", "recalled-zh-390");
    expect(await zh.locator(".advice").innerText()).toContain("请勿据此购买");
    expect(await text(zh)).toContain("15 千克");
    await zh.context().close();
    const en = await open(`${urls.recalled}?lang=en`, { ...SMALL_PHONE, locale: "zh-CN" });
    await expectState(en, "recalled", "Recalled", "recalled-en-360");
    expect(await en.locator(".advice").innerText()).toContain("Do not rely on it");
    await en.context().close();
  });

  it("a tampered code: grey, not valid, nothing of the certificate", async () => {
    for (const [locale, heading] of [["zh-CN", "合格证无效"], ["en", "Not valid"]] as const) {
      const page = await open(urls.invalid, { locale });
      await expectState(page, "invalid", heading, `invalid-${locale}-390`);
      const main = await text(page);
      expect(main).not.toContain(FARM);
      expect(main).not.toContain("菜心");
      await page.context().close();
    }
  });

  it("loaded nothing from anywhere else", () => {
    expect(external).toEqual([]);
  });
});
