import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, enzymeTest, type Harness, type TestOrg, vegetableBatch } from "../harness";
import { count, createBatch, expectProblem, issue, scan } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const profile = { uscc: "91440607MA4UJXKTX2", licence: { number: "JY14406070012345", validFrom: "2024-01-01", validUntil: "2029-12-31" }, businessType: "wholesaler", address: "批发市场 3 号楼 12 档", region: "440607", responsiblePerson: { name: "陈老板" }, phone: "13800138000" };

async function withProfile(org: TestOrg): Promise<TestOrg> {
  const reply = await h.call("PUT", `/v1/merchants/${org.id}/profile`, { key: org.key, json: profile });
  expect(reply.status, reply.text).toBe(200);
  return org;
}

/** Scans a voucher into the buyer's ledger; with `receive`, the buyer gets its own batch. */
async function buy(buyer: TestOrg, url: string, receive: boolean) {
  const reply = await h.call("POST", "/v1/ledger/scan", { key: buyer.key, json: { url, receiveAsBatch: receive } });
  expect(reply.status, reply.text).toBe(201);
  return reply.body.record as { id: string; receivedBatchCode: string | null };
}

const statusOf = async (code: string) => (await h.db.get<{ status: string }>(sql`SELECT status FROM batches WHERE code = ${code}`))?.status;

/**
 * market ← wholesaler: root → lots A, B; A sold to a stall (ledger + own batch), the stall's batch
 * sold on to a canteen (ledger + own batch); B sold to a supermarket (ledger only). An unrelated
 * batch of the same wholesaler and an unrelated organisation stay out of it.
 */
async function supplyChain() {
  const market = await h.org("wholesale-market");
  const regulator = await h.org("regulator");
  const wholesaler = await withProfile(await h.org("wholesaler", { marketId: market.id }));
  const stall = await withProfile(await h.org("stall", { marketId: market.id }));
  const supermarket = await h.org("supermarket");
  const canteen = await h.org("canteen");
  const stranger = await h.org("stall", { marketId: market.id });
  const root = await createBatch(h, wholesaler, vegetableBatch(1_000));
  const unrelated = await createBatch(h, wholesaler, vegetableBatch(500));
  const [lotA, lotB] = (await h.call("POST", `/v1/batches/${root.code}/split`, { key: wholesaler.key, json: { children: [{ quantity: 600 }, { quantity: 400 }] } })).body.children;
  const toStall = await issue(h, wholesaler, { batchCode: lotA.code, buyerOrgId: stall.id, netWeightGrams: 600 });
  const stallRecord = await buy(stall, toStall.url, true);
  const toCanteen = await issue(h, stall, { batchCode: stallRecord.receivedBatchCode!, buyerOrgId: canteen.id, netWeightGrams: 600 });
  const canteenRecord = await buy(canteen, toCanteen.url, true);
  const toSupermarket = await issue(h, wholesaler, { batchCode: lotB.code, buyerOrgId: supermarket.id, netWeightGrams: 400 });
  const supermarketRecord = await buy(supermarket, toSupermarket.url, false);
  const tree = [root.code, lotA.code, lotB.code, stallRecord.receivedBatchCode!, canteenRecord.receivedBatchCode!];
  return { market, regulator, wholesaler, stall, supermarket, canteen, stranger, root, lotA, lotB, unrelated, tree, records: { stall: stallRecord, canteen: canteenRecord, supermarket: supermarketRecord }, vouchers: { toStall, toCanteen, toSupermarket } };
}

const fail = (org: TestOrg, code: string) => h.call("POST", `/v1/batches/${code}/rapid-tests`, { key: org.key, json: enzymeTest(80) });

