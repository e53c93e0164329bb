import { RegionCode } from "@shian/schemas";
import { and, eq, inArray, lte, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/database";
import { healthCertificates, merchantProfiles, organisations, selfInspections } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import { selectInChunks } from "../lib/chunked";
import type { CertificateService } from "./certificates";
import type { DocumentService } from "./documents";
import { chinaDate } from "../lib/china-time";
import type { GradeService } from "./grades";
import type { LedgerService } from "./ledger";
import { BusinessType, EXPIRY_WARN_DAYS, licenceState, type MerchantService } from "./merchants";
import { isSupervisor, type Principal } from "./principal";
import { templateFor } from "./self-inspection-templates";

export const MerchantQuery = z
  .object({
    region: RegionCode.optional(),
    type: BusinessType.optional(),
    grade: z.enum(["A", "B", "C", "none"]).optional(),
    /** Licences that expire within this many days (or have expired). */
    licenceExpiringWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
    /** Businesses with a staff health certificate expiring within this many days (or expired). */
    healthExpiringWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(500),
  })
  .strict();

export const ReminderQuery = z.object({ region: RegionCode.optional(), withinDays: z.coerce.number().int().min(0).max(365).default(EXPIRY_WARN_DAYS) }).strict();

export interface Reminder {
  orgId: string;
  name: string;
  region: string;
  kind: "licence-expired" | "licence-expiring" | "health-certificate-expired" | "health-certificate-expiring" | "self-inspection-overdue";
  /** The date it is (or was) due. */
  dueDate: string;
  /** How many certificates, for the health-certificate kinds. */
  count?: number;
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** GB/T 2260 codes under a region: a province or city code matches by prefix. */
function regionCondition(region: string | undefined): SQL | undefined {
  if (!region) return undefined;
  const prefix = region.endsWith("0000") ? region.slice(0, 2) : region.endsWith("00") ? region.slice(0, 4) : region;
  return sql`${merchantProfiles.region} LIKE ${`${prefix}%`}`;
}

/** Businesses a grade query looks at before filtering by the computed grade. */
const MAX_GRADE_CANDIDATES = 20_000;

/** Regulators' views: queries over businesses, the due-reminder list, and a business's archive. */
export class SupervisionService {
  constructor(
    private readonly db: Database,
    private readonly merchants: MerchantService,
    private readonly grades: GradeService,
    private readonly ledger: LedgerService,
    private readonly certificates: CertificateService,
    private readonly documents: DocumentService,
    private readonly now: () => Date,
  ) {}

  /**
   * Businesses by region (province/city/county), type, grade and expiring licences or
   * certificates. The grade is the one computed now from the stored inspections, as on the
   * merchant page (never the last recorded change, which lags behind a moving window or a
   * new rule set until the next recompute): with a grade filter it is computed for every
   * business the other filters select, then filtered.
   */
  async query(principal: Principal, input: unknown) {
    if (!isSupervisor(principal)) throw new ApiError("forbidden", "only regulators query across businesses");
    const q = MerchantQuery.parse(input);
    const today = chinaDate(this.now());
    const conditions: SQL[] = [];
    const region = regionCondition(q.region);
    if (region) conditions.push(region);
    if (q.type) conditions.push(eq(merchantProfiles.businessType, q.type));
    if (q.licenceExpiringWithinDays !== undefined) conditions.push(lte(merchantProfiles.licenceValidUntil, addDays(today, q.licenceExpiringWithinDays)));
    if (q.healthExpiringWithinDays !== undefined) {
      conditions.push(sql`EXISTS (SELECT 1 FROM health_certificates h WHERE h.org_id = ${merchantProfiles.orgId} AND h.expiry_date <= ${addDays(today, q.healthExpiringWithinDays)})`);
    }
    const rows = await this.db
      .select({ orgId: merchantProfiles.orgId, name: organisations.name, businessType: merchantProfiles.businessType, region: merchantProfiles.region, address: merchantProfiles.address, licenceNumber: merchantProfiles.licenceNumber, licenceValidUntil: merchantProfiles.licenceValidUntil })
      .from(merchantProfiles)
      .innerJoin(organisations, eq(organisations.id, merchantProfiles.orgId))
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(merchantProfiles.region, organisations.name)
      .limit(q.grade ? MAX_GRADE_CANDIDATES : q.limit)
      .all();
    const grades = await this.grades.currentGrades(rows.map((row) => row.orgId));
    const wanted = q.grade === "none" ? null : q.grade;
    return rows
      .map((row) => ({ ...row, grade: grades.get(row.orgId) ?? null, licenceState: licenceState(row.licenceValidUntil, today) }))
      .filter((row) => q.grade === undefined || row.grade === wanted)
      .slice(0, q.limit);
  }

  /**
   * Due reminders: licences and staff health certificates expiring within `withinDays` (or
   * expired), and self-inspections overdue under the business type's template. Regulators see
   * every business (of a region); a business sees its own.
   */
  async reminders(principal: Principal, input: unknown): Promise<Reminder[]> {
    const q = ReminderQuery.parse(input);
    const today = chinaDate(this.now());
    const horizon = addDays(today, q.withinDays);
    const conditions: SQL[] = [];
    const region = regionCondition(q.region);
    if (region) conditions.push(region);
    if (!isSupervisor(principal)) conditions.push(eq(merchantProfiles.orgId, principal.orgId));
    const profiles = await this.db
      .select({ orgId: merchantProfiles.orgId, name: organisations.name, region: merchantProfiles.region, businessType: merchantProfiles.businessType, licenceValidUntil: merchantProfiles.licenceValidUntil, createdAt: merchantProfiles.createdAt })
      .from(merchantProfiles)
      .innerJoin(organisations, eq(organisations.id, merchantProfiles.orgId))
      .where(conditions.length ? and(...conditions) : undefined)
      .limit(20_000)
      .all();
    const ids = profiles.map((p) => p.orgId);
    const health = await selectInChunks(ids, (slice) =>
      this.db
        .select({ orgId: healthCertificates.orgId, expired: sql<number>`SUM(CASE WHEN ${healthCertificates.expiryDate} < ${today} THEN 1 ELSE 0 END)`, expiring: sql<number>`SUM(CASE WHEN ${healthCertificates.expiryDate} >= ${today} THEN 1 ELSE 0 END)`, first: sql<string>`MIN(${healthCertificates.expiryDate})` })
        .from(healthCertificates)
        .where(and(inArray(healthCertificates.orgId, slice), lte(healthCertificates.expiryDate, horizon)))
        .groupBy(healthCertificates.orgId)
        .all(),
    );
    const lastSelf = await selectInChunks(ids, (slice) =>
      this.db.select({ orgId: selfInspections.orgId, last: sql<string>`MAX(${selfInspections.inspectedOn})` }).from(selfInspections).where(inArray(selfInspections.orgId, slice)).groupBy(selfInspections.orgId).all(),
    );
    const healthBy = new Map(health.map((row) => [row.orgId, row]));
    const selfBy = new Map(lastSelf.map((row) => [row.orgId, row.last]));
    const out: Reminder[] = [];
    for (const p of profiles) {
      const base = { orgId: p.orgId, name: p.name, region: p.region };
      if (p.licenceValidUntil && p.licenceValidUntil <= horizon) out.push({ ...base, kind: p.licenceValidUntil < today ? "licence-expired" : "licence-expiring", dueDate: p.licenceValidUntil });
      const h = healthBy.get(p.orgId);
      if (h && Number(h.expired) > 0) out.push({ ...base, kind: "health-certificate-expired", dueDate: h.first, count: Number(h.expired) });
      if (h && Number(h.expiring) > 0) out.push({ ...base, kind: "health-certificate-expiring", dueDate: Number(h.expired) > 0 ? today : h.first, count: Number(h.expiring) });
      const template = templateFor(p.businessType);
      if (template) {
        const last = selfBy.get(p.orgId);
        const due = addDays(last ?? chinaDate(new Date(p.createdAt)), template.everyDays);
        if (due < today) out.push({ ...base, kind: "self-inspection-overdue", dueDate: due });
      }
    }
    return out.sort((a, b) => (a.dueDate === b.dueDate ? a.orgId.localeCompare(b.orgId) : a.dueDate < b.dueDate ? -1 : 1));
  }

  /** A business's whole file as one JSON bundle (the printable HTML is rendered from it). */
  async archive(principal: Principal, orgId: string) {
    const org = await this.merchants.requireReader(principal, orgId);
    const file = await this.merchants.file(principal, orgId);
    const [inspections, health, selfChecks, docs, ledger, certificates, code] = await Promise.all([
      this.grades.listInspections(orgId, 1000),
      this.merchants.listHealthCertificates(principal, orgId),
      this.documents.listSelfInspections(principal, orgId),
      this.documents.list(principal, orgId),
      this.ledger.list(principal, orgId),
      this.certificates.list(principal, orgId),
      this.merchants.codeOf(orgId),
    ]);
    return {
      format: "shian-merchant-archive/1",
      exportedAt: this.now().toISOString(),
      organisation: { id: org.id, name: org.name, role: org.role, uscc: org.uscc, region: org.region, marketId: org.marketId },
      profile: file.profile,
      merchantCode: code ?? null,
      grade: file.grade,
      gradeHistory: file.gradeHistory,
      inspections,
      healthCertificates: health,
      selfInspections: selfChecks,
      documents: docs.map((doc) => ({ ...doc, content: `/v1/documents/${doc.id}/content` })),
      purchaseLedger: ledger,
      certificatesIssued: certificates,
    };
  }
}

export type MerchantArchive = Awaited<ReturnType<SupervisionService["archive"]>>;
