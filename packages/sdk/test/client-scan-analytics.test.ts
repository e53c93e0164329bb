/** The API client's scan analytics and dashboard methods. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../api/test/harness";
import { ShianApiError, ShianClient } from "../src/index";
import { operationKeys, recordRoutes, seenAmong } from "./route-recorder";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ scanAnalyticsFlushEvents: 1_000_000, scanAnalyticsFlushMs: 86_400_000 });
});
afterAll(() => h?.close());

describe("ShianClient: scan analytics and the regulator dashboard", () => {
  it("calls every scan-analytics and dashboard route with typed results", async () => {
    const { fetch, seen } = recordRoutes((request) => h.app.fetch(request));
    const issuerOrg = await h.org("wholesaler");
    const issuer = new ShianClient({ baseUrl: "http://localhost:8787", apiKey: issuerOrg.key, fetch });
    const regulator = new ShianClient({ baseUrl: "http://localhost:8787", apiKey: (await h.org("regulator")).key, fetch });
    const voucher = await issuer.vouchers.issue({ netWeightGrams: 500 });
    const path = new URL(voucher.url).pathname;
    for (let i = 0; i < 21; i++) await h.call("GET", `${path}?region=440100`, { headers: { accept: "application/json" } });
    await h.services.scanAnalytics.flush();

    expect((await issuer.scanAnalytics.vouchers({ limit: 5 })).vouchers).toEqual([expect.objectContaining({ voucherCode: voucher.code, scans: 21, regions: 1 })]);
    expect((await issuer.scanAnalytics.merchants()).merchants).toEqual([expect.objectContaining({ orgId: issuerOrg.id, scans: 21 })]);
    expect((await regulator.scanAnalytics.regions({ level: "city" })).regions).toEqual([{ region: "440100", name: "广州市", scans: 21 }]);
    expect(await issuer.scanAnalytics.flags()).toEqual([expect.objectContaining({ voucherCode: voucher.code, reason: "over-scanned" })]);
    const refused = await issuer.scanAnalytics.regions().catch((e) => e);
    expect(refused).toBeInstanceOf(ShianApiError);
    expect(refused).toMatchObject({ status: 403 });
    const dashboard = await regulator.dashboard.get({ days: 7 });
    expect(dashboard).toMatchObject({ days: 7, flaggedCodes: { total: 1 }, scansByRegion: [{ region: "440000", scans: 21 }] });

    const group = operationKeys((name) => name.startsWith("scanAnalytics.") || name.startsWith("dashboard."));
    expect(seenAmong(seen, group)).toEqual(group);
  });
});
