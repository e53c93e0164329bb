import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lockdownResolutions, lockdowns } from "../../src/db/schema/index";
import type { HistoryEvent } from "../../src/services/supply-chain/events";
import type { HistoryScope } from "../../src/services/supply-chain/history";
import { createHarness, type Harness } from "../harness";
import { type Scenario, seedScenario, steppingClock } from "./scenario";

let h: Harness;
let s: Scenario;
let clock: ReturnType<typeof steppingClock>;
beforeEach(async () => {
  clock = steppingClock();
  h = await createHarness({}, { now: clock.now });
  s = await seedScenario(h, clock);
});
afterEach(() => h.close());

/** The principal behind a test org's API key. */
const principalOf = async (key: string) => (await h.services.apiKeys.authenticate(key))!;

async function all(scope: HistoryScope, pageSize?: number): Promise<HistoryEvent[]> {
  const out: HistoryEvent[] = [];
  for await (const event of h.services.history.events(scope, pageSize ? { pageSize } : {})) out.push(event);
  return out;
}

const brief = (events: HistoryEvent[]) => events.map((event) => [event.at, event.type, event.batchCode]);

describe("supply-chain history of a lot", () => {
  it("yields the lot's whole tree in time order, typed, with nothing from other lots", async () => {
    const scope = await h.services.history.lotScope(await principalOf(s.seller.key), s.lot);
    const events = await all(scope);
    const t = s.times;
    expect(brief(events)).toEqual([
      [t.created, "batch-created", s.lot],
      [t.split, "split", s.lot],
      [t.testPass, "rapid-test", s.lotA],
      [t.sold, "voucher-issued", s.lotA],
      [t.received, "batch-created", s.received],
      [t.received, "receipt", s.received],
      [t.testFail, "rapid-test", s.lotB],
      [t.testFail, "suspension", s.lotB],
      [t.recalled, "recall", s.lot],
    ]);
    const [created, split, pass, sold, receivedBatch, receipt, fail, suspension, recall] = events as any[];
    expect(created).toMatchObject({ orgId: s.seller.id, product: { name: "菜心", category: "vegetable" }, originRegion: "530424", quantity: { value: 100_000, unit: "gram" }, sourceVoucherCode: null });
    expect(split).toMatchObject({ children: [{ code: s.lotA, quantity: { value: 60_000, unit: "gram" } }, { code: s.lotB, quantity: { value: 40_000, unit: "gram" } }] });
    expect(pass).toMatchObject({ item: "organophosphate-carbamate", outcome: "pass", method: "enzyme-inhibition", testPoint: { id: "lab-1" }, orgId: s.seller.id });
    expect(sold).toMatchObject({ voucherCode: s.voucher, voucherType: "sale", buyerOrgId: s.buyer.id, quantity: { value: 10_000, unit: "gram" }, gtin: "06901234567892", lot: "L-2026-03", orgId: s.seller.id });
    expect(receivedBatch).toMatchObject({ orgId: s.buyer.id, sourceVoucherCode: s.voucher, quantity: { value: 10_000, unit: "gram" } });
    expect(receipt).toMatchObject({ orgId: s.buyer.id, source: "voucher", sellerOrgId: s.seller.id, sourceVoucherCode: s.voucher, sourceBatchCode: s.lotA, receivedBatchCode: s.received, quantity: { value: 10_000, unit: "gram" } });
    expect(fail).toMatchObject({ outcome: "fail" });
    expect(suspension).toMatchObject({ testId: fail.testId, reason: "rapid test failed: organophosphate-carbamate" });
    expect(recall).toMatchObject({ reason: "test-failed", level: "level-2", orgId: s.seller.id });
  });

  it("pages by keyset: any page size and any cursor give the same sequence", async () => {
    const scope = await h.services.history.lotScope(await principalOf(s.seller.key), s.lot);
    const whole = await all(scope);
    expect(await all(scope, 1)).toEqual(whole);
    expect(await all(scope, 2)).toEqual(whole);
    for (const limit of [1, 2, 4]) {
      const pages: HistoryEvent[] = [];
      let after: string | undefined;
      do {
        const page = await h.services.history.page(scope, { limit, ...(after ? { after } : {}) });
        expect(page.events.length).toBeLessThanOrEqual(limit);
        pages.push(...page.events);
        after = page.next;
      } while (after);
      expect(pages).toEqual(whole);
    }
  });

  it("a split lot's history starts at its upstream lot and a time range narrows it", async () => {
    const scope = await h.services.history.lotScope(await principalOf(s.seller.key), s.lotB);
    expect(scope).toMatchObject({ ancestors: [s.lot] });
    expect(brief(await all(scope)).map(([, type, code]) => `${type} ${code}`)).toEqual([`batch-created ${s.lot}`, `split ${s.lot}`, `rapid-test ${s.lotB}`, `suspension ${s.lotB}`, `recall ${s.lot}`]);
    const narrowed = await h.services.history.lotScope(await principalOf(s.seller.key), s.lotB, { from: s.times.split, to: s.times.recalled });
    expect((await all(narrowed)).map((event) => event.type)).toEqual(["split", "rapid-test", "suspension"]);
  });

  it("a buyer sees its received batch but not the seller's lots upstream", async () => {
    const scope = await h.services.history.lotScope(await principalOf(s.buyer.key), s.received);
    expect(scope).toMatchObject({ ancestors: [] });
    expect((await all(scope)).map((event) => event.type)).toEqual(["batch-created", "receipt"]);
  });

  it("a cleared lock-down of the failed test is a resume event, after the recall and in the tester's range", async () => {
    const failed = (await all(await h.services.history.lotScope(await principalOf(s.seller.key), s.lotB))).find((event) => event.type === "rapid-test" && event.outcome === "fail")!;
    clock.tick();
    const cleared = clock.at();
    // The failed test may have opened its lock-down already (the rapid-test service does): one per test.
    await h.db.insert(lockdowns).values({ id: "lock_1", batchCode: s.lotB, testId: failed.id, orgId: s.seller.id, descendants: 1, createdAt: s.times.testFail }).onConflictDoNothing();
    await h.db.update(lockdowns).set({ state: "cleared", resolvedByOrgId: s.seller.id, resolvedAt: cleared, note: "retest passed" }).where(eq(lockdowns.testId, failed.id));
    const lockdownId = (await h.db.select({ id: lockdowns.id }).from(lockdowns).where(eq(lockdowns.testId, failed.id)).get())!.id;
    await h.db.insert(lockdownResolutions).values({ lockdownId, action: "cleared", orgId: s.seller.id, createdAt: cleared });
    // A confirmed lock-down is a recall, not a resume.
    await h.db.insert(lockdowns).values({ id: "lock_2", batchCode: s.lotA, testId: "test_other", orgId: s.seller.id, state: "confirmed", descendants: 1, createdAt: s.times.testFail });
    await h.db.insert(lockdownResolutions).values({ lockdownId: "lock_2", action: "confirmed", orgId: s.seller.id, createdAt: cleared });
    const events = await all(await h.services.history.lotScope(await principalOf(s.seller.key), s.lot));
    expect(events.slice(-2).map((event) => event.type)).toEqual(["recall", "resume"]);
    expect(events.at(-1)).toEqual({ type: "resume", id: lockdownId, at: cleared, orgId: s.seller.id, batchCode: s.lotB, lockdownId, testId: failed.id, note: "retest passed" });
    const org = await all(await h.services.history.orgScope(await principalOf(s.seller.key), s.seller.id, { from: cleared, to: "2027-01-01T00:00:00Z" }));
    expect(org.map((event) => event.type)).toEqual(["resume"]);
    const buyer = await all(await h.services.history.lotScope(await principalOf(s.buyer.key), s.received));
    expect(buyer.map((event) => event.type)).not.toContain("resume");
  });

  it("must not open another organisation's lot, an unknown lot or a bad cursor", async () => {
    const other = await principalOf(s.other.key);
    await expect(h.services.history.lotScope(other, s.lot)).rejects.toMatchObject({ code: "forbidden" });
    await expect(h.services.history.lotScope(other, "not-a-code")).rejects.toMatchObject({ code: "not-found" });
    const scope = await h.services.history.lotScope(await principalOf(s.seller.key), s.lot);
    await expect(h.services.history.page(scope, { limit: 5, after: "bm90LWEtY3Vyc29y" })).rejects.toMatchObject({ code: "invalid-request" });
  });
});

