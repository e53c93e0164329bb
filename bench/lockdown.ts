/**
 * Lock-down figure (issue 7), in process on an embedded libSQL file:
 * - `lockdown.descendants_per_s`: a failed rapid test on the root of a lot tree of about
 *   100,000 descendants (lots split four levels deep, 10 per level, then every bottom lot sold
 *   by voucher to buyers who received it as their own batch and have a purchase record of it),
 *   timed through RapidTestService.record: one transaction that suspends every batch and
 *   voucher of the tree, opens the lock-down, lists every holder with its purchase records and
 *   writes one outbox event per holder. The rate is tree batches per second.
 * - baseline (same run, same tree): the status change alone (statusChangeStatements to
 *   recalled, what a plain suspension or recall does), so the ratio is what holders and the
 *   outbox cost on top.
 * Seeding uses multi-row INSERTs in a few large transactions, so it stays well under a minute.
 */
import { formatTraceCode } from "@shian/schemas";
import { openLibsql } from "../packages/api/src/db/libsql";
import { batches, purchaseRecords, vouchers } from "../packages/api/src/db/schema/index";
import { internalPrincipal } from "../packages/api/src/services/internal-principal";
import { statusChangeStatements } from "../packages/api/src/services/status-changes";
import { withEmbeddedApi } from "./embedded-api";
import { progress, report } from "./measure";

/** Splits per level (4 levels: 10 + 100 + 1,000 + 10,000 lots) and sales per bottom lot (90,000 buyers' batches). */
const FAN_OUT = 10;
const LEVELS = 4;
const SALES_PER_LOT = Number(process.env.BENCH_LOCKDOWN_SALES_PER_LOT ?? 9);
const BUYERS = 100;
const ROWS_PER_INSERT = 400;

type Db = ReturnType<typeof openLibsql>["db"];
type BatchRow = typeof batches.$inferInsert;

