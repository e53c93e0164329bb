import {
  ChinesePhone,
  CollectorSourceRecord,
  CommitmentBasis,
  CommitmentCertificate,
  commitmentStatements,
  formatTraceCode,
  IntegerAmount,
  IsoDate,
  IssuerSignature,
  parseTraceCode,
  Quantity,
  RegionCode,
  type VoucherClaimsInput,
} from "@shian/schemas";
import { decodeVoucher, isShianError, type IssuerRole, rolesMayIssue, signVoucher, type VerificationResult } from "@shian/sdk";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { type AppConfig, publicBaseUrl } from "../config";
import type { Database } from "../db/database";
import { batches, certificateAttachments, complianceCertificates, merchantProfiles } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import { chinaDate } from "../lib/china-time";
import type { OrganisationService } from "./organisations";
import { mayActFor, type Principal, requireScope } from "./principal";
import type { SigningKeyService } from "./signing-keys";
import type { TrustService } from "./trust";

/** Certificate pages live under this path; certificate vouchers are signed with it as their base URL. */
export const CERTIFICATE_PATH = "/c/";
export const certificateBaseUrl = (config: AppConfig) => publicBaseUrl(config, CERTIFICATE_PATH);

/** Records of issued certificates are kept this long by default (the 2026 rule: at least 2 years). */
export const CERTIFICATE_RETENTION_MONTHS = 24;

/**
 * What a producer or collector sends. The issuer's name is its organisation's; its phone comes
 * from its profile unless given; all three commitment statements are made unless listed.
 */
export const IssueCertificate = z
  .object({
    form: z.enum(["producer", "collector"]),
    commitments: z.array(z.enum(commitmentStatements.values)).optional(),
    bases: z.array(CommitmentBasis).min(1),
    productName: z.string().trim().min(1).max(100),
    quantity: Quantity.optional(),
    netWeightGrams: IntegerAmount.optional(),
    origin: z.object({ region: RegionCode, detail: z.string().trim().min(1).max(200).optional() }).strict(),
    issuer: z.object({ phone: ChinesePhone.optional(), address: z.string().trim().min(1).max(300).optional() }).strict().optional(),
    issueDate: IsoDate.optional(),
    signature: IssuerSignature,
    /** The issuer's own batch the certificate travels with. */
    batchCode: z.string().max(64).optional(),
    testReportRef: z.string().trim().min(1).max(64).optional(),
    sourceRecords: z.array(CollectorSourceRecord).max(500).optional(),
  })
  .strict();

export const AttachCertificate = z
  .object({
    /** The certificate's URL (as scanned from its QR) or its code. */
    certificate: z.string().trim().min(1).max(2048),
  })
  .strict();

export type CertificateRow = typeof complianceCertificates.$inferSelect;

export interface CertificateView {
  code: string;
  orgId: string;
  url: string;
  form: string;
  certificate: CommitmentCertificate;
  batchCode: string | null;
  retainUntil: string;
  createdAt: string;
}

const view = (row: CertificateRow): CertificateView => ({
  code: row.code,
  orgId: row.orgId,
  url: row.url,
  form: row.form,
  certificate: row.body as unknown as CommitmentCertificate,
  batchCode: row.batchCode,
  retainUntil: row.retainUntil,
  createdAt: row.createdAt,
});

export interface CertificatePublicView {
  state: "valid" | "invalid" | "suspended" | "recalled" | "revoked";
  url: string;
  verification: VerificationResult;
  problem?: { code: string; message: string };
  certificate?: CommitmentCertificate;
  code?: string;
  attachedTo: Array<{ batchCode: string; orgId: string; attachedAt: string }>;
}

/**
 * 承诺达标合格证: producers and collectors issue them (signed `certificate` vouchers carrying
 * every mandatory field), anyone scans them, and buyers attach them to their batches on receipt.
 */