describe("supply-chain history of an organisation", () => {
  const year = { from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z" };

  it("yields what the organisation did, in time order, inside the range", async () => {
    const seller = await h.services.history.orgScope(await principalOf(s.seller.key), s.seller.id, year);
    expect((await all(seller)).map((event) => `${event.type} ${event.batchCode}`)).toEqual([
      `batch-created ${s.lot}`,
      `split ${s.lot}`,
      `rapid-test ${s.lotA}`,
      `voucher-issued ${s.lotA}`,
      `rapid-test ${s.lotB}`,
      `suspension ${s.lotB}`,
      `recall ${s.lot}`,
    ]);
    const buyer = await h.services.history.orgScope(await principalOf(s.buyer.key), s.buyer.id, year);
    expect((await all(buyer)).map((event) => `${event.type} ${event.batchCode}`)).toEqual([`batch-created ${s.received}`, `receipt ${s.received}`]);
    const narrow = await h.services.history.orgScope(await principalOf(s.seller.key), s.seller.id, { from: s.times.sold, to: s.times.testFail });
    expect((await all(narrow)).map((event) => event.type)).toEqual(["voucher-issued"]);
  });

  it("must not read another organisation's history or take a backwards range", async () => {
    await expect(h.services.history.orgScope(await principalOf(s.other.key), s.seller.id, year)).rejects.toMatchObject({ code: "forbidden" });
    await expect(h.services.history.orgScope(await principalOf(s.seller.key), s.seller.id, { from: year.to, to: year.from })).rejects.toThrow();
    await expect(h.services.history.orgScope(await principalOf(s.seller.key), "org_missing", year)).rejects.toMatchObject({ code: "not-found" });
  });
});
