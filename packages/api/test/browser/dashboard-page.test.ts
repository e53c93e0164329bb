/**
 * The regulator dashboard in a real browser (Debian's chromium through playwright-core), with
 * the regulator's API key sent as an Authorization header by the browser context: the inline
 * SVG charts have one bar per row of the JSON endpoint, with its label and value; phone layout,
 * no scripts, no external requests; screenshots in packages/api/test-output/.
 */
import type { ServerType } from "@hono/node-server";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labelOf } from "@shian/schemas";
import { browserMissing, expectPhoneLayout, launchChromium, openPhonePage, serveOnLoopback } from "./page-browser";
import { createHarness, type Harness, type TestOrg } from "../harness";
import { seedDashboardWorld } from "../routes/dashboard-world";
import type { Dashboard } from "../../src/services/dashboard";

let h: Harness;
let server: ServerType;
let browser: Browser;
let base = "";
let regulator: TestOrg;
let expected: Dashboard;
let now = Date.now();
const external: string[] = [];

/** Each bar of a chart as the browser renders it: label, value, accent part, drawn width. */
const barsOf = (page: Page, id: string) =>
  page.locator(`#${id} svg g.bar`).evaluateAll((bars) =>
    bars.map((bar) => ({
      label: bar.getAttribute("data-label"),
      value: Number(bar.getAttribute("data-value")),
      part: bar.hasAttribute("data-part") ? Number(bar.getAttribute("data-part")) : undefined,
      text: bar.querySelector("text.label")!.textContent,
      labelLeft: bar.querySelector("text.label")!.getBoundingClientRect().left - bar.closest("svg")!.getBoundingClientRect().left,
      width: (bar.querySelector("rect") as SVGRectElement).getBoundingClientRect().width,
    })),
  );

describe.skipIf(browserMissing)("regulator dashboard in a real browser", () => {
  beforeAll(async () => {
    ({ server, base } = await serveOnLoopback((request) => h.app.fetch(request)));
    h = await createHarness({ publicUrl: base, scanAnalyticsFlushEvents: 1_000_000, scanAnalyticsFlushMs: 86_400_000 }, { now: () => new Date(now) });
    const launching = launchChromium();
    ({ regulator } = await seedDashboardWorld(h, (ms) => (now += ms)));
    expected = (await h.call("GET", "/v1/dashboard", { key: regulator.key })).body;
    browser = await launching;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
    h?.close();
  });

  const open = (lang: string) =>
    openPhonePage(browser, base, external, `${base}/v1/dashboard?lang=${lang}`, { locale: lang, extraHTTPHeaders: { authorization: `Bearer ${regulator.key}` } });

  it("draws the JSON endpoint's figures as bar charts (en)", async () => {
    // The seeded world has something in every chart (so equal lists are not two empty ones).
    expect([expected.rapidTests.byRegion.length, expected.rapidTests.byItem.length, expected.scansByRegion.length, expected.flaggedCodes.recent.length]).toEqual([2, 2, 2, 1]);
    const page = await open("en");
    expect(await page.locator("h1").innerText()).toBe("Regulator dashboard");
    const tests = await barsOf(page, "chart-tests-region");
    expect(tests.map((b) => [b.label, b.value, b.part])).toEqual(expected.rapidTests.byRegion.map((r) => [r.name, r.tests, r.failed]));
    expect(tests.length).toBe(2);
    // Bars are drawn to scale: Yunnan's 2 tests twice as long as Guangdong's 1.
    expect(tests[0]!.width / tests[1]!.width).toBeCloseTo(2, 1);
    const items = await barsOf(page, "chart-tests-item");
    expect(items.map((b) => [b.label, b.value, b.part])).toEqual(expected.rapidTests.byItem.map((r) => [labelOf("RapidTestItem", r.item, "en"), r.tests, r.failed]));
    const grades = await barsOf(page, "chart-grades");
    expect(grades.map((b) => b.value)).toEqual([expected.grades.A, expected.grades.B, expected.grades.C, expected.grades.none]);
    const scans = await barsOf(page, "chart-scans-region");
    expect(scans.map((b) => [b.label, b.value])).toEqual(expected.scansByRegion.map((r) => [r.name ?? "Unknown region", r.scans]));
    expect(await page.locator("#fig-failed").innerText()).toBe(String(expected.rapidTests.total.failed));
    expect(await page.locator("#fig-reports").innerText()).toBe(String(expected.openReports.total));
    expect(await page.locator("#fig-overdue").innerText()).toBe(String(expected.overdueTasks.total));
    expect(await page.locator("#fig-flags").innerText()).toBe(String(expected.flaggedCodes.total));
    expect(await page.locator("#flags tbody tr").count()).toBe(expected.flaggedCodes.recent.length);
    // Each chart is an image named by its title, each bar by its label and value.
    expect(await page.getByRole("img", { name: "Scans by province" }).count()).toBe(1);
    expect(await page.locator("#chart-tests-region g.bar").first().getAttribute("aria-label")).toBe("云南省: 2, Failed 1");
    for (const id of ["chart-tests-region", "chart-tests-item", "chart-grades", "chart-scans-region"]) for (const bar of await barsOf(page, id)) expect(bar.labelLeft, `${id} ${bar.label}`).toBeGreaterThanOrEqual(0);
    await expectPhoneLayout(page, 100, "dashboard-en");
    expect(external).toEqual([]);
  });

  it("speaks Chinese, with the same bars", async () => {
    const page = await open("zh-CN");
    expect(await page.locator("h1").innerText()).toBe("监管驾驶舱");
    const items = await barsOf(page, "chart-tests-item");
    expect(items.map((b) => b.label)).toEqual(expected.rapidTests.byItem.map((r) => labelOf("RapidTestItem", r.item, "zh-CN")));
    // A long name is cut with an ellipsis rather than run off the chart; a short one is whole.
    expect(items.map((b) => b.text)).toEqual([expect.stringMatching(/^有机磷.*…$/), "拟除虫菊酯类农药"]);
    expect((await barsOf(page, "chart-scans-region")).map((b) => b.label)).toEqual(["广东省", "未知地区"]);
    for (const id of ["chart-tests-region", "chart-tests-item", "chart-grades", "chart-scans-region"]) for (const bar of await barsOf(page, id)) expect(bar.labelLeft, `${id} ${bar.label}`).toBeGreaterThanOrEqual(0);
    await expectPhoneLayout(page, 100, "dashboard-zh");
    expect(external).toEqual([]);
  });

  it("refuses the page without the regulator's key", async () => {
    const context = await browser.newContext();
    const response = await (await context.newPage()).goto(`${base}/v1/dashboard`);
    expect(response?.status()).toBe(401);
    await context.close();
  });
});
