import { formatFen, ReportSubmission, RewardTier, whistleblowerReward } from "@shian/schemas";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { type BlobStore, sniffMatches } from "../blobs/blob-store";
import { EVIDENCE_TYPES, stripImageMetadata } from "../blobs/strip-metadata";
import type { AppConfig } from "../config";
import type { Database } from "../db/database";
import { inspections, organisations, reportAttempts, reportEvidence, reports } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import { sha256Hex } from "../lib/crypto";
import { newId } from "../lib/ids";
import { hashSecret, verifySecret } from "../lib/password-hash";
import { chinaDate } from "../lib/china-time";
import { type Principal, requireRole, requireScope } from "./principal";

/** Evidence files per report and bytes per file. */
export const REPORT_EVIDENCE_MAX_FILES = 5;
export const REPORT_EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;

/** What a reporter sends to follow a case or claim a reward (any string: a malformed code is just a wrong one). */
export const ReportCredentials = z.object({ identityCode: z.string().min(1).max(64), password: z.string().min(1).max(128) }).strict();
export const ClaimReward = ReportCredentials.extend({ reportId: z.string().max(64).optional() }).strict();
export const TriageReport = z.object({ status: z.enum(["investigating", "unsubstantiated"]), note: z.string().trim().max(2000).optional() }).strict();
export const LinkInspection = z.object({ inspectionId: z.string().min(1).max(64) }).strict();
export const CloseReport = z
  .object({
    outcome: z.enum(["substantiated", "unsubstantiated"]),
    /** Fines and confiscations of the case in whole yuan (substantiated only). */
    fineYuan: z.number().int().min(0).max(1e12).optional(),
    tier: RewardTier.optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .strict()
  .refine((b) => b.outcome === "unsubstantiated" || (b.fineYuan !== undefined && b.tier !== undefined), { message: "a substantiated report needs fineYuan and tier", path: ["fineYuan"] })
  .refine((b) => b.outcome === "substantiated" || (b.fineYuan === undefined && b.tier === undefined), { message: "only a substantiated report has a fine and a reward tier", path: ["fineYuan"] });
export const ReportQuery = z.object({ status: z.enum(["received", "investigating", "substantiated", "unsubstantiated", "closed"]).optional(), orgId: z.string().max(64).optional() });

export type ReportRow = typeof reports.$inferSelect;
type EvidenceRow = typeof reportEvidence.$inferSelect;

export interface EvidenceView {
  id: string;
  contentType: string;
  size: number;
  sha256: string;
}
export interface RewardView {
  tier: string;
  fineYuan: number;
  rewardFen: number;
  /** e.g. ¥5,000.00 */
  reward: string;
  noticeAt: string;
  /** Last China date (inclusive) to claim. */
  claimDeadline: string;
  claimedAt: string | null;
}
/** What the reporter sees with code and password. */
export interface ReporterView {
  id: string;
  target: Record<string, string>;
  category: string;
  status: string;
  submittedOn: string;
  evidenceCount: number;
  outcome: string | null;
  reward: (RewardView & { claimReference: string | null }) | null;
}
/** What a regulator sees: the case, never the code, its hash or anything about the reporter. */
export interface RegulatorReportView {
  id: string;
  target: Record<string, string>;
  targetOrgId: string | null;
  category: string;
  description: string;
  status: string;
  submittedOn: string;
  evidence: EvidenceView[];
  triageNote: string | null;
  inspectionId: string | null;
  outcome: string | null;
  reward: (RewardView & { claimReference: string | null }) | null;
  updatedAt: string;
}

const normaliseCode = (code: string) => code.trim().toUpperCase();
const codeKeyOf = (code: string) => sha256Hex(`report-code:${normaliseCode(code)}`);
const secretOf = (code: string, password: string) => `${normaliseCode(code)}\u0000${password}`;
const evidenceView = ({ id, contentType, size, sha256 }: EvidenceRow): EvidenceView => ({ id, contentType, size, sha256 });

/** `days` working days (Monday–Friday; public holidays are not modelled) after a China date. */
export function addWorkingDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  let left = days;
  while (left > 0) {
    day.setUTCDate(day.getUTCDate() + 1);
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return day.toISOString().slice(0, 10);
}

/**
 * Anonymous reports (吹哨人, 不露面): submission without an account, follow-up and reward claim
 * with the reporter's identity code and password, triage and closing by regulators.
 */
export class ReportService {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly db: Database,
    private readonly blobs: BlobStore,
    private readonly config: AppConfig,
    private readonly now: () => Date,
  ) {}

  /** Stores one evidence image (JPEG or PNG, metadata stripped); a report names it by id. */
  async addEvidence(contentType: string, bytes: Uint8Array): Promise<EvidenceView> {
    const type = contentType.split(";")[0]!.trim().toLowerCase();
    const extension = EVIDENCE_TYPES[type];
    if (!extension) throw new ApiError("unsupported-media-type", `evidence is one of ${Object.keys(EVIDENCE_TYPES).join(", ")}`);
    if (bytes.length === 0) throw new ApiError("invalid-request", "the evidence file is empty");
    if (bytes.length > REPORT_EVIDENCE_MAX_BYTES) throw new ApiError("payload-too-large", `evidence files are limited to ${REPORT_EVIDENCE_MAX_BYTES} bytes`);
    const stripped = sniffMatches(bytes, type) ? stripImageMetadata(bytes, type) : undefined;
    if (!stripped) throw new ApiError("unsupported-media-type", `the bytes are not a well-formed ${type}`);
    const id = newId("evd");
    const row: EvidenceRow = {
      id,
      reportId: null,
      blobKey: `reports/${id}.${extension}`,
      contentType: type,
      size: stripped.length,
      sha256: [...new Uint8Array(await crypto.subtle.digest("SHA-256", stripped as BufferSource))].map((b) => b.toString(16).padStart(2, "0")).join(""),
    };
    await this.blobs.put(row.blobKey, stripped, type);
    try {
      await this.db.insert(reportEvidence).values(row);
    } catch (error) {
      await this.blobs.delete(row.blobKey).catch(() => undefined);
      throw error;
    }
    return evidenceView(row);
  }

  /** A new report: only a slow salted hash of code and password is kept, and nothing about the sender. */
  async submit(input: unknown): Promise<{ id: string; identityCode: string; status: string; submittedOn: string; evidenceCount: number }> {
    const body = ReportSubmission.parse(input);
    const refs = [...new Set(body.evidenceRefs)];
    if (refs.length > REPORT_EVIDENCE_MAX_FILES) throw new ApiError("invalid-request", `at most ${REPORT_EVIDENCE_MAX_FILES} evidence files per report`);
    if (refs.length > 0) {
      const free = await this.db.select({ id: reportEvidence.id }).from(reportEvidence).where(and(inArray(reportEvidence.id, refs), isNull(reportEvidence.reportId))).all();
      if (free.length !== refs.length) throw new ApiError("invalid-request", "evidenceRefs must be evidence uploaded for this report and not yet used");
    }
    let targetOrgId: string | null = null;
    if (body.target.kind === "business" && body.target.businessId) {
      const org = await this.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, body.target.businessId)).get();
      if (!org) throw new ApiError("invalid-request", `no business ${body.target.businessId}`);
      targetOrgId = org.id;
    }
    const now = this.now();
    const row: ReportRow = {
      id: newId("rpt"),
      codeKey: await codeKeyOf(body.identityCode),
      secretHash: await hashSecret(secretOf(body.identityCode, body.password), this.config.reportHashIterations),
      targetKind: body.target.kind,
      target: body.target as Record<string, string>,
      targetOrgId,
      category: body.category,
      description: body.description,
      status: "received",
      submittedOn: chinaDate(now),
      triageNote: null,
      inspectionId: null,
      outcome: null,
      fineYuan: null,
      rewardTier: null,
      rewardFen: null,
      rewardNoticeAt: null,
      claimDeadline: null,
      claimedAt: null,
      claimReference: null,
      updatedAt: now.toISOString(),
    };
    const insert = this.db.insert(reports).values(row);
    if (refs.length > 0) await this.db.batch([insert, this.db.update(reportEvidence).set({ reportId: row.id }).where(and(inArray(reportEvidence.id, refs), isNull(reportEvidence.reportId)))]);
    else await insert;
    return { id: row.id, identityCode: normaliseCode(body.identityCode), status: row.status, submittedOn: row.submittedOn, evidenceCount: refs.length };
  }

  /** The reporter's reports (a code may be used for several); the same error for an unknown code and a wrong password. */
  async follow(input: unknown): Promise<ReporterView[]> {
    const { identityCode, password } = ReportCredentials.parse(input);
    const rows = await this.authenticate(identityCode, password);
    const counts = await this.evidenceCounts(rows.map((r) => r.id));
    return rows.map((row) => this.reporterView(row, counts.get(row.id) ?? 0));
  }

  /** Claims a reward with code and password, once, by the deadline. */
  async claim(input: unknown): Promise<{ reportId: string; rewardFen: number; reward: string; claimReference: string; claimedAt: string }> {
    const { identityCode, password, reportId } = ClaimReward.parse(input);
    const rows = (await this.authenticate(identityCode, password)).filter((row) => row.rewardFen !== null && (reportId === undefined || row.id === reportId));
    if (rows.length === 0) throw new ApiError("conflict", "there is no reward to claim for these credentials", { detailCode: "no-reward" });
    const open = rows.filter((row) => row.claimedAt === null);
    if (rows.length > 1 && open.length > 1) throw new ApiError("invalid-request", "several reports have a reward: name one with reportId");
    const row = open[0] ?? rows[0]!;
    if (row.claimedAt !== null) throw new ApiError("conflict", "this reward has been claimed", { detailCode: "already-claimed" });
    const now = this.now();
    if (chinaDate(now) > row.claimDeadline!) throw new ApiError("conflict", `the claim deadline (${row.claimDeadline}) has passed`, { detailCode: "claim-deadline-passed" });
    const claimReference = `RC${[...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, "0")).join("").toUpperCase()}`;
    const claimedAt = now.toISOString();
    const updated = await this.db
      .update(reports)
      .set({ claimedAt, claimReference, updatedAt: claimedAt })
      .where(and(eq(reports.id, row.id), isNull(reports.claimedAt)))
      .returning({ id: reports.id });
    if (updated.length === 0) throw new ApiError("conflict", "this reward has been claimed", { detailCode: "already-claimed" });
    return { reportId: row.id, rewardFen: row.rewardFen!, reward: formatFen(row.rewardFen!), claimReference, claimedAt };
  }

  // ── regulators ──────────────────────────────────────────────────────────────

  async list(principal: Principal, query: unknown): Promise<RegulatorReportView[]> {
    this.requireRegulator(principal, "read");
    const { status, orgId } = ReportQuery.parse(query);
    const where = and(status ? eq(reports.status, status) : undefined, orgId ? eq(reports.targetOrgId, orgId) : undefined);
    const rows = await this.db.select().from(reports).where(where).orderBy(desc(reports.submittedOn), reports.id).limit(500).all();
    return this.regulatorViews(rows);
  }

  async get(principal: Principal, id: string): Promise<RegulatorReportView> {
    this.requireRegulator(principal, "read");
    return (await this.regulatorViews([await this.find(id)]))[0]!;
  }

  async triage(principal: Principal, id: string, input: unknown): Promise<RegulatorReportView> {
    this.requireRegulator(principal, "inspections:write");
    const body = TriageReport.parse(input);
    const row = await this.open(id);
    return this.save(row, { status: body.status, ...(body.note !== undefined ? { triageNote: body.note } : {}) });
  }

  async linkInspection(principal: Principal, id: string, input: unknown): Promise<RegulatorReportView> {
    this.requireRegulator(principal, "inspections:write");
    const { inspectionId } = LinkInspection.parse(input);
    const row = await this.open(id);
    const inspection = await this.db.select({ id: inspections.id, orgId: inspections.orgId }).from(inspections).where(eq(inspections.id, inspectionId)).get();
    if (!inspection) throw new ApiError("invalid-request", `no inspection ${inspectionId}`);
    if (row.targetOrgId && inspection.orgId !== row.targetOrgId) throw new ApiError("invalid-request", `inspection ${inspectionId} is of another business than the report's`);
    return this.save(row, { inspectionId, status: row.status === "received" ? "investigating" : row.status });
  }

  /** Closes a report; a substantiated one with a fine gets its reward (2021 tiers) and the claim window starts. */
  async close(principal: Principal, id: string, input: unknown): Promise<RegulatorReportView> {
    this.requireRegulator(principal, "inspections:write");
    const body = CloseReport.parse(input);
    const row = await this.open(id);
    const changes: Partial<ReportRow> = { status: "closed", outcome: body.outcome, ...(body.note !== undefined ? { triageNote: body.note } : {}) };
    if (body.outcome === "substantiated") {
      if (!row.inspectionId) throw new ApiError("conflict", "link the report to the inspection that found the violation before closing it as substantiated");
      changes.fineYuan = body.fineYuan!;
      changes.rewardTier = body.tier!;
      if (body.fineYuan! > 0) {
        const now = this.now();
        changes.rewardFen = whistleblowerReward(body.fineYuan!, body.tier!).rewardFen;
        changes.rewardNoticeAt = now.toISOString();
        changes.claimDeadline = addWorkingDays(chinaDate(now), this.config.reportClaimWorkingDays);
      }
    }
    return this.save(row, changes);
  }

  /** The stored evidence file (regulators). */
  async evidenceContent(principal: Principal, id: string, evidenceId: string): Promise<{ contentType: string; bytes: Uint8Array }> {
    this.requireRegulator(principal, "read");
    const row = await this.db.select().from(reportEvidence).where(and(eq(reportEvidence.id, evidenceId), eq(reportEvidence.reportId, id))).get();
    const blob = row && (await this.blobs.get(row.blobKey));
    if (!row || !blob) throw new ApiError("not-found", `no evidence ${evidenceId} in report ${id}`);
    return { contentType: row.contentType, bytes: blob.bytes };
  }

  // ── internals ───────────────────────────────────────────────────────────────

  private requireRegulator(principal: Principal, scope: "read" | "inspections:write") {
    requireRole(principal, ["regulator", "admin"], "handle reports");
    requireScope(principal, scope);
  }

  private async find(id: string): Promise<ReportRow> {
    const row = await this.db.select().from(reports).where(eq(reports.id, id)).get();
    if (!row) throw new ApiError("not-found", `no report ${id}`);
    return row;
  }

  private async open(id: string): Promise<ReportRow> {
    const row = await this.find(id);
    if (row.status === "closed") throw new ApiError("conflict", `report ${id} is closed`);
    return row;
  }

  private async save(row: ReportRow, changes: Partial<ReportRow>): Promise<RegulatorReportView> {
    const updatedAt = this.now().toISOString();
    // Only a report not closed meanwhile changes.
    const updated = await this.db
      .update(reports)
      .set({ ...changes, updatedAt })
      .where(and(eq(reports.id, row.id), sql`${reports.status} <> 'closed'`))
      .returning();
    if (updated.length === 0) throw new ApiError("conflict", `report ${row.id} is closed`);
    return (await this.regulatorViews(updated))[0]!;
  }

  /**
   * The reports of a code whose password matches. Always runs at least one hash (a stored
   * dummy for an unknown code), so an unknown code and a wrong password answer alike and in
   * similar time; failures per code (known or not) lock it with a doubling back-off.
   */
  private async authenticate(identityCode: string, password: string): Promise<ReportRow[]> {
    const codeKey = await codeKeyOf(identityCode);
    const now = this.now().getTime();
    const attempts = await this.db.select().from(reportAttempts).where(eq(reportAttempts.codeKey, codeKey)).get();
    if (attempts && attempts.lockedUntil > now) throw this.locked(attempts.lockedUntil - now);
    const rows = await this.db.select().from(reports).where(eq(reports.codeKey, codeKey)).orderBy(reports.submittedOn, reports.id).limit(50).all();
    const secret = secretOf(identityCode, password);
    const matched: ReportRow[] = [];
    if (rows.length === 0) await verifySecret(secret, await this.dummy());
    for (const row of rows) if (await verifySecret(secret, row.secretHash)) matched.push(row);
    if (matched.length === 0) {
      await this.fail(codeKey, now);
      throw new ApiError("unauthenticated", "the identity code or the password is wrong", { detailCode: "report-credentials" });
    }
    if (attempts && attempts.failures > 0) await this.db.update(reportAttempts).set({ failures: 0 }).where(eq(reportAttempts.codeKey, codeKey));
    return matched;
  }

  private async fail(codeKey: string, now: number): Promise<void> {
    const [row] = await this.db
      .insert(reportAttempts)
      .values({ codeKey, failures: 1, locks: 0, lockedUntil: 0 })
      .onConflictDoUpdate({ target: reportAttempts.codeKey, set: { failures: sql`${reportAttempts.failures} + 1` } })
      .returning();
    if (!row || row.failures < this.config.reportMaxFailures) return;
    const seconds = Math.min(this.config.reportLockoutSeconds * 2 ** Math.min(row.locks, 20), 86_400);
    await this.db
      .update(reportAttempts)
      .set({ failures: 0, locks: row.locks + 1, lockedUntil: now + seconds * 1000 })
      .where(and(eq(reportAttempts.codeKey, codeKey), sql`${reportAttempts.failures} >= ${this.config.reportMaxFailures}`));
  }

  private locked(ms: number): ApiError {
    const wait = Math.max(1, Math.ceil(ms / 1000));
    return new ApiError("rate-limited", `too many wrong attempts with this identity code; retry in ${wait} s`, { retryAfter: wait, detailCode: "report-locked" });
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashSecret("no report has this code", this.config.reportHashIterations);
    return this.dummyHash;
  }

  private async evidenceCounts(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.select({ reportId: reportEvidence.reportId, n: sql<number>`count(*)` }).from(reportEvidence).where(inArray(reportEvidence.reportId, ids)).groupBy(reportEvidence.reportId).all();
    return new Map(rows.map((r) => [r.reportId!, Number(r.n)]));
  }

  private reward(row: ReportRow) {
    if (row.rewardFen === null) return null;
    return {
      tier: row.rewardTier!,
      fineYuan: row.fineYuan!,
      rewardFen: row.rewardFen,
      reward: formatFen(row.rewardFen),
      noticeAt: row.rewardNoticeAt!,
      claimDeadline: row.claimDeadline!,
      claimedAt: row.claimedAt,
      claimReference: row.claimReference,
    };
  }

  private reporterView(row: ReportRow, evidenceCount: number): ReporterView {
    return { id: row.id, target: row.target, category: row.category, status: row.status, submittedOn: row.submittedOn, evidenceCount, outcome: row.outcome, reward: this.reward(row) };
  }

  private async regulatorViews(rows: ReportRow[]): Promise<RegulatorReportView[]> {
    const evidence = new Map<string, EvidenceView[]>();
    for (let i = 0; i < rows.length; i += 90) {
      const ids = rows.slice(i, i + 90).map((r) => r.id);
      for (const e of await this.db.select().from(reportEvidence).where(inArray(reportEvidence.reportId, ids)).all()) evidence.set(e.reportId!, [...(evidence.get(e.reportId!) ?? []), evidenceView(e)]);
    }
    return rows.map((row) => ({
      id: row.id,
      target: row.target,
      targetOrgId: row.targetOrgId,
      category: row.category,
      description: row.description,
      status: row.status,
      submittedOn: row.submittedOn,
      evidence: evidence.get(row.id) ?? [],
      triageNote: row.triageNote,
      inspectionId: row.inspectionId,
      outcome: row.outcome,
      reward: this.reward(row),
      updatedAt: row.updatedAt,
    }));
  }
}