export async function benchLockdown(): Promise<void> {
  await withEmbeddedApi("lockdown", async ({ db, services }) => {
    const market = await services.orgs.create({ name: "bench market", role: "wholesale-market", region: "440607" });
    const seller = await services.orgs.create({ name: "bench wholesaler", role: "wholesaler", marketId: market.id });
    const buyers = [];
    const roles = ["stall", "supermarket", "canteen"] as const;
    for (let i = 0; i < BUYERS; i++) buyers.push(await services.orgs.create({ name: `bench buyer ${i}`, role: roles[i % roles.length]!, marketId: i % 3 === 0 ? market.id : undefined }));

    const started = performance.now();
    const tree = await seedTree(db, seller, buyers);
    progress(`lockdown: seeded a tree of ${tree.size.toLocaleString("en")} batches (${tree.vouchers.toLocaleString("en")} vouchers, ${tree.records.toLocaleString("en")} purchase records) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const principal = internalPrincipal(market);
    const failing = { item: "organophosphate-carbamate", measured: { kind: "value", value: 80 }, tester: { name: "bench" }, testPoint: { id: "bench-lab" } };
    const t0 = performance.now();
    const result = await services.tests.record(principal, tree.root, failing);
    const lockdownSeconds = (performance.now() - t0) / 1000;
    const lockdown = await services.lockdowns.get(principal, result.lockdownId!);
    if (result.batchStatus !== "suspended" || lockdown.descendants !== tree.size || lockdown.holders.length !== BUYERS + 1) {
      throw new Error(`lock-down incomplete: ${result.batchStatus}, ${lockdown.descendants} of ${tree.size} batches, ${lockdown.holders.length} holders`);
    }
    const recordsListed = lockdown.holders.reduce((sum, holder) => sum + holder.purchaseRecords.length, 0);
    if (recordsListed !== tree.records) throw new Error(`lock-down lists ${recordsListed} of ${tree.records} purchase records`);

    const t1 = performance.now();
    await db.batch(statusChangeStatements(db, tree.root, "recalled", "bench baseline") as unknown as Parameters<Db["batch"]>[0]);
    const baselineSeconds = (performance.now() - t1) / 1000;

    const rate = tree.size / lockdownSeconds;
    const baseline = tree.size / baselineSeconds;
    progress(`lockdown: ${lockdownSeconds.toFixed(2)} s for the lock-down transaction, ${baselineSeconds.toFixed(2)} s for the status change alone`);
    report("lockdown.descendants_per_s", rate, "batches/s");
    report("lockdown.status_change_only_per_s", baseline, "batches/s");
    report("lockdown.ratio_vs_status_change_only", rate / baseline, "x");
  });
}

/** The tree in bulk: lots level by level, then sales, buyers' batches and their ledger lines. */
async function seedTree(db: Db, seller: { id: string; namespace: number }, buyers: Array<{ id: string; namespace: number }>) {
  const createdAt = new Date().toISOString();
  let serial = 1;
  const sellerBatch = (parentCode: string | null, quantity: number): BatchRow => {
    const s = serial++;
    return { code: formatTraceCode({ namespace: seller.namespace, serial: s }), orgId: seller.id, namespace: seller.namespace, serial: s, parentCode, sourceVoucherCode: null, productName: "菜心", productCategory: "vegetable", originRegion: "530424", quantity, unit: "gram", certificates: [], status: "valid", statusReason: null, createdAt };
  };
  const root = sellerBatch(null, 10 ** (LEVELS + 3));
  await insertAll(db, batches, [root]);
  let level = [root];
  let size = 1;
  for (let depth = 0; depth < LEVELS; depth++) {
    const next: BatchRow[] = [];
    for (const parent of level) for (let i = 0; i < FAN_OUT; i++) next.push(sellerBatch(parent.code, parent.quantity / FAN_OUT));
    await insertAll(db, batches, next);
    size += next.length;
    level = next;
  }
  const buyerSerial = new Map(buyers.map((buyer) => [buyer.id, 1]));
  const voucherRows: Array<typeof vouchers.$inferInsert> = [];
  const buyerBatches: BatchRow[] = [];
  const records: Array<typeof purchaseRecords.$inferInsert> = [];
  let sale = 0;
  for (const lot of level) {
    for (let i = 0; i < SALES_PER_LOT; i++) {
      const buyer = buyers[sale % buyers.length]!;
      const voucherSerial = serial++;
      const code = formatTraceCode({ namespace: seller.namespace, serial: voucherSerial });
      voucherRows.push({ code, orgId: seller.id, namespace: seller.namespace, serial: voucherSerial, type: "sale", batchCode: lot.code, buyerOrgId: buyer.id, keyIndex: 0, digits: `bench${sale}`, url: `http://127.0.0.1:18799/v/bench${sale}`, claims: {}, status: "valid", idempotencyKey: null, createdAt });
      const s = buyerSerial.get(buyer.id)!;
      buyerSerial.set(buyer.id, s + 1);
      const received = formatTraceCode({ namespace: buyer.namespace, serial: s });
      buyerBatches.push({ ...lot, code: received, orgId: buyer.id, namespace: buyer.namespace, serial: s, parentCode: null, sourceVoucherCode: code, quantity: 1 });
      records.push({ id: `pr_bench_${sale}`, buyerOrgId: buyer.id, source: "voucher", productName: "菜心", category: "vegetable", specification: "散装（称重）", quantity: 1, unit: "gram", edibleFarmProduce: true, purchaseDate: createdAt.slice(0, 10), supplierName: "bench wholesaler", supplierAddress: "bench", supplierPhone: "13800138000", sellerOrgId: seller.id, sourceVoucherCode: code, sourceVoucherUrl: `http://127.0.0.1:18799/v/bench${sale}`, sourceBatchCode: lot.code, receivedBatchCode: received, certificateRefs: [], retainUntil: "2099-01-01", createdAt });
      sale++;
    }
  }
  await insertAll(db, vouchers, voucherRows);
  await insertAll(db, batches, buyerBatches);
  await insertAll(db, purchaseRecords, records);
  size += buyerBatches.length;
  return { root: root.code, size, vouchers: voucherRows.length, records: records.length };
}

/** Multi-row INSERTs, 50 statements per transaction. */
async function insertAll<T extends typeof batches | typeof vouchers | typeof purchaseRecords>(db: Db, table: T, rows: Array<T["$inferInsert"]>): Promise<void> {
  const statements = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) statements.push(db.insert(table).values(rows.slice(i, i + ROWS_PER_INSERT) as never));
  for (let i = 0; i < statements.length; i += 50) {
    const group = statements.slice(i, i + 50);
    await db.batch(group as unknown as Parameters<Db["batch"]>[0]);
  }
}
