import {
  ChinesePhone,
  checkUscc,
  FoodLicenceNumber,
  formatTraceCode,
  HealthCertificate,
  healthCertificateExpiry,
  healthCertificateState,
  IsoDate,
  OpeningHours,
  OrganisationKind,
  RegionCode,
  RetentionPolicy,
  type VoucherClaimsInput,
} from "@shian/schemas";
import { signVoucher, type VerificationResult } from "@shian/sdk";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { type AppConfig, publicBaseUrl } from "../config";
import type { Database } from "../db/database";
import { documents, healthCertificates, merchantCodes, merchantProfiles, organisations, vouchers } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import { newId } from "../lib/ids";
import { chinaDate } from "../lib/china-time";
import { type CurrentGrade, type GradeService, type InspectionView } from "./grades";
import type { LedgerService } from "./ledger";
import type { OrganisationService } from "./organisations";
import { mayActFor, type Principal, requireScope } from "./principal";
import type { SigningKeyService } from "./signing-keys";
import { upstreamCte } from "./status-changes";
import { PLATFORM_ORG_ID, type TrustService } from "./trust";

/** Merchant pages live under this path; merchant vouchers are signed with it as their base URL. */
export const MERCHANT_PATH = "/m/";
export const merchantBaseUrl = (config: AppConfig) => publicBaseUrl(config, MERCHANT_PATH);

/** Days before expiry a licence or health certificate counts as expiring. */
export const EXPIRY_WARN_DAYS = 30;

export const BusinessType = OrganisationKind.exclude(["regulator"]);

/**
 * 一户一档 profile. Strict: there is no grade field (grades are computed), and unknown fields
 * are refused. The USCC is checked strictly unless `usccLenient` (old registrations whose check
 * character is wrong are accepted with a warning).
 */
export const MerchantProfileInput = z
  .object({
    uscc: z.string().max(40),
    usccLenient: z.boolean().default(false),
    licence: z
      .object({ number: FoodLicenceNumber, validFrom: IsoDate, validUntil: IsoDate })
      .strict()
      .refine((licence) => licence.validUntil >= licence.validFrom, { message: "validUntil must not be before validFrom", path: ["validUntil"] })
      .optional(),
    businessType: BusinessType,
    address: z.string().trim().min(1).max(300),
    region: RegionCode,
    responsiblePerson: z.object({ name: z.string().trim().min(1).max(50), title: z.string().trim().min(1).max(50).optional() }).strict(),
    phone: ChinesePhone,
    openingHours: z.array(OpeningHours).max(14).default([]),
    /** Purchase-ledger retention overrides; the legal defaults apply to what is left out. */
    retentionPolicy: RetentionPolicy.partial().optional(),
  })
  .strict();

export const HealthCertificateInput = z
  .object({
    holderName: z.string().trim().min(1).max(50),
    number: z.string().trim().min(1).max(64).optional(),
    issuedBy: z.string().trim().min(1).max(100),
    issueDate: IsoDate,
    expiryDate: IsoDate.optional(),
    /** The scanned certificate: a document uploaded with kind health-certificate. */
    documentRef: z.string().max(64).optional(),
  })
  .strict();

export type ProfileRow = typeof merchantProfiles.$inferSelect;
export type LicenceState = "valid" | "expiring" | "expired" | "none";

export interface ProfileView {
  orgId: string;
  name: string;
  uscc: string;
  licence: { number: string; validFrom: string; validUntil: string; state: LicenceState } | null;
  businessType: string;
  address: string;
  region: string;
  responsiblePerson: { name: string; title?: string };
  phone: string;
  openingHours: unknown[];
  retentionPolicy: Record<string, number> | null;
  createdAt: string;
  updatedAt: string;
}

export interface HealthCertificateCounts {
  valid: number;
  expiring: number;
  expired: number;
}

export interface HealthCertificateView {
  id: string;
  orgId: string;
  holderName: string;
  number: string | null;
  issuedBy: string;
  issueDate: string;
  expiryDate: string;
  state: string;
  documentRef: string | null;
  createdAt: string;
}

export interface MerchantCodeView {
  code: string;
  orgId: string;
  url: string;
  createdAt: string;
}

