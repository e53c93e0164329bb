import { RecallLevel, RecallReason } from "@shian/schemas";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/database";
import { recalls } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import { newId } from "../lib/ids";
import type { BatchService } from "./batches";
import { type Principal, requireScope } from "./principal";
import { statusChangeStatements } from "./status-changes";

export const CreateRecall = z
  .object({ reason: RecallReason, level: RecallLevel, note: z.string().max(1000).optional() })
  .strict();

export interface RecallView {
  id: string;
  batchCode: string;
  orgId: string;
  reason: string;
  level: string;
  note: string | null;
  createdAt: string;
}

export class RecallService {
  constructor(
    private readonly db: Database,
    private readonly batches: BatchService,
    private readonly now: () => Date,
  ) {}

  /** Recalls a batch: it, every lot split from it, every voucher and every buyer's batch downstream. */
  async recall(principal: Principal, batchCode: string, input: unknown): Promise<RecallView> {
    requireScope(principal, "recalls:write");
    const batch = await this.batches.getFor(principal, batchCode);
    const { row, statements } = this.recallStatements(principal, batch, input);
    try {
      await this.db.batch(statements);
    } catch (error) {
      if (await this.db.select().from(recalls).where(eq(recalls.batchCode, batch.code)).get()) throw new ApiError("conflict", `batch ${batch.code} is already recalled`);
      throw error;
    }
    return row;
  }

  /**
   * The recall row and the statements that store it and move the tree to recalled, for a
   * caller that runs them in its own transaction (a confirmed lock-down). A recall of the same
   * batch already stored makes the batch fail on the unique batch code.
   */
  recallStatements(principal: Principal, batch: { code: string; status: string }, input: unknown) {
    const body = CreateRecall.parse(input);
    if (batch.status === "recalled" || batch.status === "revoked") throw new ApiError("conflict", `batch ${batch.code} is already ${batch.status}`);
    const row: RecallView = { id: newId("recall"), batchCode: batch.code, orgId: principal.orgId, reason: body.reason, level: body.level, note: body.note ?? null, createdAt: this.now().toISOString() };
    const statements = [this.db.insert(recalls).values(row), ...statusChangeStatements(this.db, batch.code, "recalled", `recalled: ${body.reason}`)] as const;
    return { row, statements };
  }

  async forBatch(code: string): Promise<RecallView | undefined> {
    return this.db.select().from(recalls).where(eq(recalls.batchCode, code)).get();
  }
}