describe("lock-down on a failed rapid test", () => {
  it("suspends every descendant and lists every holder with its purchase records, one outbox event each, in the test's transaction", async () => {
    const c = await supplyChain();
    const reply = await fail(c.market, c.root.code);
    expect(reply.status, reply.text).toBe(201);
    expect(reply.body.batchStatus).toBe("suspended");
    const lockdownId = reply.body.lockdownId as string;
    expect(lockdownId).toMatch(/^lock_/);
    for (const code of c.tree) expect(await statusOf(code), code).toBe("suspended");
    expect(await statusOf(c.unrelated.code)).toBe("valid");
    for (const voucher of Object.values(c.vouchers)) expect((await h.db.get<{ status: string }>(sql`SELECT status FROM vouchers WHERE code = ${voucher.code}`))?.status).toBe("suspended");

    const view = await h.call("GET", `/v1/lockdowns/${lockdownId}`, { key: c.regulator.key });
    expect(view.status, view.text).toBe(200);
    expect(view.body).toMatchObject({ id: lockdownId, batchCode: c.root.code, orgId: c.market.id, state: "open", descendants: c.tree.length, recallId: null });
    const holders = Object.fromEntries(view.body.holders.map((holder: { orgId: string }) => [holder.orgId, holder]));
    expect(Object.keys(holders).sort()).toEqual([c.wholesaler.id, c.stall.id, c.supermarket.id, c.canteen.id].sort());
    expect(holders[c.wholesaler.id]).toMatchObject({ batches: 3, purchaseRecords: [] });
    expect(holders[c.stall.id]).toMatchObject({ role: "stall", batches: 1, purchaseRecords: [{ id: c.records.stall.id, sourceVoucherCode: c.vouchers.toStall.code, receivedBatchCode: c.tree[3] }] });
    expect(holders[c.canteen.id]).toMatchObject({ role: "canteen", batches: 1, purchaseRecords: [{ id: c.records.canteen.id, sourceVoucherCode: c.vouchers.toCanteen.code }] });
    expect(holders[c.supermarket.id]).toMatchObject({ role: "supermarket", batches: 0, purchaseRecords: [{ id: c.records.supermarket.id, quantity: 400, unit: "gram" }] });

    // The outbox: one lockdown.opened event per holder organisation, naming what it holds.
    const events = await h.db.all<{ org_id: string; type: string; payload: string }>(sql`SELECT org_id, type, payload FROM webhook_events ORDER BY org_id`);
    expect(events.map((event) => event.org_id).sort()).toEqual(Object.keys(holders).sort());
    for (const event of events) {
      expect(event.type).toBe("lockdown.opened");
      const payload = JSON.parse(event.payload);
      expect(payload).toMatchObject({ type: "lockdown.opened", lockdownId, batchCode: c.root.code, item: "organophosphate-carbamate", holder: { orgId: event.org_id } });
      expect(payload.holder.purchaseRecordIds).toEqual(holders[event.org_id].purchaseRecords.map((record: { id: string }) => record.id));
    }
    // The batch's lock-downs, as its owner sees them.
    const listed = await h.call("GET", `/v1/batches/${c.root.code}/lockdowns`, { key: c.wholesaler.key });
    expect(listed.body.lockdowns.map((lockdown: { id: string }) => lockdown.id)).toEqual([lockdownId]);
  });

  it("is one transaction: a failure in its last statement leaves no test, no suspension, no lock-down, no holder, no event", async () => {
    const c = await supplyChain();
    await h.db.run(sql.raw(`CREATE TRIGGER forced_outbox_failure BEFORE INSERT ON webhook_events BEGIN SELECT RAISE(ABORT, 'forced'); END`));
    const reply = await fail(c.market, c.root.code);
    expect(reply.status).toBe(500);
    for (const code of c.tree) expect(await statusOf(code), code).toBe("valid");
    for (const table of ["rapid_tests", "lockdowns", "lockdown_holders", "webhook_events"]) expect(await count(h, table), table).toBe(0);
    expect(await count(h, "vouchers", "status <> 'valid'")).toBe(0);
    await h.db.run(sql.raw("DROP TRIGGER forced_outbox_failure"));
    expect((await fail(c.market, c.root.code)).status).toBe(201);
    expect(await count(h, "lockdown_holders")).toBe(4);
  });

  it("who may see it: regulators, the testing organisation, the owner and its market; not a holder's neighbour or another market", async () => {
    const c = await supplyChain();
    const otherMarket = await h.org("wholesale-market");
    const { lockdownId } = (await fail(c.market, c.root.code)).body;
    for (const org of [c.regulator, c.market, c.wholesaler]) expect((await h.call("GET", `/v1/lockdowns/${lockdownId}`, { key: org.key })).status).toBe(200);
    for (const org of [c.stranger, otherMarket]) expectProblem(await h.call("GET", `/v1/lockdowns/${lockdownId}`, { key: org.key }), 403, "forbidden");
    expectProblem(await h.call("GET", "/v1/lockdowns/lock_nothing", { key: c.regulator.key }), 404, "not-found");
    expectProblem(await h.call("GET", `/v1/lockdowns/${lockdownId}`), 401, "unauthenticated");
  });
});

