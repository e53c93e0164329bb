import { expect } from "vitest";
import type { Harness } from "../harness";
import { enzymeTest, vegetableBatch } from "../harness";
import { createBatch, issue, json } from "./helpers";

const HOUR = 3_600_000;
/** A valid business profile (USCC with a correct check character, Foshan Sanshui). */
const profile = () => ({
  uscc: "91440607MA4UJXKTX2",
  licence: { number: "JY24406070012345", validFrom: "2024-01-01", validUntil: "2029-12-31" },
  businessType: "restaurant",
  address: "西南街道广海大道 8 号",
  region: "440607",
  responsiblePerson: { name: "李明", title: "店长" },
  phone: "0757-87712345",
});

/**
 * A small world for the dashboard: three rapid tests (two items, one failed) on batches from
 * Yunnan and Guangdong, one graded-less restaurant, one report, one overdue task, one
 * over-scanned voucher.
 */
export async function seedDashboardWorld(harness: Harness, advance: (ms: number) => void) {
  const ok = async (method: string, path: string, key: string | undefined, body?: unknown) => {
    const reply = await harness.call(method, path, { ...(key ? { key } : {}), ...(body !== undefined ? { json: body } : {}) });
    expect(reply.status, `${path}: ${reply.text}`).toBeLessThan(300);
    return reply.body;
  };
  const regulator = await harness.org("regulator");
  const wholesaler = await harness.org("wholesaler");
  const yunnan = await createBatch(harness, wholesaler, vegetableBatch()); // origin 530424
  const guangdong = await createBatch(harness, wholesaler, { ...vegetableBatch(), originRegion: "440607" });
  await ok("POST", `/v1/batches/${yunnan.code}/rapid-tests`, wholesaler.key, enzymeTest(20));
  await ok("POST", `/v1/batches/${guangdong.code}/rapid-tests`, wholesaler.key, { ...enzymeTest(10), item: "pyrethroid" });
  await ok("POST", `/v1/batches/${yunnan.code}/rapid-tests`, wholesaler.key, enzymeTest(80)); // a fail: the batch is suspended
  const restaurant = await harness.org("restaurant");
  await ok("PUT", `/v1/merchants/${restaurant.id}/profile`, restaurant.key, profile());
  await ok("POST", "/reports", undefined, { target: { kind: "business", businessId: restaurant.id }, category: "expired-food", description: "后厨冰柜里的鸡肉已过期两周仍在使用。", identityCode: "DASH2026", password: "secret phrase 42" });
  await ok("POST", "/v1/co-tasks", regulator.key, { kind: "inspect-stall", title: "检查 7 号摊位", region: "440607", deadline: new Date(harness.services.now().getTime() + HOUR).toISOString(), commissionFen: 5_000 });
  const voucher = await issue(harness, wholesaler, { netWeightGrams: 500 });
  const path = new URL(voucher.url).pathname; // the harness' public URL may be any origin
  for (let i = 0; i < 21; i++) expect((await harness.call("GET", `${path}?region=440100`, { headers: json })).status).toBe(200);
  expect((await harness.call("GET", path, { headers: json })).status).toBe(200); // unknown region
  advance(2 * HOUR); // the task is now overdue
  await harness.services.scanAnalytics.flush();
  return { regulator, wholesaler, restaurant, voucher };
}

