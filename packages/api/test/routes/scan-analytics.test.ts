import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, type TestOrg } from "../harness";
import { count, expectProblem, issue, json, pathOf } from "./helpers";

let h: Harness;
let now = Date.parse("2026-05-10T02:10:30Z");
beforeEach(async () => {
  now = Date.parse("2026-05-10T02:10:30Z");
  // Flushes only when a test asks: the thresholds are out of reach.
  h = await createHarness({ scanAnalyticsFlushEvents: 1_000_000, scanAnalyticsFlushMs: 86_400_000 }, { now: () => new Date(now) });
});
afterEach(() => h.close());

const MINUTE = 60_000;
/** Things about the scanner a request carries, none of which may be stored. */
const PERSONAL = { ip: "203.0.113.77", agent: "ScannerPhone/9.9 (SECRET-UA-4711)", device: "device-5f3c9e1a" };
const scanHeaders = (extra: Record<string, string> = {}) => ({ ...json, "user-agent": PERSONAL.agent, "cf-connecting-ip": PERSONAL.ip, "x-forwarded-for": PERSONAL.ip, "x-device-id": PERSONAL.device, ...extra });

async function scanIn(url: string, region: string | undefined, times = 1, html = false) {
  for (let i = 0; i < times; i++) {
    const path = region ? `${pathOf(url)}?region=${region}` : pathOf(url);
    const reply = await h.call("GET", path, { headers: html ? { ...scanHeaders(), accept: "text/html" } : scanHeaders() });
    expect(reply.status, reply.text).toBe(200);
  }
}
const flush = () => h.services.scanAnalytics.flush();
const get = (key: string, path: string) => h.call("GET", path, { key });

