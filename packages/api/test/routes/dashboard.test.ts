import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../harness";
import { seedDashboardWorld } from "./dashboard-world";
import { expectProblem } from "./helpers";

let h: Harness;
let now = Date.parse("2026-05-10T02:10:00Z");
beforeEach(async () => {
  now = Date.parse("2026-05-10T02:10:00Z");
  h = await createHarness({ scanAnalyticsFlushEvents: 1_000_000, scanAnalyticsFlushMs: 86_400_000 }, { now: () => new Date(now) });
});
afterEach(() => h.close());

const HOUR = 3_600_000;

describe("GET /v1/dashboard", () => {
  it("answers regulators the tests by province and item, grades, open reports, overdue tasks, flags and scans", async () => {
    const { regulator, voucher } = await seedDashboardWorld(h, (ms) => (now += ms));
    const reply = await h.call("GET", "/v1/dashboard", { key: regulator.key });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toEqual({
      asOf: "2026-05-10T04:10:00.000Z",
      days: 30,
      since: "2026-04-10T04:10:00.000Z",
      rapidTests: {
        total: { tests: 3, failed: 1 },
        byRegion: [
          { region: "530000", name: "云南省", tests: 2, failed: 1 },
          { region: "440000", name: "广东省", tests: 1, failed: 0 },
        ],
        byItem: [
          { item: "organophosphate-carbamate", tests: 2, failed: 1 },
          { item: "pyrethroid", tests: 1, failed: 0 },
        ],
      },
      grades: { A: 0, B: 0, C: 0, none: 1 },
      openReports: { total: 1, byStatus: { received: 1, investigating: 0 } },
      overdueTasks: { total: 1, tasks: [expect.objectContaining({ title: "检查 7 号摊位", region: "440607", status: "open" })] },
      flaggedCodes: { total: 1, byReason: { "over-scanned": 1 }, recent: [expect.objectContaining({ voucherCode: voucher.code, reason: "over-scanned" })] },
      scansByRegion: [
        { region: "440000", name: "广东省", scans: 21 },
        { region: "unknown", name: null, scans: 1 },
      ],
    });
    // The period bounds the tests and scans: a day later with days=1 nothing of them is left.
    now += 26 * HOUR;
    const later = (await h.call("GET", "/v1/dashboard?days=1", { key: regulator.key })).body;
    expect(later.rapidTests.total).toEqual({ tests: 0, failed: 0 });
    expect(later.scansByRegion).toEqual([]);
    expect(later.overdueTasks.total).toBe(1);
  });

  it("serves the same figures as an HTML page with inline SVG bar charts for Accept: text/html", async () => {
    const { regulator } = await seedDashboardWorld(h, (ms) => (now += ms));
    const reply = await h.call("GET", "/v1/dashboard?lang=en", { key: regulator.key, headers: { accept: "text/html" } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toMatch(/^text\/html/);
    expect(reply.text).not.toMatch(/<script/i);
    const bars = (id: string) => [...reply.text.slice(reply.text.indexOf(`id="${id}"`)).split("</figure>")[0]!.matchAll(/data-label="([^"]*)" data-value="(\d+)"/g)].map((m) => [m[1], Number(m[2])]);
    expect(bars("chart-tests-region")).toEqual([["云南省", 2], ["广东省", 1]]);
    expect(bars("chart-tests-item")).toEqual([["Organophosphate and carbamate pesticides", 2], ["Pyrethroid pesticides", 1]]);
    expect(bars("chart-grades")).toEqual([["A (green)", 0], ["B (yellow)", 0], ["C (red)", 0], ["Not graded", 1]]);
    expect(bars("chart-scans-region")).toEqual([["广东省", 21], ["Unknown region", 1]]);
    expect(reply.text).toContain('<html lang="en">');
    const zh = await h.call("GET", "/v1/dashboard", { key: regulator.key, headers: { accept: "text/html", "accept-language": "zh-CN" } });
    expect(zh.text).toContain("监管驾驶舱");
  });

  it("is for regulators only", async () => {
    const wholesaler = await h.org("wholesaler");
    expectProblem(await h.call("GET", "/v1/dashboard", { key: wholesaler.key }), 403, "forbidden");
    expectProblem(await h.call("GET", "/v1/dashboard", { key: wholesaler.key, headers: { accept: "text/html" } }), 403, "forbidden");
    expectProblem(await h.call("GET", "/v1/dashboard"), 401, "unauthenticated");
    const regulator = await h.org("regulator");
    expectProblem(await h.call("GET", "/v1/dashboard?days=0", { key: regulator.key }), 400, "invalid-request");
  });
});
