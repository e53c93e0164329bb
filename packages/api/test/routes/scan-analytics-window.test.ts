import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CLONE_RULE } from "../../src/analytics/clone-rules";
import { ScanAnalyticsService, WINDOW_REFRESH_MS } from "../../src/services/scan-analytics";
import { createHarness, type Harness, vegetableBatch } from "../harness";
import { count, createBatch, issue, json, pathOf } from "./helpers";

let h: Harness;
let now = Date.parse("2026-05-10T02:10:30Z");
beforeEach(async () => {
  now = Date.parse("2026-05-10T02:10:30Z");
  h = await createHarness({ scanAnalyticsFlushEvents: 1_000_000, scanAnalyticsFlushMs: 86_400_000, cloneRule: DEFAULT_CLONE_RULE }, { now: () => new Date(now) });
});
afterEach(() => h.close());

const MINUTE = 60_000;
async function scan(url: string, times: number) {
  for (let i = 0; i < times; i++) expect((await h.call("GET", `${pathOf(url)}?region=440100`, { headers: json })).status).toBe(200);
}
const stored = async () => (await h.db.get<{ n: number }>(sql`SELECT coalesce(sum("count"), 0) AS n FROM scan_counts`))!.n;
const flags = () => h.db.all<{ reason: string; evidence: string }>(sql`SELECT reason, evidence FROM flagged_codes`);

describe("scan analytics: each voucher's stored window is read at most once per refresh interval", () => {
  it("sees another process's scans in the clone rules only after the refresh interval; the counts stay exact throughout", async () => {
    const org = await h.org("wholesaler");
    const voucher = await issue(h, org, { netWeightGrams: 500 }); // one piece: over-scanned above 20 scans in the window
    await scan(voucher.url, 5);
    await h.services.scanAnalytics.flush(); // reads the (empty) stored window, then keeps it with its own 5
    // Another process sharing the database writes 15 scans of the same voucher.
    const other = new ScanAnalyticsService(h.db, { flushEvents: 1_000_000, flushMs: 86_400_000, rule: DEFAULT_CLONE_RULE }, () => new Date(now));
    for (let i = 0; i < 15; i++) other.record(pathOf(voucher.url).slice(3), "440100");
    await other.flush();
    expect(await stored()).toBe(20);

    now += MINUTE;
    await scan(voucher.url, 1);
    await h.services.scanAnalytics.flush();
    expect(await stored()).toBe(21); // exact in the database
    expect(await count(h, "flagged_codes")).toBe(0); // this process still judges by its own 6 scans

    now += WINDOW_REFRESH_MS;
    await scan(voucher.url, 1);
    await h.services.scanAnalytics.flush(); // the window is read again: 22 scans > 20
    expect(await stored()).toBe(22);
    const raised = await flags();
    expect(raised.map((f) => f.reason)).toEqual(["over-scanned"]);
    expect(JSON.parse(raised[0]!.evidence)).toMatchObject({ scans: 22, limit: 20 });
  });

  it("with a refresh interval of 0 reads the stored window on every flush", async () => {
    const org = await h.org("wholesaler");
    const voucher = await issue(h, org, { netWeightGrams: 500 });
    const digits = pathOf(voucher.url).slice(3);
    const mine = new ScanAnalyticsService(h.db, { flushEvents: 1_000_000, flushMs: 86_400_000, rule: DEFAULT_CLONE_RULE, windowRefreshMs: 0 }, () => new Date(now));
    const other = new ScanAnalyticsService(h.db, { flushEvents: 1_000_000, flushMs: 86_400_000, rule: DEFAULT_CLONE_RULE }, () => new Date(now));
    for (let i = 0; i < 5; i++) mine.record(digits, "440100");
    await mine.flush();
    for (let i = 0; i < 15; i++) other.record(digits, "440100");
    await other.flush();
    now += MINUTE;
    mine.record(digits, "440100");
    await mine.flush();
    expect(await stored()).toBe(21);
    expect((await flags()).map((f) => f.reason)).toEqual(["over-scanned"]);
  });

  it("keeps counting its own scans from the kept window: a voucher scanned past the limit in later flushes is flagged without another read", async () => {
    const org = await h.org("wholesaler");
    const voucher = await issue(h, org, { netWeightGrams: 500 });
    for (let round = 0; round < 3; round++) {
      await scan(voucher.url, 7);
      await h.services.scanAnalytics.flush();
      now += MINUTE;
    }
    expect(await stored()).toBe(21);
    const raised = await flags();
    expect(raised.map((f) => f.reason)).toEqual(["over-scanned"]);
    expect(JSON.parse(raised[0]!.evidence)).toMatchObject({ scans: 21, limit: 20 });
  });
});

describe("scan analytics: voucher facts from the rows this process holds", () => {
  it("judges a batch voucher of boxes by the batch's quantity whether its facts come from the scan cache or from the database", async () => {
    const org = await h.org("wholesaler");
    const batch = await createBatch(h, org, { ...vegetableBatch(8), unit: "box" });
    const held = await issue(h, org, { type: "batch", batchCode: batch.code }); // issued here: its row is in the scan cache
    const other = await issue(h, org, { type: "batch", batchCode: batch.code });
    await scan(held.url, 40);
    await h.services.scanAnalytics.flush();
    expect(await count(h, "flagged_codes")).toBe(0); // 8 boxes: up to 40 scans
    await scan(held.url, 1);
    await h.services.scanAnalytics.flush();
    // A service that holds no rows reads the same facts from the database.
    const cold = new ScanAnalyticsService(h.db, { flushEvents: 1_000_000, flushMs: 86_400_000, rule: DEFAULT_CLONE_RULE }, () => new Date(now));
    for (let i = 0; i < 41; i++) cold.record(pathOf(other.url).slice(3), "440100");
    await cold.flush();
    const rows = await h.db.all<{ voucher_code: string; evidence: string }>(sql`SELECT voucher_code, evidence FROM flagged_codes ORDER BY voucher_code`);
    expect(rows.map((row) => row.voucher_code).sort()).toEqual([held.code, other.code].sort());
    for (const row of rows) expect(JSON.parse(row.evidence)).toEqual({ scans: 41, limit: 40, pieces: 8, windowHours: 24 });
  });
});
