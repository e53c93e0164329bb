/**
 * The public merchant page (一店一码) in a real browser (Debian's chromium through
 * playwright-core) at phone sizes: for each grade colour, in zh-CN and in en — header colour,
 * face, grade label, licence status, inspection scores, health-certificate counts, rapid tests,
 * the report entry; no horizontal scroll, no scripts, no external requests. Screenshots go to
 * packages/api/test-output/.
 */
import type { ServerType } from "@hono/node-server";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserMissing, expectPhoneLayout, headingAndLargestOther, launchChromium, openPhonePage, serveOnLoopback, SMALL_PHONE } from "./page-browser";
import { createHarness, enzymeTest, type Harness, type TestOrg, vegetableBatch } from "../harness";

const COLOURS = { green: "rgb(26, 127, 55)", yellow: "rgb(240, 180, 0)", red: "rgb(207, 34, 46)", none: "rgb(87, 96, 106)" };

let h: Harness;
let server: ServerType;
let browser: Browser;
let base = "";
const urls: Record<"A" | "B" | "C" | "none" | "invalid", string> = { A: "", B: "", C: "", none: "", invalid: "" };
const external: string[] = [];

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const inspection = (totalScore: number, days: number) => ({
  inspector: { name: "王监督" },
  inspectedAt: daysAgo(days),
  totalScore,
  items: [
    { code: "K1", title: "许可证在有效期内", keyItem: true, passed: true },
    { code: "G1", title: "餐具消毒", keyItem: false, passed: totalScore >= 6, score: Math.round(totalScore), maxScore: 10 },
  ],
});

const open = (url: string, options: BrowserContextOptions & { locale: string }) => openPhonePage(browser, base, external, url, options);