describe("confirm and clear", () => {
  it("only a regulator or the testing organisation resolves it: the owner, a holder and another market get 403 and nothing changes", async () => {
    const c = await supplyChain();
    const otherMarket = await h.org("wholesale-market");
    const { lockdownId } = (await fail(c.market, c.root.code)).body;
    for (const org of [c.wholesaler, c.stall, c.canteen, otherMarket]) {
      expectProblem(await h.call("POST", `/v1/lockdowns/${lockdownId}/confirm`, { key: org.key, json: {} }), 403, "forbidden");
      expectProblem(await h.call("POST", `/v1/lockdowns/${lockdownId}/clear`, { key: org.key, json: { note: "复检合格" } }), 403, "forbidden");
    }
    expect((await h.call("GET", `/v1/lockdowns/${lockdownId}`, { key: c.regulator.key })).body.state).toBe("open");
    for (const code of c.tree) expect(await statusOf(code)).toBe("suspended");
    expect(await count(h, "recalls")).toBe(0);
    expect(await count(h, "lockdown_resolutions")).toBe(0);
  });

  it("a regulator confirms: the tree is recalled through the recall path, holders are told; it cannot be confirmed or cleared again", async () => {
    const c = await supplyChain();
    const { lockdownId } = (await fail(c.market, c.root.code)).body;
    const reply = await h.call("POST", `/v1/lockdowns/${lockdownId}/confirm`, { key: c.regulator.key, json: { level: "level-1", note: "复检确认" } });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.recall).toMatchObject({ batchCode: c.root.code, orgId: c.regulator.id, reason: "test-failed", level: "level-1" });
    expect(reply.body.lockdown).toMatchObject({ state: "confirmed", recallId: reply.body.recall.id, resolvedByOrgId: c.regulator.id });
    for (const code of c.tree) expect(await statusOf(code), code).toBe("recalled");
    expect((await h.call("GET", `/v1/batches/${c.root.code}`, { key: c.wholesaler.key })).body.statusReason).toMatch(/recalled: test-failed/);
    expect(await count(h, "webhook_events", "type = 'lockdown.confirmed'")).toBe(4);

    expectProblem(await h.call("POST", `/v1/lockdowns/${lockdownId}/confirm`, { key: c.regulator.key, json: {} }), 409, "conflict");
    expectProblem(await h.call("POST", `/v1/lockdowns/${lockdownId}/clear`, { key: c.market.key, json: { note: "再议" } }), 409, "conflict");
    for (const code of c.tree) expect(await statusOf(code), code).toBe("recalled");
    expect(await count(h, "recalls")).toBe(1);
  });

  it("the testing organisation clears: suspended items resume, but clearing never un-recalls a lot recalled meanwhile", async () => {
    const c = await supplyChain();
    const { lockdownId } = (await fail(c.market, c.root.code)).body;
    const recalled = await h.call("POST", `/v1/batches/${c.lotB.code}/recall`, { key: c.wholesaler.key, json: { reason: "contamination", level: "level-3" } });
    expect(recalled.status, recalled.text).toBe(201);
    const reply = await h.call("POST", `/v1/lockdowns/${lockdownId}/clear`, { key: c.market.key, json: { note: "复检合格，解除" } });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toMatchObject({ state: "cleared", resolvedByOrgId: c.market.id, note: "复检合格，解除", recallId: null });
    for (const code of [c.root.code, c.lotA.code, c.tree[3], c.tree[4]]) expect(await statusOf(code), code).toBe("valid");
    expect(await statusOf(c.lotB.code)).toBe("recalled");
    expect((await h.db.get<{ status: string }>(sql`SELECT status FROM vouchers WHERE code = ${c.vouchers.toSupermarket.code}`))?.status).toBe("recalled");
    expect((await h.db.get<{ status: string }>(sql`SELECT status FROM vouchers WHERE code = ${c.vouchers.toStall.code}`))?.status).toBe("valid");
    expect(await count(h, "webhook_events", "type = 'lockdown.cleared'")).toBe(4);
    // cleared is final
    expectProblem(await h.call("POST", `/v1/lockdowns/${lockdownId}/confirm`, { key: c.regulator.key, json: {} }), 409, "conflict");
    expect(await statusOf(c.root.code)).toBe("valid");
  });

  it("a confirm and a clear sent at once: exactly one wins, the other is 409, and the statuses match the winner", async () => {
    const c = await supplyChain();
    const { lockdownId } = (await fail(c.market, c.root.code)).body;
    const replies = await Promise.all([
      h.call("POST", `/v1/lockdowns/${lockdownId}/confirm`, { key: c.regulator.key, json: {} }),
      h.call("POST", `/v1/lockdowns/${lockdownId}/clear`, { key: c.market.key, json: { note: "复检合格" } }),
      h.call("POST", `/v1/lockdowns/${lockdownId}/confirm`, { key: c.regulator.key, json: { level: "level-1" } }),
    ]);
    const winners = replies.filter((reply) => reply.status === 200);
    expect(winners).toHaveLength(1);
    for (const reply of replies) if (reply.status !== 200) expectProblem(reply, 409, "conflict");
    expect(await count(h, "lockdown_resolutions")).toBe(1);
    const state = (await h.call("GET", `/v1/lockdowns/${lockdownId}`, { key: c.regulator.key })).body.state;
    const expected = state === "confirmed" ? "recalled" : "valid";
    for (const code of c.tree) expect(await statusOf(code), code).toBe(expected);
    expect(await count(h, "recalls")).toBe(state === "confirmed" ? 1 : 0);
  });

  it("validates the bodies with zod", async () => {
    const c = await supplyChain();
    const { lockdownId } = (await fail(c.market, c.root.code)).body;
    expectProblem(await h.call("POST", `/v1/lockdowns/${lockdownId}/clear`, { key: c.market.key, json: {} }), 400, "invalid-request");
    expectProblem(await h.call("POST", `/v1/lockdowns/${lockdownId}/confirm`, { key: c.regulator.key, json: { level: "level-9" } }), 400, "invalid-request");
    expect((await h.call("GET", `/v1/lockdowns/${lockdownId}`, { key: c.regulator.key })).body.state).toBe("open");
  });
});

