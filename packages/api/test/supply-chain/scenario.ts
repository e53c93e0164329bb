import { expect } from "vitest";
import { enzymeTest, type Harness, type TestOrg, vegetableBatch } from "../harness";
import { createBatch, issue } from "../routes/helpers";

/** A clock the harness reads; `tick()` moves it one minute, so every step has its own time. */
export function steppingClock(start = Date.parse("2026-03-01T00:00:00.000Z")) {
  let now = start;
  return { now: () => new Date(now), tick: () => (now += 60_000), at: () => new Date(now).toISOString() };
}

const sellerProfile = {
  uscc: "91440607MA4UJXKTX2",
  licence: { number: "JY14406070012345", validFrom: "2024-01-01", validUntil: "2029-12-31" },
  businessType: "wholesaler",
  address: "农产品批发市场 3 号楼 12 档",
  region: "440607",
  responsiblePerson: { name: "陈老板" },
  phone: "13800138000",
};

export interface Scenario {
  seller: TestOrg;
  buyer: TestOrg;
  other: TestOrg;
  /** The seller's lot, its two split lots, the buyer's received batch, another org's lot. */
  lot: string;
  lotA: string;
  lotB: string;
  received: string;
  otherLot: string;
  voucher: string;
  /** The times each step was recorded at. */
  times: Record<"created" | "split" | "testPass" | "sold" | "received" | "testFail" | "recalled" | "other", string>;
}

/**
 * One lot's life: created (100 kg), split 60/40, a passed test on the first lot, 10 kg of it
 * sold to a stall that scans the voucher into its ledger as its own batch, a failed test on the
 * second lot (suspends it), the whole lot recalled; plus another organisation's lot.
 */
export async function seedScenario(h: Harness, clock: ReturnType<typeof steppingClock>): Promise<Scenario> {
  const seller = await h.org("wholesaler", { name: "佛山鲜达蔬菜批发行" });
  expect((await h.call("PUT", `/v1/merchants/${seller.id}/profile`, { key: seller.key, json: sellerProfile })).status).toBe(200);
  const buyer = await h.org("stall", { name: "三水西南街市 8 号档" });
  const other = await h.org("wholesaler", { name: "Other Co" });
  const times = {} as Scenario["times"];

  clock.tick();
  times.created = clock.at();
  const lot = (await createBatch(h, seller, vegetableBatch(100_000))).code;
  clock.tick();
  times.split = clock.at();
  const split = await h.call("POST", `/v1/batches/${lot}/split`, { key: seller.key, json: { children: [{ quantity: 60_000 }, { quantity: 40_000 }] } });
  expect(split.status, split.text).toBe(201);
  const [lotA, lotB] = (split.body.children as Array<{ code: string }>).map((child) => child.code) as [string, string];
  clock.tick();
  times.testPass = clock.at();
  expect((await h.call("POST", `/v1/batches/${lotA}/rapid-tests`, { key: seller.key, json: enzymeTest(12) })).status).toBe(201);
  clock.tick();
  times.sold = clock.at();
  const voucher = await issue(h, seller, { batchCode: lotA, netWeightGrams: 10_000, buyerOrgId: buyer.id, gtin: "06901234567892", lot: "L-2026-03" });
  clock.tick();
  times.received = clock.at();
  const scanned = await h.call("POST", "/v1/ledger/scan", { key: buyer.key, json: { url: voucher.url, receiveAsBatch: true } });
  expect(scanned.status, scanned.text).toBe(201);
  const received = scanned.body.record.receivedBatchCode as string;
  clock.tick();
  times.testFail = clock.at();
  expect((await h.call("POST", `/v1/batches/${lotB}/rapid-tests`, { key: seller.key, json: enzymeTest(80) })).status).toBe(201);
  clock.tick();
  times.recalled = clock.at();
  expect((await h.call("POST", `/v1/batches/${lot}/recall`, { key: seller.key, json: { reason: "test-failed", level: "level-2" } })).status).toBe(201);
  clock.tick();
  times.other = clock.at();
  const otherLot = (await createBatch(h, other, vegetableBatch(5_000))).code;
  return { seller, buyer, other, lot, lotA, lotB, received, otherLot, voucher: voucher.code, times };
}