/** Everything the public merchant page shows: no personal data beyond the responsible person's name. */
export interface MerchantPublicView {
  state: "valid" | "invalid";
  url: string;
  verification: VerificationResult;
  /** Why a code that verifies is still not valid here (not a merchant code, withdrawn). */
  problem?: { code: string; message: string };
  merchant?: {
    id: string;
    name: string;
    businessType: string;
    address: string | null;
    region: string | null;
    responsiblePerson: string | null;
    openingHours: unknown[];
    licence: { number: string; validUntil: string; state: LicenceState } | null;
    uscc: string | null;
  };
  grade?: CurrentGrade;
  inspections: Array<Pick<InspectionView, "id" | "inspectedAt" | "totalScore" | "keyItemsFailed"> & { band: string | null }>;
  healthCertificates?: HealthCertificateCounts;
  tests: Array<{ batchCode: string; productName: string; item: string; outcome: string; testedAt: string }>;
  sources: Array<{ productName: string; supplierName: string; originRegion: string | null; purchaseDate: string; sourceBatchCode: string | null; latestTest: { item: string; outcome: string; testedAt: string } | null }>;
  report: { businessId: string; hotline: string };
}

export function licenceState(validUntil: string | null, today: string): LicenceState {
  if (!validUntil) return "none";
  return healthCertificateState(validUntil, today, EXPIRY_WARN_DAYS);
}

