import { RecallLevel, RecallReason } from "@shian/schemas";
import { eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/database";
import { lockdownHolders, lockdowns, organisations, purchaseRecords } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import { selectInChunks } from "../lib/chunked";
import type { BatchService } from "./batches";
import type { OrganisationService } from "./organisations";
import { isSupervisor, mayActFor, type Principal, requireScope } from "./principal";
import type { RecallService, RecallView } from "./recalls";
import { descendantsCte, heldByOtherLockdownsCte, statusChangeStatements } from "./status-changes";

/** Webhook event types a lock-down sends to every holder. */
export const LOCKDOWN_EVENTS = ["lockdown.opened", "lockdown.confirmed", "lockdown.cleared"] as const;

export const ConfirmLockdown = z
  .object({ reason: RecallReason.default("test-failed"), level: RecallLevel.default("level-2"), note: z.string().trim().max(1000).optional() })
  .strict();
export const ClearLockdown = z.object({ note: z.string().trim().min(1).max(1000) }).strict();

export interface LockdownHolderView {
  orgId: string;
  name: string;
  role: string;
  batches: number;
  purchaseRecords: Array<{ id: string; productName: string; quantity: number; unit: string; purchaseDate: string; sourceVoucherCode: string | null; receivedBatchCode: string | null }>;
}

export interface LockdownView {
  id: string;
  batchCode: string;
  testId: string;
  orgId: string;
  state: string;
  descendants: number;
  recallId: string | null;
  resolvedByOrgId: string | null;
  resolvedAt: string | null;
  note: string | null;
  createdAt: string;
  holders: LockdownHolderView[];
}

/**
 * The statements that open a lock-down for a failed test, to run in the test's own batch
 * (after the suspension): the lock-down row, one holder row per organisation holding a batch
 * of the tree or having bought from it, and one outbox event per holder.
 */
export function openLockdownStatements(db: Database, input: { id: string; batchCode: string; testId: string; orgId: string; item: string; createdAt: string }) {
  const tree = descendantsCte(input.batchCode);
  return [
    db.run(sql`${tree} INSERT INTO lockdowns (id, batch_code, test_id, org_id, state, descendants, created_at)
      SELECT ${input.id}, ${input.batchCode}, ${input.testId}, ${input.orgId}, 'open', (SELECT COUNT(*) FROM tree), ${input.createdAt}`),
    db.run(sql`${tree}, sold(code, buyer) AS (SELECT code, buyer_org_id FROM vouchers WHERE batch_code IN (SELECT code FROM tree)),
      held(org_id, batch_code, record_id) AS (
        SELECT org_id, code, NULL FROM batches WHERE code IN (SELECT code FROM tree)
        UNION ALL SELECT buyer, NULL, NULL FROM sold WHERE buyer IS NOT NULL
        UNION ALL SELECT buyer_org_id, NULL, id FROM purchase_records WHERE source_voucher_code IN (SELECT code FROM sold)
        UNION ALL SELECT buyer_org_id, NULL, id FROM purchase_records WHERE source_batch_code IN (SELECT code FROM tree)
      )
      INSERT INTO lockdown_holders (lockdown_id, org_id, batches, purchase_record_ids)
      SELECT ${input.id}, org_id, COUNT(batch_code), json_group_array(DISTINCT record_id) FILTER (WHERE record_id IS NOT NULL) FROM held GROUP BY org_id`),
    notifyHoldersStatement(db, input.id, "lockdown.opened", { batchCode: input.batchCode, testId: input.testId, item: input.item }, input.createdAt),
  ] as const;
}

/** One outbox event per holder of a lock-down, carrying what it holds. */
function notifyHoldersStatement(db: Database, lockdownId: string, type: (typeof LOCKDOWN_EVENTS)[number], extra: Record<string, string>, createdAt: string) {
  const fields = Object.entries(extra).flatMap(([key, value]) => [sql`, ${key}, ${value}`]);
  return db.run(sql`INSERT INTO webhook_events (id, org_id, type, payload, fanned_out, created_at)
    SELECT 'evt_' || lower(hex(randomblob(10))), org_id, ${type},
      json_object('type', ${type}, 'lockdownId', lockdown_id${sql.join(fields, sql``)}, 'holder', json_object('orgId', org_id, 'batches', batches, 'purchaseRecordIds', json(purchase_record_ids))),
      0, ${createdAt}
    FROM lockdown_holders WHERE lockdown_id = ${lockdownId}`);
}

export class LockdownService {
  constructor(
    private readonly db: Database,
    private readonly orgs: OrganisationService,
    private readonly batches: BatchService,
    private readonly recalls: RecallService,
    private readonly now: () => Date,
  ) {}

  /** A lock-down with its holders and their purchase records: regulators, the testing organisation, the batch owner and its market. */
  async get(principal: Principal, id: string): Promise<LockdownView> {
    const row = await this.readable(principal, id);
    const holders = await this.db
      .select({ holder: lockdownHolders, name: organisations.name, role: organisations.role })
      .from(lockdownHolders)
      .leftJoin(organisations, eq(organisations.id, lockdownHolders.orgId))
      .where(eq(lockdownHolders.lockdownId, row.id))
      .orderBy(lockdownHolders.orgId)
      .all();
    const ids = holders.flatMap(({ holder }) => holder.purchaseRecordIds);
    const records = await selectInChunks(ids, (slice) =>
      this.db
        .select({ id: purchaseRecords.id, productName: purchaseRecords.productName, quantity: purchaseRecords.quantity, unit: purchaseRecords.unit, purchaseDate: purchaseRecords.purchaseDate, sourceVoucherCode: purchaseRecords.sourceVoucherCode, receivedBatchCode: purchaseRecords.receivedBatchCode })
        .from(purchaseRecords)
        .where(inArray(purchaseRecords.id, slice))
        .all(),
    );
    const byId = new Map(records.map((record) => [record.id, record]));
    return {
      ...row,
      holders: holders.map(({ holder, name, role }) => ({
        orgId: holder.orgId,
        name: name ?? "",
        role: role ?? "",
        batches: holder.batches,
        purchaseRecords: holder.purchaseRecordIds.flatMap((recordId) => byId.get(recordId) ?? []),
      })),
    };
  }

  /** The lock-downs of a batch (newest first), for those who may see it. */
  async forBatch(principal: Principal, code: string): Promise<Array<Omit<LockdownView, "holders">>> {
    const batch = await this.batches.getFor(principal, code);
    return this.db.select().from(lockdowns).where(eq(lockdowns.batchCode, batch.code)).orderBy(sql`${lockdowns.createdAt} DESC`).all();
  }

  /** Confirms the failure: the batch tree is recalled by the existing recall path, in the same transaction. */
  async confirm(principal: Principal, id: string, input: unknown): Promise<{ lockdown: LockdownView; recall: RecallView }> {
    requireScope(principal, "recalls:write");
    const body = ConfirmLockdown.parse(input ?? {});
    const row = await this.resolvable(principal, id);
    const batch = await this.batches.find(row.batchCode);
    if (!batch) throw new ApiError("not-found", `no batch ${row.batchCode}`);
    const { row: recall, statements } = this.recalls.recallStatements(principal, batch, { reason: body.reason, level: body.level, ...(body.note ? { note: body.note } : {}) });
    const at = this.now().toISOString();
    await this.resolve(row, "confirmed", principal, at, [
      this.db.update(lockdowns).set({ state: "confirmed", recallId: recall.id, resolvedByOrgId: principal.orgId, resolvedAt: at, note: body.note ?? null }).where(eq(lockdowns.id, row.id)),
      ...statements,
      notifyHoldersStatement(this.db, row.id, "lockdown.confirmed", { batchCode: row.batchCode, testId: row.testId, recallId: recall.id }, at),
    ]);
    return { lockdown: await this.get(principal, id), recall };
  }

  /**
   * Clears the lock-down: items still suspended go back to valid; anything recalled or revoked
   * in the meantime stays so (onlyFrom 'suspended'), and so does anything another open
   * lock-down still holds (its root and everything downstream, read in the same batch):
   * clearing a root's lock-down leaves a failed child lot's own lock-down in force.
   */
  async clear(principal: Principal, id: string, input: unknown): Promise<LockdownView> {
    requireScope(principal, "tests:write");
    const body = ClearLockdown.parse(input ?? {});
    const row = await this.resolvable(principal, id);
    const at = this.now().toISOString();
    await this.resolve(row, "cleared", principal, at, [
      this.db.update(lockdowns).set({ state: "cleared", resolvedByOrgId: principal.orgId, resolvedAt: at, note: body.note }).where(eq(lockdowns.id, row.id)),
      ...statusChangeStatements(this.db, row.batchCode, "valid", `lock-down cleared: ${body.note}`, { onlyFrom: "suspended", keep: heldByOtherLockdownsCte(row.id) }),
      notifyHoldersStatement(this.db, row.id, "lockdown.cleared", { batchCode: row.batchCode, testId: row.testId }, at),
    ]);
    return this.get(principal, id);
  }

  /** Runs a resolution; the resolution row's primary key makes a concurrent second one fail as a whole. */
  private async resolve(row: typeof lockdowns.$inferSelect, action: "confirmed" | "cleared", principal: Principal, at: string, statements: unknown[]): Promise<void> {
    const guard = this.db.run(sql`INSERT INTO lockdown_resolutions (lockdown_id, action, org_id, created_at) VALUES (${row.id}, ${action}, ${principal.orgId}, ${at})`);
    try {
      await this.db.batch([guard, ...(statements as [typeof guard])]);
    } catch (error) {
      const current = await this.db.select({ state: lockdowns.state }).from(lockdowns).where(eq(lockdowns.id, row.id)).get();
      if (current && current.state !== "open") throw new ApiError("conflict", `lock-down ${row.id} is already ${current.state}`);
      if (error instanceof ApiError) throw error;
      const batch = await this.batches.find(row.batchCode);
      if (batch && (batch.status === "recalled" || batch.status === "revoked")) throw new ApiError("conflict", `batch ${row.batchCode} is already ${batch.status}`);
      throw error;
    }
  }

  private async readable(principal: Principal, id: string): Promise<typeof lockdowns.$inferSelect> {
    const row = await this.db.select().from(lockdowns).where(eq(lockdowns.id, id)).get();
    if (!row) throw new ApiError("not-found", `no lock-down ${id}`);
    if (principal.orgId === row.orgId || isSupervisor(principal)) return row;
    const batch = await this.batches.find(row.batchCode);
    const owner = batch ? await this.orgs.get(batch.orgId) : undefined;
    if (!owner || !mayActFor(principal, owner)) throw new ApiError("forbidden", "this lock-down concerns another organisation's goods");
    return row;
  }

  /** Only a regulator (or the admin) or the organisation that recorded the failed test resolves a lock-down, once. */
  private async resolvable(principal: Principal, id: string): Promise<typeof lockdowns.$inferSelect> {
    const row = await this.db.select().from(lockdowns).where(eq(lockdowns.id, id)).get();
    if (!row) throw new ApiError("not-found", `no lock-down ${id}`);
    if (!isSupervisor(principal) && principal.orgId !== row.orgId) throw new ApiError("forbidden", "only a regulator or the organisation that recorded the failed test may resolve this lock-down");
    if (row.state !== "open") throw new ApiError("conflict", `lock-down ${row.id} is already ${row.state}`);
    return row;
  }
}
