import {
  BUILT_IN_RULE_SETS,
  computeGrade,
  type GradeResult,
  GradeRuleSet,
  type Inspection,
  Inspection as InspectionSchema,
  InspectionItem,
  IsoDateTime,
  ruleSetForRegion,
  scoreToTenths,
  TenPointScore,
  failedKeyItems,
} from "@shian/schemas";
import { and, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/database";
import { gradeHistory, gradeRuleSets, inspections, merchantProfiles, organisations } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import { chinaDate } from "../lib/china-time";
import { IN_LIST_SIZE } from "../lib/chunked";
import { newId } from "../lib/ids";
import { isSupervisor, type Principal, requireScope } from "./principal";

/** What a regulator sends: the business is in the path, the id and the recording regulator are ours. */
export const RecordInspection = z
  .object({
    inspector: z.object({ name: z.string().trim().min(1).max(50), id: z.string().max(64).optional() }).strict(),
    inspectedAt: IsoDateTime.optional(),
    items: z.array(InspectionItem).min(1).max(500),
    totalScore: TenPointScore,
    checklistId: z.string().max(64).optional(),
    /** Evidence attachments (blob keys or document references). */
    evidence: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  })
  .strict();

export type InspectionRow = typeof inspections.$inferSelect;
export type GradeHistoryRow = typeof gradeHistory.$inferSelect;

export interface InspectionView {
  id: string;
  orgId: string;
  regulatorOrgId: string;
  inspector: { name: string; id?: string };
  inspectedAt: string;
  totalScore: number;
  keyItemsFailed: number;
  items: unknown[];
  checklistId: string | null;
  evidence: string[];
  createdAt: string;
}

export const inspectionView = (row: InspectionRow): InspectionView => ({
  id: row.id,
  orgId: row.orgId,
  regulatorOrgId: row.regulatorOrgId,
  inspector: row.inspector,
  inspectedAt: row.inspectedAt,
  totalScore: row.scoreTenths / 10,
  keyItemsFailed: row.keyItemsFailed,
  items: row.items,
  checklistId: row.checklistId,
  evidence: row.evidence,
  createdAt: row.createdAt,
});

export interface CurrentGrade {
  grade: "A" | "B" | "C" | null;
  reason: GradeResult["reason"];
  display: GradeResult["display"];
  average: number | null;
  asOf: string;
  windowStart: string;
  ruleSet: GradeResult["ruleSet"] & { name: { "zh-CN": string; en: string } };
  /** The inspections the grade is computed from, oldest first, with each one's band. */
  evidence: Array<{ id: string; inspectedAt: string; score: number; band: string; keyItemsFailed: number }>;
}

export interface GradeChange {
  seq: number;
  grade: string | null;
  reason: string;
  ruleSet: { id: string; version: number };
  average: number | null;
  inspectionIds: string[];
  trigger: string;
  asOf: string;
  createdAt: string;
}

const changeView = (row: GradeHistoryRow): GradeChange => ({
  seq: row.seq,
  grade: row.grade,
  reason: row.reason,
  ruleSet: { id: row.ruleSetId, version: row.ruleSetVersion },
  average: row.averageTenths === null ? null : row.averageTenths / 10,
  inspectionIds: row.inspectionIds,
  trigger: row.trigger,
  asOf: row.asOf,
  createdAt: row.createdAt,
});

/** Inspections as `computeGrade` takes them. Only the score and the failed key items count. */
function asInspection(row: Pick<InspectionRow, "id" | "orgId" | "inspectedAt" | "scoreTenths" | "keyItemsFailed" | "items" | "inspector">): Inspection {
  return {
    id: row.id,
    businessId: row.orgId,
    inspector: row.inspector,
    inspectedAt: row.inspectedAt,
    totalScore: row.scoreTenths / 10,
    items: row.items as Inspection["items"],
  };
}

/**
 * For sweeps over many businesses: the same inspection without its stored items, which are
 * replaced by as many failed key items as it had. `computeGrade` reads only the score and
 * the failed-key-item count, so the grade is identical; only ids leave the computation.
 */
function scoreOnly(row: { id: string; orgId: string; inspectedAt: string; scoreTenths: number; keyItemsFailed: number }): Inspection {
  const failed = { code: "k", title: "k", keyItem: true, passed: false } as Inspection["items"][number];
  return { id: row.id, businessId: row.orgId, inspector: { name: "-" }, inspectedAt: row.inspectedAt, totalScore: row.scoreTenths / 10, items: Array.from({ length: row.keyItemsFailed }, () => failed) };
}

/** The part of a grade that, when it changes, makes a new history row. */
const signature = (result: Pick<GradeResult, "grade" | "reason" | "ruleSet">) => `${result.grade ?? "-"}|${result.reason}|${result.ruleSet.id}|${result.ruleSet.version}`;
const rowSignature = (row: Pick<GradeHistoryRow, "grade" | "reason" | "ruleSetId" | "ruleSetVersion">) => `${row.grade ?? "-"}|${row.reason}|${row.ruleSetId}|${row.ruleSetVersion}`;

/** Longest window a rule set may have (GradeRuleSet.windowMonths ≤ 60): inspections older never count. */
const MAX_WINDOW_MS = 61 * 31 * 86_400_000;

/**
 * Inspections (量化分级 input) and the grades computed from them. Nobody writes a grade: it is
 * computed by the rule set in force for the business's jurisdiction (built-in sets plus rule
 * sets stored as data), and every change is kept with the inspections behind it.
 */
export class GradeService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  /** Built-in rule sets and the ones added as data. */
  async ruleSets(): Promise<GradeRuleSet[]> {
    const stored = await this.db.select({ body: gradeRuleSets.body }).from(gradeRuleSets).all();
    return [...BUILT_IN_RULE_SETS, ...stored.map((row) => GradeRuleSet.parse(row.body))];
  }

  /** Adds a rule set version (regulators and the platform). Existing versions never change. */
  async addRuleSet(principal: Principal, input: unknown): Promise<GradeRuleSet> {
    requireScope(principal, "inspections:write");
    if (!isSupervisor(principal)) throw new ApiError("forbidden", "only regulators may add grade rule sets");
    const ruleSet = GradeRuleSet.parse(input);
    const all = await this.ruleSets();
    if (all.some((set) => set.id === ruleSet.id && set.version === ruleSet.version)) throw new ApiError("conflict", `rule set ${ruleSet.id} version ${ruleSet.version} exists; add a new version`);
    const previous = all.filter((set) => set.id === ruleSet.id);
    if (previous.some((set) => set.jurisdiction !== ruleSet.jurisdiction)) throw new ApiError("invalid-request", `rule set ${ruleSet.id} belongs to another jurisdiction`);
    if (previous.some((set) => set.version > ruleSet.version)) throw new ApiError("invalid-request", "versions only go up");
    try {
      await this.db.insert(gradeRuleSets).values({
        id: ruleSet.id,
        version: ruleSet.version,
        jurisdiction: ruleSet.jurisdiction,
        effectiveFrom: ruleSet.effectiveFrom,
        body: ruleSet as unknown as Record<string, unknown>,
        createdBy: principal.orgId,
        createdAt: this.now().toISOString(),
      });
    } catch (error) {
      if ((await this.ruleSets()).some((set) => set.id === ruleSet.id && set.version === ruleSet.version)) throw new ApiError("conflict", `rule set ${ruleSet.id} version ${ruleSet.version} exists`);
      throw error;
    }
    return ruleSet;
  }

  /** Records an inspection (regulators only) and, in the same transaction, the grade change it causes. */
  async record(principal: Principal, orgId: string, input: unknown): Promise<{ inspection: InspectionView; grade: CurrentGrade; changed: boolean }> {
    requireScope(principal, "inspections:write");
    if (principal.role !== "regulator") throw new ApiError("forbidden", "only regulators record inspections");
    if (principal.orgId === orgId) throw new ApiError("forbidden", "an organisation cannot inspect itself");
    const body = RecordInspection.parse(input);
    const business = await this.businessRegion(orgId);
    const now = this.now();
    const inspectedAt = body.inspectedAt ? new Date(body.inspectedAt).toISOString() : now.toISOString();
    if (Date.parse(inspectedAt) > now.getTime() + 5 * 60_000) throw new ApiError("invalid-request", "inspectedAt is in the future");
    const id = newId("insp");
    const parsed = InspectionSchema.parse({ id, businessId: orgId, inspector: body.inspector, inspectedAt, items: body.items, totalScore: body.totalScore, ...(body.checklistId ? { checklistId: body.checklistId } : {}) });
    const row: InspectionRow = {
      id,
      orgId,
      regulatorOrgId: principal.orgId,
      inspector: parsed.inspector,
      inspectedAt,
      scoreTenths: scoreToTenths(parsed.totalScore),
      keyItemsFailed: failedKeyItems(parsed),
      items: parsed.items,
      checklistId: parsed.checklistId ?? null,
      evidence: body.evidence,
      createdAt: now.toISOString(),
    };
    const ruleSets = await this.ruleSets();
    const [existing, last] = await Promise.all([this.inspectionsOf(orgId, now), this.lastChange(orgId)]);
    const result = this.compute(ruleSets, business.region, [...existing.map(asInspection), asInspection(row)], now);
    const change = !last || rowSignature(last) !== signature(result) ? this.appendStatement(orgId, last?.seq ?? 0, result, id) : undefined;
    const results = await this.db.batch([this.db.insert(inspections).values(row), ...(change ? [change] : [])]);
    const lost = change !== undefined && (results[1] as { rowsAffected: number }).rowsAffected === 0;
    // Another writer appended a change in between: compute again from what is stored now.
    const changed = lost ? await this.reconcile(orgId, id) : change !== undefined;
    return { inspection: inspectionView(row), grade: this.currentOf(result, ruleSets), changed };
  }

  /**
   * Brings the history up to the grade computed now (a window may have moved since the last
   * change); appends a row if it differs. Returns whether it appended.
   */
  async reconcile(orgId: string, trigger = "recompute"): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = this.now();
      const business = await this.businessRegion(orgId);
      const ruleSets = await this.ruleSets();
      const [rows, last] = await Promise.all([this.inspectionsOf(orgId, now), this.lastChange(orgId)]);
      const result = this.compute(ruleSets, business.region, rows.map(asInspection), now);
      if (last && rowSignature(last) === signature(result)) return false;
      const [outcome] = await this.db.batch([this.appendStatement(orgId, last?.seq ?? 0, result, trigger)]);
      if ((outcome as { rowsAffected: number }).rowsAffected === 1) return true;
    }
    throw new ApiError("conflict", "the grade kept changing while it was recorded; retry");
  }

  /**
   * Recomputes the grade of many businesses (all with a profile when `orgIds` is absent) as of
   * now and records every change: a chunk of businesses per query and per write batch.
   */
  async recomputeAll(principal: Principal, orgIds?: string[]): Promise<{ businesses: number; changed: number }> {
    requireScope(principal, "inspections:write");
    if (!isSupervisor(principal)) throw new ApiError("forbidden", "only regulators may recompute grades");
    const ids = orgIds ?? (await this.db.select({ id: merchantProfiles.orgId }).from(merchantProfiles).orderBy(merchantProfiles.orgId).all()).map((row) => row.id);
    const ruleSets = await this.ruleSets();
    const now = this.now();
    let changed = 0;
    // Reads in IN-list slices (D1: ≤ 100 parameters a statement); one write batch per group.
    const GROUP = IN_LIST_SIZE * 5;
    for (let i = 0; i < ids.length; i += GROUP) {
      const group = ids.slice(i, i + GROUP);
      const statements = [];
      for (let j = 0; j < group.length; j += IN_LIST_SIZE) {
        for (const { orgId, result, last } of await this.computeSlice(group.slice(j, j + IN_LIST_SIZE), ruleSets, now, true)) {
          if (last && rowSignature(last) === signature(result)) continue;
          if (!last && result.reason === "no-inspections") continue;
          statements.push(this.appendStatement(orgId, last?.seq ?? 0, result, "recompute"));
        }
      }
      if (statements.length > 0) {
        const results = await this.db.batch(statements as [(typeof statements)[number], ...typeof statements]);
        changed += results.reduce((sum, result) => sum + (result as { rowsAffected: number }).rowsAffected, 0);
      }
    }
    return { businesses: ids.length, changed };
  }

  /**
   * The grades of many businesses as of now, computed from their stored inspections like
   * `current` (never read from the history, which can lag behind time and new rule sets).
   * Businesses without a profile are left out.
   */
  async currentGrades(orgIds: string[]): Promise<Map<string, "A" | "B" | "C" | null>> {
    const ruleSets = await this.ruleSets();
    const now = this.now();
    const out = new Map<string, "A" | "B" | "C" | null>();
    for (let i = 0; i < orgIds.length; i += IN_LIST_SIZE) {
      for (const { orgId, result } of await this.computeSlice(orgIds.slice(i, i + IN_LIST_SIZE), ruleSets, now, false)) out.set(orgId, result.grade);
    }
    return out;
  }

  /** One IN-list slice of businesses: each one's grade computed now (and its last history row when asked). */
  private async computeSlice(slice: string[], ruleSets: GradeRuleSet[], now: Date, withLast: boolean): Promise<Array<{ orgId: string; result: GradeResult; last?: GradeHistoryRow }>> {
    const [profiles, rows, lasts] = await Promise.all([
      this.db.select({ orgId: merchantProfiles.orgId, region: merchantProfiles.region }).from(merchantProfiles).where(inArray(merchantProfiles.orgId, slice)).all(),
      this.db
        .select({ id: inspections.id, orgId: inspections.orgId, inspectedAt: inspections.inspectedAt, scoreTenths: inspections.scoreTenths, keyItemsFailed: inspections.keyItemsFailed })
        .from(inspections)
        .where(and(inArray(inspections.orgId, slice), gt(inspections.inspectedAt, new Date(now.getTime() - MAX_WINDOW_MS).toISOString())))
        .all(),
      withLast
        ? this.db
            .select()
            .from(gradeHistory)
            .where(and(inArray(gradeHistory.orgId, slice), sql`${gradeHistory.seq} = (SELECT MAX(g.seq) FROM grade_history g WHERE g.org_id = ${gradeHistory.orgId})`))
            .all()
        : Promise.resolve([] as GradeHistoryRow[]),
    ]);
    const byOrg = new Map<string, Inspection[]>();
    for (const row of rows) {
      let list = byOrg.get(row.orgId);
      if (!list) byOrg.set(row.orgId, (list = []));
      list.push(scoreOnly(row));
    }
    const lastByOrg = new Map(lasts.map((row) => [row.orgId, row]));
    return profiles.map((profile) => ({ orgId: profile.orgId, result: this.compute(ruleSets, profile.region, byOrg.get(profile.orgId) ?? [], now), last: lastByOrg.get(profile.orgId) }));
  }

  /** The grade as of now, computed from the stored inspections (never from a stored grade). */
  async current(orgId: string): Promise<CurrentGrade> {
    const now = this.now();
    const business = await this.businessRegion(orgId);
    const ruleSets = await this.ruleSets();
    const rows = await this.inspectionsOf(orgId, now);
    return this.currentOf(this.compute(ruleSets, business.region, rows.map(asInspection), now), ruleSets);
  }

  async history(orgId: string): Promise<GradeChange[]> {
    const rows = await this.db.select().from(gradeHistory).where(eq(gradeHistory.orgId, orgId)).orderBy(desc(gradeHistory.seq)).limit(200).all();
    return rows.map(changeView);
  }

  async listInspections(orgId: string, limit = 50): Promise<InspectionView[]> {
    const rows = await this.db.select().from(inspections).where(eq(inspections.orgId, orgId)).orderBy(desc(inspections.inspectedAt)).limit(limit).all();
    return rows.map(inspectionView);
  }

  private compute(ruleSets: GradeRuleSet[], region: string | null, list: Inspection[], now: Date): GradeResult {
    const ruleSet = ruleSetForRegion(ruleSets, region, chinaDate(now));
    if (!ruleSet) throw new ApiError("internal", "no grade rule set applies");
    return computeGrade(list, ruleSet, now);
  }

  private currentOf(result: GradeResult, ruleSets: GradeRuleSet[]): CurrentGrade {
    const set = ruleSets.find((candidate) => candidate.id === result.ruleSet.id && candidate.version === result.ruleSet.version)!;
    return {
      grade: result.grade,
      reason: result.reason,
      display: result.display,
      average: result.average,
      asOf: result.asOf,
      windowStart: result.windowStart,
      ruleSet: { ...result.ruleSet, name: set.name },
      evidence: result.bands.map((band) => ({ id: band.id, inspectedAt: band.inspectedAt, score: band.scoreTenths / 10, band: band.band, keyItemsFailed: band.keyItemsFailed })),
    };
  }

  /** Appends a history row with sequence `lastSeq + 1`, only if no other row was appended since. */
  private appendStatement(orgId: string, lastSeq: number, result: GradeResult, trigger: string) {
    const id = newId("grade");
    const ids = JSON.stringify(result.used.map((inspection) => inspection.id));
    return this.db.run(sql`INSERT INTO grade_history (id, org_id, seq, grade, reason, rule_set_id, rule_set_version, average_tenths, inspection_ids, "trigger", as_of, created_at)
      SELECT ${id}, ${orgId}, ${lastSeq + 1}, ${result.grade}, ${result.reason}, ${result.ruleSet.id}, ${result.ruleSet.version}, ${result.averageTenths}, ${ids}, ${trigger}, ${result.asOf}, ${this.now().toISOString()}
      WHERE (SELECT COALESCE(MAX(seq), 0) FROM grade_history WHERE org_id = ${orgId}) = ${lastSeq}`);
  }

  private async lastChange(orgId: string): Promise<GradeHistoryRow | undefined> {
    return this.db.select().from(gradeHistory).where(eq(gradeHistory.orgId, orgId)).orderBy(desc(gradeHistory.seq)).limit(1).get();
  }

  private async inspectionsOf(orgId: string, now: Date): Promise<InspectionRow[]> {
    return this.db
      .select()
      .from(inspections)
      .where(and(eq(inspections.orgId, orgId), gt(inspections.inspectedAt, new Date(now.getTime() - MAX_WINDOW_MS).toISOString())))
      .all();
  }

  /** The business's region (it picks the rule set); 404 for unknown, 409 for non-businesses. */
  private async businessRegion(orgId: string): Promise<{ region: string | null }> {
    const row = await this.db
      .select({ role: organisations.role, orgRegion: organisations.region, profileRegion: merchantProfiles.region })
      .from(organisations)
      .leftJoin(merchantProfiles, eq(merchantProfiles.orgId, organisations.id))
      .where(eq(organisations.id, orgId))
      .get();
    if (!row) throw new ApiError("not-found", `no organisation ${orgId}`);
    if (row.role === "regulator" || row.role === "admin") throw new ApiError("invalid-request", `${orgId} is not a food business`);
    return { region: row.profileRegion ?? row.orgRegion };
  }
}

