import { catalogueItem, judgeMeasurement, RapidTestItem, RapidTestMeasurement, RapidTestMethod, RapidTestRecord, RapidTestThreshold, TestStandard } from "@shian/schemas";
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/database";
import { rapidTests, testPoints } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import { newId } from "../lib/ids";
import type { BatchService } from "./batches";
import { type Principal, requireScope } from "./principal";
import { openLockdownStatements } from "./lockdowns";
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
   * An item of the catalogue may leave out the threshold (and standard, method): the
   * catalogue's are used. A result may name a registered test point of the caller and one of
   * its operators. A failed result suspends the batch and everything downstream and opens a
   * lock-down (holders and their notifications) in one transaction.
   */
  async record(principal: Principal, batchCode: string, input: unknown): Promise<{ test: RapidTestView; batchStatus: string; lockdownId?: string }> {
    requireScope(principal, "tests:write");
    const batch = await this.batches.getFor(principal, batchCode);
    const body = RecordInput.parse(input);
    const filled = withCatalogueDefaults(body);
    const point = await this.namedTestPoint(principal, body);
    const outcome = judgeMeasurement(filled.measured, filled.threshold);
    const sample = { name: batch.productName, ...body.sample, batchCode: batch.code };
    const record = RapidTestRecord.parse({ testedAt: this.now().toISOString(), ...filled, ...(point ? { testPoint: point } : {}), sample, outcome });
    const id = newId("test");
    const createdAt = this.now().toISOString();
    const insert = this.db.insert(rapidTests).values({
      id,
      batchCode: batch.code,
      orgId: principal.orgId,
      item: record.item,
      outcome: record.outcome,
      testPointId: point?.id ?? null,
      record: record as unknown as Record<string, unknown>,
      testedAt: record.testedAt,
      createdAt,
    });
    let lockdownId: string | undefined;
    if (record.outcome === "fail") {
      lockdownId = newId("lock");
      await this.db.batch([
        insert,
        ...statusChangeStatements(this.db, batch.code, "suspended", `rapid test failed: ${record.item}`),
        ...openLockdownStatements(this.db, { id: lockdownId, batchCode: batch.code, testId: id, orgId: principal.orgId, item: record.item, createdAt }),
      ]);
    } else {
      await this.db.batch([insert, bumpVersion(this.db, STATUS_EPOCH)]);
    }
    const after = await this.batches.find(batch.code);
    return {
      test: { id, batchCode: batch.code, orgId: principal.orgId, item: record.item, outcome: record.outcome, record: record as unknown as Record<string, unknown>, testedAt: record.testedAt },
      batchStatus: after?.status ?? batch.status,
      ...(lockdownId ? { lockdownId } : {}),
    };
  }

  /** A registered test point the record names: the caller's own, and the tester one of its operators. */
  private async namedTestPoint(principal: Principal, body: z.infer<typeof RecordInput>): Promise<{ id: string; name: string } | undefined> {
    const pointId = body.testPoint?.id;
    if (typeof pointId !== "string") return undefined;
    const point = await this.db.select().from(testPoints).where(eq(testPoints.id, pointId)).get();
    if (!point) return undefined;
    if (point.orgId !== principal.orgId) throw new ApiError("forbidden", `test point ${point.id} belongs to another organisation`);
    const testerId = body.tester?.id;
    if (testerId !== undefined && !point.operators.some((operator) => operator.id === testerId)) {
      throw new ApiError("invalid-request", `tester ${testerId} is not an operator of test point ${point.id}`);
    }
    return { id: point.id, name: body.testPoint?.name ?? point.name };
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

const RecordInput = z
  .object({
    item: RapidTestItem,
    method: RapidTestMethod.optional(),
    standard: TestStandard.optional(),
    threshold: RapidTestThreshold.optional(),
    measured: RapidTestMeasurement,
    sample: z.object({}).passthrough().optional(),
    tester: z.object({ id: z.string().optional() }).passthrough().optional(),
    testPoint: z.object({ id: z.unknown(), name: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();

/**
 * Without a threshold, the catalogue item's threshold and standard are used (a standard given
 * with it must be the catalogue's), and its method unless one is given.
 */
function withCatalogueDefaults(body: z.infer<typeof RecordInput>) {
  if (body.threshold) return { ...body, threshold: body.threshold };
  const item = catalogueItem(body.item);
  if (!item) throw new ApiError("invalid-request", `item ${body.item} is not in the rapid-test catalogue: give method, standard and threshold`);
  if (body.standard && body.standard.code !== item.standard.code) {
    throw new ApiError("invalid-request", `the catalogue threshold of ${item.code} comes from ${item.standard.code}; give the threshold of ${body.standard.code} with it`);
  }
  return { ...body, method: body.method ?? item.method, standard: body.standard ?? item.standard, threshold: item.threshold };
}