/** Grade attribute, header colour, face, heading; no horizontal scroll, no scripts; a screenshot. */
async function expectGrade(page: Page, grade: string, colour: keyof typeof COLOURS, faceKind: string, heading: string, shot: string) {
  await expect.poll(() => page.locator("h1#grade").innerText()).toContain(heading);
  expect(await page.locator("body").getAttribute("data-grade")).toBe(grade);
  expect(await page.locator("header").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(COLOURS[colour]);
  expect(await page.locator("h1 svg.face").getAttribute("data-face")).toBe(faceKind);
  const sizes = await headingAndLargestOther(page, "main *");
  expect(sizes.h1Size).toBeGreaterThan(sizes.maxSize);
  expect(await page.locator("h1 svg").first().evaluate((svg) => svg.getBoundingClientRect().width)).toBeGreaterThanOrEqual(48);
  await expectPhoneLayout(page, 100, `merchant-${shot}`);
}

const text = (page: Page) => page.locator("main").innerText();

describe.skipIf(browserMissing)("merchant page in a real browser (chromium, phone viewport)", () => {
  beforeAll(async () => {
    ({ server, base } = await serveOnLoopback((request) => h.app.fetch(request)));
    h = await createHarness({ publicUrl: base });
    const launching = launchChromium();

    const ok = async (method: string, path: string, key: string, json?: unknown) => {
      const response = await h.call(method, path, { key, ...(json !== undefined ? { json } : {}) });
      expect(response.status, `${path}: ${response.text}`).toBeLessThan(300);
      return response.body;
    };
    const regulator = await h.org("regulator", { name: "佛山市三水区市场监督管理局" });
    const market = await h.org("wholesale-market", { name: "三水区农产品批发市场" });
    const seller = await h.org("wholesaler", { name: "佛山鲜达蔬菜批发行", marketId: market.id });
    const business = async (name: string, role: "restaurant" | "stall", licenceUntil: string): Promise<TestOrg> => {
      const org = await h.org(role, { name, ...(role === "stall" ? { marketId: market.id } : {}) });
      await ok("PUT", `/v1/merchants/${org.id}/profile`, org.key, {
        uscc: "91440607MA4UJXKTX2",
        licence: { number: "JY24406070012345", validFrom: "2024-01-01", validUntil: licenceUntil },
        businessType: role,
        address: "西南街道广海大道中 18 号",
        region: "440607",
        responsiblePerson: { name: "李明" },
        phone: "0757-87712345",
        openingHours: [{ days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], opens: "09:30", closes: "21:30" }],
      });
      return org;
    };
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const grades = {
      A: { org: await business("粤香园酒家", "restaurant", "2029-12-31"), scores: [9.4, 9.1, 9.6] },
      B: { org: await business("西南街市场 A12 蔬菜档", "stall", soon), scores: [8.0, 8.6] },
      C: { org: await business("老街大排档", "restaurant", "2025-06-30"), scores: [6.2, 7.0] },
    };
    for (const { org, scores } of Object.values(grades)) {
      for (const [i, score] of scores.entries()) await ok("POST", `/v1/merchants/${org.id}/inspections`, regulator.key, inspection(score, 20 + 60 * i));
      await ok("POST", "/v1/health-certificates", org.key, { holderName: "张三", issuedBy: "三水区疾控中心", issueDate: new Date().toISOString().slice(0, 10) });
    }
    await ok("POST", "/v1/health-certificates", grades.B.org.key, { holderName: "李四", issuedBy: "三水区疾控中心", issueDate: "2025-01-01", expiryDate: "2025-12-31" });
    // The stall's goods: a tested wholesale batch, sold to the stall.
    const root = await ok("POST", "/v1/batches", seller.key, vegetableBatch());
    await ok("POST", `/v1/batches/${root.code}/rapid-tests`, market.key, enzymeTest(12));
    const sale = await ok("POST", "/v1/vouchers", seller.key, { batchCode: root.code, netWeightGrams: 20_000, buyerOrgId: grades.B.org.id });
    await ok("POST", "/v1/batches", grades.B.org.key, { ...vegetableBatch(20_000), sourceVoucherCode: sale.code });

    for (const grade of ["A", "B", "C"] as const) urls[grade] = (await ok("POST", `/v1/merchants/${grades[grade].org.id}/code`, grades[grade].org.key)).url;
    urls.none = (await ok("POST", `/v1/merchants/${(await business("新开小馆", "restaurant", "2029-12-31")).id}/code`, regulator.key)).url;
    const i = urls.A.length - 6;
    urls.invalid = urls.A.slice(0, i) + ((Number(urls.A[i]) + 1) % 10) + urls.A.slice(i + 1);
    browser = await launching;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    h?.close();
  });

  it("grade A in Chinese: green smile, 优秀, licence valid, scores, certificate counts, report entry", async () => {
    const page = await open(urls.A, { locale: "zh-CN" });
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await expectGrade(page, "A", "green", "smile", "A · 优秀", "A-zh-390");
    expect(await page.locator("header .name").innerText()).toBe("粤香园酒家");
    const main = await text(page);
    for (const field of ["餐饮店", "有效 · JY24406070012345", "广东省佛山市三水区", "李明", "9.6", "9.1", "9.4", "从业人员健康证", "投诉举报", "12315"]) expect(main).toContain(field);
    expect(await page.locator(".licence.valid").count()).toBe(1);
    expect(await page.getByRole("link", { name: /12315/ }).getAttribute("href")).toBe("tel:12315");
    await page.context().close();
  });

  it("grade A in English, then the switch link goes to Chinese", async () => {
    const page = await open(urls.A, { ...SMALL_PHONE, locale: "en-US" });
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await expectGrade(page, "A", "green", "smile", "A · Excellent", "A-en-360");
    for (const field of ["Restaurant", "Valid · JY24406070012345", "Inspections", "Staff health certificates", "Report a problem"]) expect(await text(page)).toContain(field);
    await page.getByRole("link", { name: "中文" }).click();
    await page.waitForURL(/\?lang=zh-CN$/);
    await expectGrade(page, "A", "green", "smile", "A · 优秀", "A-zh-via-switch-360");
    await page.context().close();
  });

  it("grade B (a stall) in Chinese and English: yellow flat face, licence expiring, the goods' rapid tests", async () => {
    const zh = await open(urls.B, { locale: "zh-CN" });
    await expectGrade(zh, "B", "yellow", "flat", "B · 良好", "B-zh-390");
    const main = await text(zh);
    for (const field of ["摊位", "即将到期", "8.6", "8.0", "菜心", "合格", "有机磷"]) expect(main).toContain(field);
    expect(await zh.locator(".health strong").allInnerTexts()).toEqual(["1", "0", "1"]);
    expect(main).not.toContain("张三");
    expect(main).not.toContain("李四");
    await zh.context().close();
    const en = await open(`${urls.B}?lang=en`, { ...SMALL_PHONE, locale: "zh-CN" });
    await expectGrade(en, "B", "yellow", "flat", "B · Good", "B-en-360");
    for (const field of ["Market stall", "Expiring soon", "Rapid tests of goods sold here", "Pass"]) expect(await text(en)).toContain(field);
    await en.context().close();
  });

  it("grade C in Chinese and English: red sad face, licence expired", async () => {
    const zh = await open(urls.C, { locale: "zh-CN" });
    await expectGrade(zh, "C", "red", "sad", "C · 一般", "C-zh-390");
    for (const field of ["已过期", "6.2", "7.0"]) expect(await text(zh)).toContain(field);
    expect(await zh.locator(".licence.expired").count()).toBe(1);
    await zh.context().close();
    const en = await open(urls.C, { locale: "en-GB" });
    await expectGrade(en, "C", "red", "sad", "C · Fair", "C-en-390");
    expect(await text(en)).toContain("Expired");
    await en.context().close();
  });

  it("no inspections yet: grey, no grade; a tampered code: grey, not valid, nothing about the business", async () => {
    const none = await open(urls.none, { locale: "zh-CN" });
    await expectGrade(none, "none", "none", "none", "暂无等级", "none-zh-390");
    await none.context().close();
    const bad = await open(urls.invalid, { locale: "en" });
    await expectGrade(bad, "none", "none", "none", "Not valid", "invalid-en-390");
    expect(await bad.locator("body").getAttribute("data-state")).toBe("invalid");
    expect(await text(bad)).not.toContain("粤香园酒家");
    await bad.context().close();
  });

  it("loaded nothing from anywhere else", () => {
    expect(external).toEqual([]);
  });
});
