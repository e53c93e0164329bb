import { judgeMeasurement, RapidTestMeasurement, RapidTestRecord, RapidTestThreshold } from "@shian/schemas";
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/database";
import { rapidTests } from "../db/schema/index";
import { newId } from "../lib/ids";
import type { BatchService } from "./batches";
import { type Principal, requireScope } from "./principal";
import { statusChangeStatements } from "./status-changes";
import { bumpVersion, STATUS_EPOCH } from "./versions";

export interface RapidTestView {
  id: string;
  batchCode: string;
  orgId: string;
  item: string;
  outcome: string;
  record: Record<string, unknown>;
  testedAt: string;
}

export class RapidTestService {
  constructor(
    private readonly db: Database,
    private readonly batches: BatchService,
    private readonly now: () => Date,
  ) {}

  /**
   * Records a result; the outcome is computed from the measurement and the stored threshold.
   * A failed result suspends the batch and everything downstream of it in one transaction.
   */
  async record(principal: Principal, batchCode: string, input: unknown): Promise<{ test: RapidTestView; batchStatus: string }> {
    requireScope(principal, "tests:write");
    const batch = await this.batches.getFor(principal, batchCode);
    const body = z.object({ measured: RapidTestMeasurement, threshold: RapidTestThreshold, sample: z.object({}).passthrough().optional() }).passthrough().parse(input);
    const outcome = judgeMeasurement(body.measured, body.threshold);
    const sample = { name: batch.productName, ...body.sample, batchCode: batch.code };
    const record = RapidTestRecord.parse({ testedAt: this.now().toISOString(), ...body, sample, outcome });
    const id = newId("test");
    const insert = this.db.insert(rapidTests).values({
      id,
      batchCode: batch.code,
      orgId: principal.orgId,
      item: record.item,
      outcome: record.outcome,
      record: record as unknown as Record<string, unknown>,
      testedAt: record.testedAt,
      createdAt: this.now().toISOString(),
    });
    if (record.outcome === "fail") {
      await this.db.batch([insert, ...statusChangeStatements(this.db, batch.code, "suspended", `rapid test failed: ${record.item}`)]);
    } else {
      await this.db.batch([insert, bumpVersion(this.db, STATUS_EPOCH)]);
    }
    const after = await this.batches.find(batch.code);
    return {
      test: { id, batchCode: batch.code, orgId: principal.orgId, item: record.item, outcome: record.outcome, record: record as unknown as Record<string, unknown>, testedAt: record.testedAt },
      batchStatus: after?.status ?? batch.status,
    };
  }

  async forBatches(codes: string[]): Promise<RapidTestView[]> {
    const out: RapidTestView[] = [];
    for (const code of codes) {
      const rows = await this.db.select().from(rapidTests).where(eq(rapidTests.batchCode, code)).orderBy(desc(rapidTests.testedAt)).limit(20).all();
      out.push(...rows.map((row) => ({ id: row.id, batchCode: row.batchCode, orgId: row.orgId, item: row.item, outcome: row.outcome, record: row.record, testedAt: row.testedAt })));
    }
    return out;
  }
}