/** Merchant profiles, staff health certificates and the signed merchant code (一店一码). */
export class MerchantService {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly orgs: OrganisationService,
    private readonly keys: SigningKeyService,
    private readonly trust: TrustService,
    private readonly grades: GradeService,
    private readonly ledger: LedgerService,
    private readonly now: () => Date,
  ) {}

  private today(): string {
    return chinaDate(this.now());
  }

  /** The business itself (or the platform admin) writes its profile. */
  async putProfile(principal: Principal, orgId: string, input: unknown): Promise<ProfileView & { warnings: string[] }> {
    requireScope(principal, "records:write");
    if (principal.orgId !== orgId && principal.role !== "admin") throw new ApiError("forbidden", "only the business itself writes its profile");
    const org = await this.orgs.get(orgId);
    if (org.role === "regulator" || org.role === "admin") throw new ApiError("invalid-request", "regulators and the platform have no business profile");
    const body = MerchantProfileInput.parse(input);
    const uscc = checkUscc(body.uscc, { lenient: body.usccLenient });
    if (!uscc.valid) throw new ApiError("invalid-request", `uscc: ${uscc.errors.join("; ")}`);
    const now = this.now().toISOString();
    const values = {
      orgId,
      uscc: uscc.normalised,
      licenceNumber: body.licence?.number ?? null,
      licenceValidFrom: body.licence?.validFrom ?? null,
      licenceValidUntil: body.licence?.validUntil ?? null,
      businessType: body.businessType,
      address: body.address,
      region: body.region,
      responsiblePerson: body.responsiblePerson,
      phone: body.phone,
      openingHours: body.openingHours,
      retentionPolicy: (body.retentionPolicy as Record<string, number> | undefined) ?? null,
      createdAt: now,
      updatedAt: now,
    };
    const { orgId: _id, createdAt: _created, ...update } = values;
    await this.db.batch([
      this.db.insert(merchantProfiles).values(values).onConflictDoUpdate({ target: merchantProfiles.orgId, set: update }),
      // The organisation's own USCC and region follow the profile.
      this.db.update(organisations).set({ uscc: values.uscc, region: values.region }).where(eq(organisations.id, orgId)),
    ]);
    return { ...(await this.profile(principal, orgId)), warnings: uscc.warnings };
  }

  /** The profile as its business, its market, or a regulator sees it. */
  async profile(principal: Principal, orgId: string): Promise<ProfileView> {
    const org = await this.orgs.get(orgId);
    if (!mayActFor(principal, org)) throw new ApiError("forbidden", "this profile belongs to another organisation");
    const row = await this.findProfile(orgId);
    if (!row) throw new ApiError("not-found", `${orgId} has no profile yet`);
    return this.profileView(row, org.name);
  }

  async findProfile(orgId: string): Promise<ProfileRow | undefined> {
    return this.db.select().from(merchantProfiles).where(eq(merchantProfiles.orgId, orgId)).get();
  }

  profileView(row: ProfileRow, name: string): ProfileView {
    return {
      orgId: row.orgId,
      name,
      uscc: row.uscc,
      licence: row.licenceNumber ? { number: row.licenceNumber, validFrom: row.licenceValidFrom!, validUntil: row.licenceValidUntil!, state: licenceState(row.licenceValidUntil, this.today()) } : null,
      businessType: row.businessType,
      address: row.address,
      region: row.region,
      responsiblePerson: row.responsiblePerson,
      phone: row.phone,
      openingHours: row.openingHours,
      retentionPolicy: row.retentionPolicy,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  /** The business itself, its market and regulators may read a business's file; 404 / 403 otherwise. */
  async requireReader(principal: Principal, orgId: string) {
    const org = await this.orgs.get(orgId);
    if (!mayActFor(principal, org)) throw new ApiError("forbidden", "this file belongs to another organisation");
    return org;
  }

  /** The business's file (一户一档) for the business, its market and regulators: profile, grade, history. */
  async file(principal: Principal, orgId: string) {
    const org = await this.requireReader(principal, orgId);
    const row = await this.findProfile(orgId);
    return {
      orgId,
      name: org.name,
      role: org.role,
      profile: row ? this.profileView(row, org.name) : null,
      grade: await this.grades.current(orgId),
      gradeHistory: await this.grades.history(orgId),
      inspections: await this.grades.listInspections(orgId, 20),
      healthCertificates: await this.healthCounts(orgId),
    };
  }

  async addHealthCertificate(principal: Principal, input: unknown): Promise<HealthCertificateView> {
    requireScope(principal, "records:write");
    const body = HealthCertificateInput.parse(input);
    const parsed = HealthCertificate.parse({
      kind: "health-certificate",
      holderName: body.holderName,
      issuedBy: body.issuedBy,
      issueDate: body.issueDate,
      expiryDate: body.expiryDate ?? healthCertificateExpiry(body.issueDate),
      ...(body.number ? { number: body.number } : {}),
    });
    if (body.documentRef) {
      const doc = await this.db.select({ kind: documents.kind }).from(documents).where(and(eq(documents.id, body.documentRef), eq(documents.orgId, principal.orgId))).get();
      if (doc?.kind !== "health-certificate") throw new ApiError("invalid-request", `documentRef ${body.documentRef} is not a health-certificate upload of yours (POST /v1/documents?kind=health-certificate first)`);
    }
    const row = {
      id: newId("hc"),
      orgId: principal.orgId,
      holderName: parsed.holderName,
      number: parsed.number ?? null,
      issuedBy: parsed.issuedBy,
      issueDate: parsed.issueDate,
      expiryDate: parsed.expiryDate,
      documentRef: body.documentRef ?? null,
      createdAt: this.now().toISOString(),
    };
    await this.db.insert(healthCertificates).values(row);
    return this.certificateView(row);
  }

  async listHealthCertificates(principal: Principal, orgId: string): Promise<HealthCertificateView[]> {
    const org = await this.orgs.get(orgId);
    if (!mayActFor(principal, org)) throw new ApiError("forbidden", "these certificates belong to another organisation");
    const rows = await this.db.select().from(healthCertificates).where(eq(healthCertificates.orgId, orgId)).orderBy(healthCertificates.expiryDate).limit(1000).all();
    return rows.map((row) => this.certificateView(row));
  }

  private certificateView(row: typeof healthCertificates.$inferSelect): HealthCertificateView {
    return { ...row, state: healthCertificateState(row.expiryDate, this.today(), EXPIRY_WARN_DAYS) };
  }

  /** Counts by state (valid / expiring within 30 days / expired): what the public page shows. */
  async healthCounts(orgId: string): Promise<HealthCertificateCounts> {
    const today = this.today();
    const warnUntil = addDaysIso(today, EXPIRY_WARN_DAYS);
    const row = await this.db
      .select({
        expired: sql<number>`COALESCE(SUM(CASE WHEN ${healthCertificates.expiryDate} < ${today} THEN 1 ELSE 0 END), 0)`,
        expiring: sql<number>`COALESCE(SUM(CASE WHEN ${healthCertificates.expiryDate} >= ${today} AND ${healthCertificates.expiryDate} <= ${warnUntil} THEN 1 ELSE 0 END), 0)`,
        valid: sql<number>`COALESCE(SUM(CASE WHEN ${healthCertificates.expiryDate} > ${warnUntil} THEN 1 ELSE 0 END), 0)`,
      })
      .from(healthCertificates)
      .where(eq(healthCertificates.orgId, orgId))
      .get();
    return { valid: Number(row?.valid ?? 0), expiring: Number(row?.expiring ?? 0), expired: Number(row?.expired ?? 0) };
  }

  /**
   * The business's merchant code (一店一码): a "merchant" voucher signed by the platform's
   * regulator-role key, URL under /m/. One per business: asking again returns the same code.
   * The business itself, its market or a regulator may ask; the business needs a profile.
   */
  async issueCode(principal: Principal, orgId: string): Promise<MerchantCodeView & { created: boolean }> {
    requireScope(principal, "records:write");
    const org = await this.orgs.get(orgId);
    if (!mayActFor(principal, org)) throw new ApiError("forbidden", "only the business, its market or a regulator may issue its merchant code");
    const profile = await this.findProfile(orgId);
    if (!profile) throw new ApiError("conflict", `${orgId} has no profile: PUT /v1/merchants/${orgId}/profile first`);
    const existing = await this.codeOf(orgId);
    if (existing) return { ...existing, created: false };
    const platform = await this.orgs.get(PLATFORM_ORG_ID);
    const { keyIndex, signer } = await this.keys.custodialKey(PLATFORM_ORG_ID);
    const serial = await this.orgs.reserveSerials(PLATFORM_ORG_ID, 1);
    const claims: VoucherClaimsInput = {
      type: "merchant",
      code: formatTraceCode({ namespace: platform.namespace, serial }),
      issuedAt: new Date(Math.floor(this.now().getTime() / 1000) * 1000).toISOString(),
      originRegion: profile.region,
    };
    const baseUrl = merchantBaseUrl(this.config);
    const voucher = await signVoucher(claims, { key: signer, keyIndex, baseUrl });
    const createdAt = this.now().toISOString();
    const digits = voucher.url.slice(baseUrl.length);
    const guard = sql`NOT EXISTS (SELECT 1 FROM merchant_codes WHERE org_id = ${orgId})`;
    const results = await this.db.batch([
      this.db.run(sql`INSERT INTO merchant_codes (code, org_id, digits, url, created_at) SELECT ${voucher.claims.code}, ${orgId}, ${digits}, ${voucher.url}, ${createdAt} WHERE ${guard}`),
      // The voucher row gives the code a status (revocable through the status list) like any other.
      this.db.run(sql`INSERT INTO vouchers (code, org_id, namespace, serial, type, batch_code, buyer_org_id, key_index, digits, url, claims, status, idempotency_key, created_at)
        SELECT ${voucher.claims.code}, ${PLATFORM_ORG_ID}, ${platform.namespace}, ${serial}, 'merchant', NULL, NULL, ${keyIndex}, ${digits}, ${voucher.url}, ${JSON.stringify(voucher.claims)}, 'valid', NULL, ${createdAt}
        WHERE EXISTS (SELECT 1 FROM merchant_codes WHERE code = ${voucher.claims.code})`),
    ]);
    if ((results[0] as { rowsAffected: number }).rowsAffected === 0) return { ...(await this.codeOf(orgId))!, created: false };
    return { code: voucher.claims.code, orgId, url: voucher.url, createdAt, created: true };
  }

  async codeOf(orgId: string): Promise<MerchantCodeView | undefined> {
    const row = await this.db.select().from(merchantCodes).where(eq(merchantCodes.orgId, orgId)).orderBy(desc(merchantCodes.createdAt)).limit(1).get();
    return row ? { code: row.code, orgId: row.orgId, url: row.url, createdAt: row.createdAt } : undefined;
  }

  /** Resolves a scanned merchant code to the public page's content. */
  async resolve(digits: string): Promise<MerchantPublicView> {
    const url = merchantBaseUrl(this.config) + digits;
    const row = await this.db
      .select({ code: merchantCodes, status: vouchers.status })
      .from(merchantCodes)
      .leftJoin(vouchers, eq(vouchers.code, merchantCodes.code))
      .where(eq(merchantCodes.digits, digits))
      .get();
    const verifier = await this.trust.verifier();
    const verification = await verifier.verify(url, { at: this.now(), preverified: row?.code.url === url });
    const empty = { inspections: [], tests: [], sources: [], report: { businessId: row?.code.orgId ?? "", hotline: "12315" } };
    if (!verification.valid) return { state: "invalid", url, verification, problem: verification.error!, ...empty };
    if (verification.voucher?.claims.type !== "merchant" || !row) {
      return { state: "invalid", url, verification, problem: { code: "not-a-merchant-code", message: "this code is not a merchant code registered here" }, ...empty };
    }
    if (row.status && row.status !== "valid") {
      return { state: "invalid", url, verification, problem: { code: row.status, message: `this merchant code is ${row.status}` }, ...empty };
    }
    return { state: "valid", url, verification, ...(await this.publicContent(row.code.orgId)) };
  }

  /** The public part of a business's file; nothing personal (certificate counts only). */
  async publicContent(orgId: string): Promise<Omit<MerchantPublicView, "state" | "url" | "verification">> {
    const org = await this.orgs.get(orgId);
    const profile = await this.findProfile(orgId);
    const today = this.today();
    const [grade, inspectionRows, health, tests, sources] = await Promise.all([
      this.grades.current(orgId),
      this.grades.listInspections(orgId, 5),
      this.healthCounts(orgId),
      this.recentTests(orgId),
      this.sources(orgId),
    ]);
    const bands = new Map(grade.evidence.map((item) => [item.id, item.band]));
    return {
      merchant: {
        id: org.id,
        name: org.name,
        businessType: profile?.businessType ?? org.role,
        address: profile?.address ?? null,
        region: profile?.region ?? org.region,
        responsiblePerson: profile?.responsiblePerson.name ?? null,
        openingHours: profile?.openingHours ?? [],
        licence: profile?.licenceNumber ? { number: profile.licenceNumber, validUntil: profile.licenceValidUntil!, state: licenceState(profile.licenceValidUntil, today) } : null,
        uscc: profile?.uscc ?? org.uscc,
      },
      grade,
      inspections: inspectionRows.map((row) => ({ id: row.id, inspectedAt: row.inspectedAt, totalScore: row.totalScore, keyItemsFailed: row.keyItemsFailed, band: bands.get(row.id) ?? null })),
      healthCertificates: health,
      tests,
      sources,
      report: { businessId: org.id, hotline: "12315" },
    };
  }

  /**
   * The last rapid tests of goods sold here: tests of the business's recent batches, of the
   * sellers' batches in its purchase ledger, and of every batch upstream of them (split
   * parents, the sellers' batches behind purchase vouchers).
   */
  async recentTests(orgId: string, limit = 10): Promise<MerchantPublicView["tests"]> {
    const rows = await this.db.all<{ batch_code: string; product_name: string; item: string; outcome: string; tested_at: string }>(sql`
      ${upstreamCte(sql`SELECT code FROM (SELECT code FROM batches WHERE org_id = ${orgId} ORDER BY created_at DESC LIMIT 50)
        UNION SELECT code FROM (SELECT source_batch_code AS code FROM purchase_records WHERE buyer_org_id = ${orgId} AND source_batch_code IS NOT NULL ORDER BY purchase_date DESC LIMIT 50)`)}
      SELECT t.batch_code, b.product_name, t.item, t.outcome, t.tested_at FROM rapid_tests t JOIN batches b ON b.code = t.batch_code
      WHERE t.batch_code IN (SELECT code FROM up) ORDER BY t.tested_at DESC LIMIT ${limit}`);
    return rows.map((row) => ({ batchCode: row.batch_code, productName: row.product_name, item: row.item, outcome: row.outcome, testedAt: row.tested_at }));
  }

  /** Where the current goods came from (一户一码): the last 30 days of the purchase ledger. */
  async sources(orgId: string): Promise<MerchantPublicView["sources"]> {
    return this.ledger.sourcesOf(orgId);
  }
}

function addDaysIso(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