describe("overlapping lock-downs: a failed root (A) and a failed lot under it (B)", () => {
  const voucherStatus = async (code: string) => (await h.db.get<{ status: string }>(sql`SELECT status FROM vouchers WHERE code = ${code}`))?.status;
  /** Every status:<namespace> counter, by name. */
  const statusVersions = async () => Object.fromEntries((await h.db.all<{ name: string; value: number }>(sql`SELECT name, value FROM versions WHERE name LIKE 'status:%'`)).map((row) => [row.name, row.value]));
  const namespaceOf = async (code: string) => `status:${(await h.db.get<{ namespace: number }>(sql`SELECT namespace FROM batches WHERE code = ${code}`))!.namespace}`;

  async function twoLockdowns() {
    const c = await supplyChain();
    const a = await fail(c.market, c.root.code);
    expect(a.status, a.text).toBe(201);
    const b = await fail(c.regulator, c.lotA.code);
    expect(b.status, b.text).toBe(201);
    expect(b.body.lockdownId).not.toBe(a.body.lockdownId);
    // B's subtree: lot A, the stall's batch, the canteen's batch; its vouchers: to the stall, to the canteen.
    const subtreeB = [c.lotA.code, c.tree[3]!, c.tree[4]!];
    const onlyA = [c.root.code, c.lotB.code];
    return { ...c, lockdownA: a.body.lockdownId as string, lockdownB: b.body.lockdownId as string, subtreeB, onlyA };
  }
  const clear = (org: TestOrg, id: string) => h.call("POST", `/v1/lockdowns/${id}/clear`, { key: org.key, json: { note: "复检合格" } });

  it("clearing A first resumes only what B does not hold (scans of B's vouchers stay suspended); clearing B then resumes the rest", async () => {
    const c = await twoLockdowns();
    const before = await statusVersions();
    const stallNamespace = await namespaceOf(c.tree[3]!);
    const wholesalerNamespace = await namespaceOf(c.root.code);
    expect(stallNamespace).not.toBe(wholesalerNamespace);

    const clearedA = await clear(c.market, c.lockdownA);
    expect(clearedA.status, clearedA.text).toBe(200);
    for (const code of c.onlyA) expect(await statusOf(code), code).toBe("valid");
    for (const code of c.subtreeB) expect(await statusOf(code), code).toBe("suspended");
    expect(await voucherStatus(c.vouchers.toSupermarket.code)).toBe("valid");
    expect(await voucherStatus(c.vouchers.toStall.code)).toBe("suspended");
    expect(await voucherStatus(c.vouchers.toCanteen.code)).toBe("suspended");
    expect((await scan(h, c.vouchers.toStall.url)).body.state).toBe("suspended");
    expect((await scan(h, c.vouchers.toCanteen.url)).body.state).toBe("suspended");
    expect((await scan(h, c.vouchers.toSupermarket.url)).body.state).toBe("valid");
    // Only the namespace whose items changed (the wholesaler's) moves; the stall's, untouched, does not.
    const afterA = await statusVersions();
    expect(afterA[wholesalerNamespace]).toBe(before[wholesalerNamespace]! + 1);
    expect(afterA[stallNamespace]).toBe(before[stallNamespace]);

    const clearedB = await clear(c.regulator, c.lockdownB);
    expect(clearedB.status, clearedB.text).toBe(200);
    for (const code of c.tree) expect(await statusOf(code), code).toBe("valid");
    for (const voucher of Object.values(c.vouchers)) expect(await voucherStatus(voucher.code), voucher.code).toBe("valid");
    expect((await scan(h, c.vouchers.toCanteen.url)).body.state).toBe("valid");
    const afterB = await statusVersions();
    expect(afterB[stallNamespace]).toBe(afterA[stallNamespace]! + 1);
  });

  it("clearing B first changes nothing while A still holds its tree; clearing A then resumes all, never un-recalling a batch recalled meanwhile", async () => {
    const c = await twoLockdowns();
    const recalled = await h.call("POST", `/v1/batches/${c.tree[4]}/recall`, { key: c.canteen.key, json: { reason: "contamination", level: "level-3" } });
    expect(recalled.status, recalled.text).toBe(201);
    const before = await statusVersions();

    const clearedB = await clear(c.regulator, c.lockdownB);
    expect(clearedB.status, clearedB.text).toBe(200);
    expect(clearedB.body.state).toBe("cleared");
    for (const code of [...c.onlyA, c.subtreeB[0]!, c.subtreeB[1]!]) expect(await statusOf(code), code).toBe("suspended");
    expect(await statusOf(c.tree[4]!)).toBe("recalled");
    for (const voucher of Object.values(c.vouchers)) expect(await voucherStatus(voucher.code), voucher.code).toBe("suspended");
    expect((await scan(h, c.vouchers.toStall.url)).body.state).toBe("suspended");
    expect(await statusVersions()).toEqual(before);

    const clearedA = await clear(c.market, c.lockdownA);
    expect(clearedA.status, clearedA.text).toBe(200);
    for (const code of [...c.onlyA, c.subtreeB[0]!, c.subtreeB[1]!]) expect(await statusOf(code), code).toBe("valid");
    expect(await statusOf(c.tree[4]!)).toBe("recalled");
    for (const voucher of Object.values(c.vouchers)) expect(await voucherStatus(voucher.code), voucher.code).toBe("valid");
    expect((await scan(h, c.vouchers.toStall.url)).body.state).toBe("valid");
  });

  it("confirming A recalls the whole tree; clearing B afterwards leaves it recalled", async () => {
    const c = await twoLockdowns();
    expect((await h.call("POST", `/v1/lockdowns/${c.lockdownA}/confirm`, { key: c.regulator.key, json: {} })).status).toBe(200);
    expect((await clear(c.regulator, c.lockdownB)).status).toBe(200);
    for (const code of c.tree) expect(await statusOf(code), code).toBe("recalled");
    expect((await scan(h, c.vouchers.toStall.url)).body.state).toBe("recalled");
  });

  it("A and B cleared at once: whichever commits last sees the other resolved, so everything resumes", async () => {
    const c = await twoLockdowns();
    const replies = await Promise.all([clear(c.market, c.lockdownA), clear(c.regulator, c.lockdownB)]);
    for (const reply of replies) expect(reply.status, reply.text).toBe(200);
    for (const code of c.tree) expect(await statusOf(code), code).toBe("valid");
    for (const voucher of Object.values(c.vouchers)) expect(await voucherStatus(voucher.code), voucher.code).toBe("valid");
  });

  it("an unrelated open lock-down elsewhere does not keep A's tree suspended", async () => {
    const c = await supplyChain();
    const { lockdownId } = (await fail(c.market, c.root.code)).body;
    expect((await fail(c.market, c.unrelated.code)).status).toBe(201);
    expect((await clear(c.market, lockdownId)).status).toBe(200);
    for (const code of c.tree) expect(await statusOf(code), code).toBe("valid");
    expect(await statusOf(c.unrelated.code)).toBe("suspended");
  });
});