describe("scan analytics: counting without personal data", () => {
  it("counts JSON and HTML scans per voucher, issuer, coarse region and hour, and stores nothing about the scanner", async () => {
    const org = await h.org("wholesaler");
    const voucher = await issue(h, org, { netWeightGrams: 500 });
    await scanIn(voucher.url, "440106", 2); // a Guangzhou district: stored as the city 440100
    await scanIn(voucher.url, "440100", 1, true); // the HTML page counts too
    now += 3 * MINUTE;
    await h.call("GET", pathOf(voucher.url), { headers: scanHeaders({ "x-scan-region": "310000" }) });
    await scanIn(voucher.url, "999999"); // not a region: unknown
    await scanIn(voucher.url, undefined); // nothing sent, no request.cf on Node: unknown
    expect(await count(h, "scan_counts")).toBe(0); // nothing written before the flush
    expect(h.services.scanAnalytics.pending).toBe(6);
    await flush();
    expect(h.services.scanAnalytics.pending).toBe(0);

    const rows = await h.db.all<Record<string, unknown>>(sql`SELECT * FROM scan_counts ORDER BY region`);
    // Every stored column, and only these: no address, agent, device or instant.
    expect(rows.map((row) => Object.keys(row).sort())).toEqual(rows.map(() => ["count", "first_minute", "hour", "last_minute", "org_id", "region", "voucher_code"]));
    expect(rows).toEqual([
      { voucher_code: voucher.code, org_id: org.id, region: "310000", hour: "2026-05-10T02:00Z", count: 1, first_minute: 13, last_minute: 13 },
      { voucher_code: voucher.code, org_id: org.id, region: "440100", hour: "2026-05-10T02:00Z", count: 3, first_minute: 10, last_minute: 10 },
      { voucher_code: voucher.code, org_id: org.id, region: "unknown", hour: "2026-05-10T02:00Z", count: 2, first_minute: 13, last_minute: 13 },
    ]);
    const stored = JSON.stringify([rows, await h.db.all(sql`SELECT * FROM flagged_codes`)]);
    for (const value of [...Object.values(PERSONAL), "203.0.113", "SECRET-UA", ":30", "02:10:30"]) expect(stored).not.toContain(value);

    // A second flush adds to the same counters.
    await scanIn(voucher.url, "440111");
    await flush();
    expect(await h.db.get(sql`SELECT "count" AS n FROM scan_counts WHERE region = '440100'`)).toEqual({ n: 4 });
    expect(await count(h, "scan_counts")).toBe(3);
  });

  it("never counts a path that is no voucher here, and never writes while nothing is buffered", async () => {
    const org = await h.org("wholesaler");
    const voucher = await issue(h, org, {});
    const other = `${voucher.url.slice(0, -3)}${(Number(voucher.url.slice(-3)) + 1) % 1000}`.replace(/\/0+/, "/1");
    await h.call("GET", pathOf(other), { headers: json });
    await flush();
    await flush();
    expect(await count(h, "scan_counts")).toBe(0);
  });

  it("answers counts per voucher and merchant to the issuer (its own only) and per region and hour to regulators", async () => {
    const a = await h.org("wholesaler");
    const b = await h.org("supermarket");
    const regulator = await h.org("regulator");
    const va = await issue(h, a, {});
    const va2 = await issue(h, a, {});
    const vb = await issue(h, b, {});
    await scanIn(va.url, "440100", 3);
    await scanIn(va2.url, "310000", 1);
    now += 60 * MINUTE;
    await scanIn(va.url, "310000", 2);
    await scanIn(vb.url, "330100", 4);
    await flush();

    const own = await get(a.key, "/v1/scan-analytics/vouchers");
    expect(own.status, own.text).toBe(200);
    expect(own.body.vouchers).toEqual([
      { voucherCode: va.code, orgId: a.id, scans: 5, regions: 2, firstHour: "2026-05-10T02:00Z", lastHour: "2026-05-10T03:00Z" },
      { voucherCode: va2.code, orgId: a.id, scans: 1, regions: 1, firstHour: "2026-05-10T02:00Z", lastHour: "2026-05-10T02:00Z" },
    ]);
    // Another issuer's voucher is simply not among one's own; naming its issuer is refused.
    expect((await get(a.key, `/v1/scan-analytics/vouchers?code=${encodeURIComponent(vb.code)}`)).body.vouchers).toEqual([]);
    expectProblem(await get(a.key, `/v1/scan-analytics/vouchers?orgId=${b.id}`), 403, "forbidden");
    expect((await get(regulator.key, `/v1/scan-analytics/vouchers?orgId=${b.id}`)).body.vouchers.map((v: { scans: number }) => v.scans)).toEqual([4]);
    // A range before the scans counts nothing.
    expect((await get(regulator.key, "/v1/scan-analytics/vouchers?to=2026-05-10T01:00:00Z")).body.vouchers).toEqual([]);

    expect((await get(b.key, "/v1/scan-analytics/merchants")).body.merchants).toEqual([{ orgId: b.id, name: expect.any(String), scans: 4, vouchers: 1 }]);
    const merchants = (await get(regulator.key, "/v1/scan-analytics/merchants")).body.merchants;
    expect(merchants.map((m: { orgId: string; scans: number }) => [m.orgId, m.scans])).toEqual([[a.id, 6], [b.id, 4]]);

    expectProblem(await get(a.key, "/v1/scan-analytics/regions"), 403, "forbidden");
    const regions = await get(regulator.key, "/v1/scan-analytics/regions");
    expect(regions.body.regions).toEqual([
      { region: "330000", name: "浙江省", scans: 4 },
      { region: "310000", name: "上海市", scans: 3 },
      { region: "440000", name: "广东省", scans: 3 },
    ]);
    expect(regions.body.hours).toEqual([
      { region: "310000", hour: "2026-05-10T02:00Z", scans: 1 },
      { region: "310000", hour: "2026-05-10T03:00Z", scans: 2 },
      { region: "330000", hour: "2026-05-10T03:00Z", scans: 4 },
      { region: "440000", hour: "2026-05-10T02:00Z", scans: 3 },
    ]);
    const cities = await get(regulator.key, "/v1/scan-analytics/regions?level=city&region=440000");
    expect(cities.body.regions).toEqual([{ region: "440100", name: "广州市", scans: 3 }]);

    expectProblem(await h.call("GET", "/v1/scan-analytics/vouchers"), 401, "unauthenticated");
    expectProblem(await get(regulator.key, "/v1/scan-analytics/vouchers?limit=0"), 400, "invalid-request");
    expectProblem(await get(regulator.key, "/v1/scan-analytics/regions?region=123"), 400, "invalid-request");
    expectProblem(await get(regulator.key, "/v1/scan-analytics/vouchers?from=2026-05-10T00:00:00Z&to=2026-05-01T00:00:00Z"), 400, "invalid-request");
    const noRead = await h.org("wholesaler", { scopes: ["vouchers:write"] });
    expectProblem(await get(noRead.key, "/v1/scan-analytics/vouchers"), 403, "forbidden");
  });
});