export class CertificateService {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly orgs: OrganisationService,
    private readonly keys: SigningKeyService,
    private readonly trust: TrustService,
    private readonly now: () => Date,
  ) {}

  async issue(principal: Principal, input: unknown): Promise<CertificateView> {
    requireScope(principal, "vouchers:write");
    if (!rolesMayIssue([principal.role as IssuerRole], "certificate")) throw new ApiError("forbidden", `${principal.role} organisations may not issue compliance certificates (producers and collectors do)`);
    const body = IssueCertificate.parse(input);
    const org = await this.orgs.get(principal.orgId);
    const profile = await this.db.select().from(merchantProfiles).where(eq(merchantProfiles.orgId, org.id)).get();
    let batch: typeof batches.$inferSelect | undefined;
    if (body.batchCode) {
      const parsed = parseTraceCode(body.batchCode);
      batch = parsed.ok ? await this.db.select().from(batches).where(eq(batches.code, parsed.canonical)).get() : undefined;
      if (!batch) throw new ApiError("not-found", `no batch ${body.batchCode}`);
      if (batch.orgId !== org.id) throw new ApiError("forbidden", `batch ${batch.code} belongs to another organisation`);
      if (batch.status !== "valid") throw new ApiError("conflict", `batch ${batch.code} is ${batch.status}`);
    }
    const serial = await this.orgs.reserveSerials(org.id, 1);
    const code = formatTraceCode({ namespace: org.namespace, serial });
    const phone = body.issuer?.phone ?? profile?.phone;
    const address = body.issuer?.address ?? profile?.address;
    const candidate = {
      kind: "commitment-compliance",
      form: body.form,
      code,
      commitments: body.commitments ?? [...commitmentStatements.values],
      bases: body.bases,
      productName: body.productName,
      ...(body.quantity ? { quantity: body.quantity } : {}),
      ...(body.netWeightGrams !== undefined ? { netWeightGrams: body.netWeightGrams } : {}),
      origin: body.origin,
      issuer: { name: org.name, ...(phone ? { phone } : {}), ...(profile?.uscc ?? org.uscc ? { uscc: profile?.uscc ?? org.uscc } : {}), ...(address ? { address } : {}) },
      issueDate: body.issueDate ?? chinaDate(this.now()),
      signature: body.signature,
      ...(batch ? { batchCode: batch.code } : {}),
      ...(body.testReportRef ? { testReportRef: body.testReportRef } : {}),
      ...(body.sourceRecords ? { sourceRecords: body.sourceRecords } : {}),
    };
    const parsed = CommitmentCertificate.safeParse(candidate);
    if (!parsed.success) throw new ApiError("invalid-request", "the certificate lacks mandatory fields (issuer phone: give issuer.phone or write a profile)", { issues: parsed.error.issues });
    const certificate = parsed.data;
    const claims: VoucherClaimsInput = {
      type: "certificate",
      code,
      issuedAt: new Date(Math.floor(this.now().getTime() / 1000) * 1000).toISOString(),
      originRegion: certificate.origin.region,
      ...(batch ? { batchCode: batch.code, productCategory: batch.productCategory as VoucherClaimsInput["productCategory"] } : {}),
      ...(certificate.netWeightGrams !== undefined ? { netWeightGrams: certificate.netWeightGrams } : certificate.quantity?.unit === "gram" ? { netWeightGrams: certificate.quantity.value } : {}),
      ...(certificate.quantity && certificate.quantity.unit !== "gram" ? { quantity: certificate.quantity.value } : {}),
    };
    const { keyIndex, signer } = await this.keys.custodialKey(org.id);
    const baseUrl = certificateBaseUrl(this.config);
    const voucher = await signVoucher(claims, { key: signer, keyIndex, baseUrl });
    const createdAt = this.now().toISOString();
    const row: CertificateRow = {
      code,
      orgId: org.id,
      form: certificate.form,
      productName: certificate.productName,
      issueDate: certificate.issueDate,
      batchCode: batch?.code ?? null,
      body: certificate as unknown as Record<string, unknown>,
      keyIndex,
      digits: voucher.url.slice(baseUrl.length),
      url: voucher.url,
      retainUntil: addMonthsIso(certificate.issueDate, CERTIFICATE_RETENTION_MONTHS),
      createdAt,
    };
    await this.db.batch([
      this.db.insert(complianceCertificates).values(row),
      // As a voucher it has a status: a recall of its batch reaches it, and it can be revoked.
      this.db.run(sql`INSERT INTO vouchers (code, org_id, namespace, serial, type, batch_code, buyer_org_id, key_index, digits, url, claims, status, idempotency_key, created_at)
        VALUES (${code}, ${org.id}, ${org.namespace}, ${serial}, 'certificate', ${batch?.code ?? null}, NULL, ${keyIndex}, ${row.digits}, ${voucher.url}, ${JSON.stringify(voucher.claims)}, 'valid', NULL, ${createdAt})`),
    ]);
    return view(row);
  }

  async get(code: string): Promise<CertificateRow | undefined> {
    const parsed = parseTraceCode(code);
    return parsed.ok ? this.db.select().from(complianceCertificates).where(eq(complianceCertificates.code, parsed.canonical)).get() : undefined;
  }

  /** The issuer, and regulators, read it in full; so does anyone scanning its QR (the public page). */
  async read(principal: Principal, code: string): Promise<CertificateView> {
    const row = await this.get(code);
    if (!row) throw new ApiError("not-found", `no certificate ${code}`);
    return view(row);
  }

  async list(principal: Principal, orgId: string): Promise<CertificateView[]> {
    const org = await this.orgs.get(orgId);
    if (!mayActFor(principal, org)) throw new ApiError("forbidden", "these certificates belong to another organisation");
    const rows = await this.db.select().from(complianceCertificates).where(eq(complianceCertificates.orgId, orgId)).orderBy(desc(complianceCertificates.createdAt)).limit(1000).all();
    return rows.map(view);
  }

  /**
   * A buyer attaches a certificate that came with the goods to its own batch (on receipt). A
   * URL is verified first; a code must be of a certificate issued here. Attaching twice is a no-op.
   */
  async attach(principal: Principal, batchCode: string, input: unknown): Promise<{ batchCode: string; certificateCode: string; attached: boolean }> {
    requireScope(principal, "batches:write");
    const body = AttachCertificate.parse(input);
    const parsedBatch = parseTraceCode(batchCode);
    const batch = parsedBatch.ok ? await this.db.select().from(batches).where(eq(batches.code, parsedBatch.canonical)).get() : undefined;
    if (!batch) throw new ApiError("not-found", `no batch ${batchCode}`);
    if (batch.orgId !== principal.orgId) throw new ApiError("forbidden", "certificates are attached to the receiver's own batches");
    let code = body.certificate;
    if (/^https?:\/\//i.test(code)) {
      try {
        code = decodeVoucher(code).claims.code;
      } catch (error) {
        throw new ApiError("invalid-voucher", (error as Error).message, { detailCode: isShianError(error) ? error.code : undefined });
      }
      const verification = await (await this.trust.verifier()).verify(body.certificate, { at: this.now() });
      if (!verification.valid) throw new ApiError("invalid-voucher", `the certificate does not verify: ${verification.error!.message}`, { detailCode: verification.error!.code });
      if (verification.voucher?.claims.type !== "certificate") throw new ApiError("invalid-request", "this QR is not a compliance certificate");
    }
    const certificate = await this.get(code);
    if (!certificate) throw new ApiError("not-found", `no certificate ${code}`);
    const results = await this.db.batch([
      this.db.insert(certificateAttachments).values({ certificateCode: certificate.code, batchCode: batch.code, orgId: principal.orgId, attachedAt: this.now().toISOString() }).onConflictDoNothing(),
      // The batch's certificate list (shown by scans and carried to buyers' batches) names it too.
      this.db.run(sql`UPDATE batches SET certificates = json_insert(certificates, '$[#]', ${`承诺达标合格证 ${certificate.code}`})
        WHERE code = ${batch.code} AND NOT EXISTS (SELECT 1 FROM json_each(batches.certificates) WHERE value = ${`承诺达标合格证 ${certificate.code}`})`),
    ]);
    return { batchCode: batch.code, certificateCode: certificate.code, attached: (results[0] as { rowsAffected: number }).rowsAffected === 1 };
  }

  /** The certificate a scanned QR stands for, verified; with the batches it was attached to. */
  async resolve(digits: string): Promise<CertificatePublicView> {
    const url = certificateBaseUrl(this.config) + digits;
    const row = await this.db.select().from(complianceCertificates).where(eq(complianceCertificates.digits, digits)).get();
    const verification = await (await this.trust.verifier()).verify(url, { at: this.now(), preverified: row?.url === url });
    if (!verification.valid) return { state: "invalid", url, verification, problem: verification.error!, attachedTo: [] };
    if (verification.voucher?.claims.type !== "certificate" || !row) {
      return { state: "invalid", url, verification, problem: { code: "not-a-certificate", message: "this code is not a compliance certificate issued here" }, attachedTo: [] };
    }
    const status = await this.db.get<{ voucher: string | null; batch: string | null }>(sql`SELECT (SELECT status FROM vouchers WHERE code = ${row.code}) AS voucher, (SELECT status FROM batches WHERE code = ${row.batchCode}) AS batch`);
    const rank = { valid: 0, suspended: 1, recalled: 2, revoked: 3 } as Record<string, number>;
    const state = [status?.voucher ?? "valid", status?.batch ?? "valid"].sort((a, b) => (rank[b] ?? 0) - (rank[a] ?? 0))[0] as CertificatePublicView["state"];
    const attachedTo = await this.db
      .select({ batchCode: certificateAttachments.batchCode, orgId: certificateAttachments.orgId, attachedAt: certificateAttachments.attachedAt })
      .from(certificateAttachments)
      .where(and(eq(certificateAttachments.certificateCode, row.code)))
      .all();
    return { state, url, verification, certificate: row.body as unknown as CommitmentCertificate, code: row.code, attachedTo };
  }
}

/** `YYYY-MM-DD` plus whole months, the day clamped to the month's last (2026-08-31 + 6 → 2027-02-28). */
function addMonthsIso(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}
