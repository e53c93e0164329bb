/**
 * Scan analytics inside workerd: the region of a scan without a `?region=` comes from
 * Cloudflare's `request.cf` (province only), and the flush a scan starts runs in the request's
 * `ctx.waitUntil`, after the response.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../harness";
import { issue } from "../routes/helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ scanAnalyticsFlushEvents: 3, scanAnalyticsFlushMs: 86_400_000 });
});
afterEach(() => h.close());

async function scanWithCf(url: string, cf: Record<string, unknown>) {
  const ctx = createExecutionContext();
  const request = new Request(url, { headers: { accept: "application/json" }, cf } as RequestInit);
  const response = await h.app.fetch(request, {}, ctx);
  expect(response.status).toBe(200);
  await response.text();
  return ctx;
}

describe("scan analytics on Workers", () => {
  it("takes the province from request.cf and flushes in waitUntil after the third scan", async () => {
    const org = await h.org("wholesaler");
    const voucher = await issue(h, org, {});
    await waitOnExecutionContext(await scanWithCf(voucher.url, { country: "CN", regionCode: "GD", city: "Shenzhen" }));
    await waitOnExecutionContext(await scanWithCf(voucher.url, { country: "HK" }));
    expect(h.services.scanAnalytics.pending).toBe(2);
    const third = await scanWithCf(`${voucher.url}?region=310115`, { country: "CN", regionCode: "GD" }); // the app's region wins
    expect(h.services.scanAnalytics.pending).toBe(0); // taken by the flush the third scan started
    await waitOnExecutionContext(third);
    const rows = await h.db.all<{ region: string; count: number }>(sql`SELECT region, "count" FROM scan_counts ORDER BY region`);
    expect(rows).toEqual([
      { region: "310000", count: 1 },
      { region: "440000", count: 1 },
      { region: "810000", count: 1 },
    ]);
  });
});