describe("clone detection", () => {
  async function setup() {
    const a = await h.org("wholesaler");
    const b = await h.org("wholesaler");
    const regulator = await h.org("regulator");
    return { a, b, regulator };
  }
  const flagsOf = async (org: TestOrg, query = "") => {
    const reply = await get(org.key, `/v1/scan-analytics/flags${query}`);
    expect(reply.status, reply.text).toBe(200);
    return reply.body.flags as Array<{ voucherCode: string; reason: string; orgId: string; regions: string[]; evidence: Record<string, unknown>; firstSeen: string; lastSeen: string }>;
  };

  it("flags a voucher scanned more often than its quantity allows, once, updating the evidence", async () => {
    const { a, b, regulator } = await setup();
    const single = await issue(h, a, { netWeightGrams: 500 }); // one package: at most max(20, 5 × 1) = 20 scans a day
    const ten = await issue(h, a, { quantity: 10 }); // ten pieces: up to 50
    await scanIn(single.url, "440100", 20);
    await scanIn(ten.url, "440100", 21);
    await flush();
    expect(await flagsOf(regulator)).toEqual([]); // 20 is still allowed
    now += 5 * MINUTE;
    await scanIn(single.url, "440100", 1);
    await flush();
    const [flag, ...rest] = await flagsOf(a);
    expect(rest).toEqual([]);
    expect(flag).toEqual({
      voucherCode: single.code,
      reason: "over-scanned",
      orgId: a.id,
      regions: ["440100"],
      evidence: { scans: 21, limit: 20, pieces: 1, windowHours: 24 },
      firstSeen: "2026-05-10T02:15Z",
      lastSeen: "2026-05-10T02:15Z",
    });
    // A flag is rewritten at most every 10 minutes: a minute later it still shows the first evidence.
    now += MINUTE;
    await scanIn(single.url, "440100", 1);
    await flush();
    expect((await flagsOf(a))[0]).toMatchObject({ evidence: { scans: 21 }, lastSeen: "2026-05-10T02:15Z" });
    now += 70 * MINUTE; // next hour, still in the 24-hour window
    await scanIn(single.url, "440100", 4);
    await flush();
    const [again] = await flagsOf(a);
    expect(again).toMatchObject({ evidence: { scans: 26, limit: 20 }, firstSeen: "2026-05-10T02:15Z", lastSeen: "2026-05-10T03:26Z" });
    expect(await count(h, "flagged_codes")).toBe(1);
    // Only the issuer and regulators see it.
    expect(await flagsOf(b)).toEqual([]);
    expectProblem(await get(b.key, `/v1/scan-analytics/flags?orgId=${a.id}`), 403, "forbidden");
    expect((await flagsOf(regulator)).map((f) => f.voucherCode)).toEqual([single.code]);
  });

  it("flags scans in provinces far apart within an hour, not in neighbouring ones nor hours apart", async () => {
    const { a, regulator } = await setup();
    const far = await issue(h, a, {});
    const near = await issue(h, a, {});
    const later = await issue(h, a, {});
    await scanIn(far.url, "310000"); // Shanghai
    await scanIn(near.url, "310000");
    await scanIn(later.url, "310000");
    now += 40 * MINUTE;
    await scanIn(far.url, "650102"); // Ürümqi, about 3,270 km away, 40 minutes later
    await scanIn(near.url, "330106"); // Hangzhou, about 165 km
    await flush();
    now += 90 * MINUTE;
    await scanIn(later.url, "440100"); // Guangzhou, about 1,210 km, but 130 minutes later
    await flush();

    const flags = await flagsOf(regulator);
    expect(flags).toEqual([
      expect.objectContaining({ voucherCode: far.code, reason: "distant-regions", regions: ["310000", "650100"], evidence: expect.objectContaining({ regions: ["310000", "650100"], minutesApart: 40, scans: 2, limitKm: 500 }) }),
    ]);
    expect(flags[0]!.evidence.distanceKm).toBeGreaterThan(3000);
    expect((await flagsOf(regulator, "?region=650000")).map((f) => f.voucherCode)).toEqual([far.code]);
    expect((await flagsOf(regulator, "?region=650100")).map((f) => f.voucherCode)).toEqual([far.code]);
    expect(await flagsOf(regulator, "?region=440000")).toEqual([]);
    expect(await flagsOf(regulator, "?reason=over-scanned")).toEqual([]);
    expectProblem(await get(regulator.key, "/v1/scan-analytics/flags?reason=copied"), 400, "invalid-request");
  });
});
