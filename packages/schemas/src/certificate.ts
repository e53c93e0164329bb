import { z } from "zod";
import { ChinesePhone } from "./contact";
import { FoodLicenceNumber } from "./identifiers/licence";
import { RegionCode } from "./identifiers/region";
import { TraceCode } from "./identifiers/trace-code";
import { UsccLenient } from "./identifiers/uscc";
import { addDays, addMonths, dateAtOffset, daysBetween } from "./internal/dates";
import { labelledEnum } from "./labels";
import { EntityId, IntegerAmount, IsoDate, text } from "./primitives";
import { Quantity } from "./unit";

/** Kinds of certificate the chain carries. */
export const certificateKinds = labelledEnum({
  "commitment-compliance": { "zh-CN": "承诺达标合格证", en: "Commitment-to-standard certificate" },
  "animal-quarantine": { "zh-CN": "动物检疫合格证明", en: "Animal quarantine certificate" },
  "test-report": { "zh-CN": "检测报告", en: "Test report" },
  "supplier-licence": { "zh-CN": "供货者许可证明", en: "Supplier licence" },
  "health-certificate": { "zh-CN": "健康证明", en: "Staff health certificate" },
});
export const CertificateKind = z.enum(certificateKinds.values);
export type CertificateKind = z.infer<typeof CertificateKind>;

// ---------------------------------------------------------------------------------------------
// 承诺达标合格证 (edible farm produce), rule in force from 2026-02-01.

/** Who issues the certificate: the producer, or a collector (收购者) who bought from producers. */
export const commitmentCertificateForms = labelledEnum({
  producer: { "zh-CN": "生产者", en: "Producer" },
  collector: { "zh-CN": "收购者", en: "Collector" },
});
export const CommitmentCertificateForm = z.enum(commitmentCertificateForms.values);
export type CommitmentCertificateForm = z.infer<typeof CommitmentCertificateForm>;

/** The commitment statements every certificate must carry. */
export const commitmentStatements = labelledEnum({
  "no-banned-substances": {
    "zh-CN": "不使用禁用农药兽药、停用兽药和非法添加物",
    en: "No banned pesticides or veterinary drugs and no illegal additives used",
  },
  "residues-within-limits": {
    "zh-CN": "常规农药兽药残留不超标",
    en: "Residues of conventional pesticides and veterinary drugs within limits",
  },
  "withdrawal-periods-observed": {
    "zh-CN": "遵守农药安全间隔期、兽药休药期规定",
    en: "Pesticide pre-harvest intervals and drug withdrawal periods observed",
  },
});
export const CommitmentStatement = z.enum(commitmentStatements.values);
export type CommitmentStatement = z.infer<typeof CommitmentStatement>;

/** Bases (依据) under the 2026 rule; a certificate names at least one. */
export const commitmentBases = labelledEnum({
  "quality-control": { "zh-CN": "质量安全控制符合要求", en: "Quality and safety control compliant" },
  "self-tested": { "zh-CN": "自行检测合格", en: "Self-tested: pass" },
  "commissioned-test": { "zh-CN": "委托检测合格", en: "Commissioned test: pass" },
});
export const CommitmentBasis = z.enum(commitmentBases.values);
export type CommitmentBasis = z.infer<typeof CommitmentBasis>;

/** Bases printed on certificates issued under the earlier (2019 trial) scheme. */
export const legacyCommitmentBases = labelledEnum({
  "commissioned-test": { "zh-CN": "委托检测", en: "Commissioned test" },
  "self-test": { "zh-CN": "自我检测", en: "Self-test" },
  "internal-quality-control": { "zh-CN": "内部质量控制", en: "Internal quality control" },
  "self-commitment": { "zh-CN": "自我承诺", en: "Self-commitment" },
});
export const LegacyCommitmentBasis = z.enum(legacyCommitmentBases.values);
export type LegacyCommitmentBasis = z.infer<typeof LegacyCommitmentBasis>;

/**
 * Maps a legacy basis to the 2026 one, or `null` when there is none.
 *
 * - 委托检测 → 委托检测合格 and 自我检测 → 自行检测合格: the same evidence (a test) under a new name.
 * - 内部质量控制 → 质量安全控制符合要求: the 2026 basis is the successor of internal quality control.
 * - 自我承诺 → `null`, on purpose. A bare promise is not evidence of quality control, and the
 *   commitment statements already carry the promise; mapping it to 质量安全控制符合要求 would
 *   upgrade the claim. A legacy certificate whose only basis was 自我承诺 therefore has no 2026
 *   basis and must be re-issued (`mapLegacyCertificateBases` reports it as unmapped).
 */
export function mapLegacyCertificateBasis(legacy: LegacyCommitmentBasis): CommitmentBasis | null {
  switch (legacy) {
    case "commissioned-test":
      return "commissioned-test";
    case "self-test":
      return "self-tested";
    case "internal-quality-control":
      return "quality-control";
    case "self-commitment":
      return null;
  }
}

/** Maps a legacy certificate's bases; `bases` is empty when none carries over. */
export function mapLegacyCertificateBases(legacy: readonly LegacyCommitmentBasis[]): {
  bases: CommitmentBasis[];
  unmapped: LegacyCommitmentBasis[];
} {
  const bases: CommitmentBasis[] = [];
  const unmapped: LegacyCommitmentBasis[] = [];
  for (const item of legacy) {
    const mapped = mapLegacyCertificateBasis(item);
    if (mapped === null) unmapped.push(item);
    else if (!bases.includes(mapped)) bases.push(mapped);
  }
  return { bases, unmapped };
}

export const signatureMethods = labelledEnum({
  signature: { "zh-CN": "手写签名", en: "Handwritten signature" },
  seal: { "zh-CN": "盖章", en: "Seal" },
  "electronic-signature": { "zh-CN": "电子签名", en: "Electronic signature" },
});
export const SignatureMethod = z.enum(signatureMethods.values);
export type SignatureMethod = z.infer<typeof SignatureMethod>;

/** The issuer's signature or seal: how it was signed, and where the image or signature lives. */
export const IssuerSignature = z
  .object({ method: SignatureMethod, reference: text(500).optional() })
  .strict();
export type IssuerSignature = z.infer<typeof IssuerSignature>;

/** One purchase a collector's certificate is based on (收购记录). */
export const CollectorSourceRecord = z
  .object({
    supplierName: text(100),
    supplierPhone: ChinesePhone.optional(),
    productName: text(100),
    quantity: Quantity,
    purchaseDate: IsoDate,
    /** The producer's own certificate, when there was one. */
    certificateRef: text(64).optional(),
  })
  .strict();
export type CollectorSourceRecord = z.output<typeof CollectorSourceRecord>;

const commitmentFields = {
  kind: z.literal("commitment-compliance"),
  id: EntityId.optional(),
  /** The certificate's own trace code, printed as a QR (encouraged). */
  code: TraceCode.optional(),
  commitments: z
    .array(CommitmentStatement)
    .refine((list) => new Set(list).size === list.length, "commitment statements repeat")
    .superRefine((list, ctx) => {
      const missing = commitmentStatements.values.filter((statement) => !list.includes(statement));
      if (missing.length > 0) {
        ctx.addIssue({ code: "custom", message: `missing commitment statements: ${missing.join(", ")}` });
      }
    }),
  bases: z
    .array(CommitmentBasis)
    .min(1, "name at least one basis (quality control, self-tested or commissioned test)")
    .refine((list) => new Set(list).size === list.length, "bases repeat"),
  productName: text(100),
  quantity: Quantity.optional(),
  netWeightGrams: IntegerAmount.refine((grams) => grams > 0, "weight must be positive").optional(),
  origin: z.object({ region: RegionCode, detail: text(200).optional() }).strict(),
  issuer: z
    .object({
      name: text(100),
      phone: ChinesePhone,
      uscc: UsccLenient.optional(),
      address: text(300).optional(),
    })
    .strict(),
  issueDate: IsoDate,
  signature: IssuerSignature,
  /** Batch the certificate travels with. */
  batchCode: TraceCode.optional(),
  /** Test report behind a self-tested / commissioned-test basis. */
  testReportRef: text(64).optional(),
};

export const ProducerCommitmentCertificate = z
  .object({ ...commitmentFields, form: z.literal("producer") })
  .strict();
export const CollectorCommitmentCertificate = z
  .object({
    ...commitmentFields,
    form: z.literal("collector"),
    /** The purchases (from producers) the collector certifies: at least one. */
    sourceRecords: z
      .array(CollectorSourceRecord, {
        error: (issue) => (issue.input === undefined ? "a collector's certificate needs its source records" : undefined),
      })
      .min(1, "a collector's certificate needs its source records")
      .max(500),
  })
  .strict();

const quantityOrWeight = (certificate: { quantity?: unknown; netWeightGrams?: unknown }) =>
  certificate.quantity !== undefined || certificate.netWeightGrams !== undefined;

/** 承诺达标合格证, producer or collector form (discriminated by `form`). */
export const CommitmentCertificate = z
  .discriminatedUnion("form", [ProducerCommitmentCertificate, CollectorCommitmentCertificate])
  .refine(quantityOrWeight, { message: "give a quantity or a net weight", path: ["quantity"] });
export type CommitmentCertificate = z.output<typeof CommitmentCertificate>;
export type CommitmentCertificateInput = z.input<typeof CommitmentCertificate>;

// ---------------------------------------------------------------------------------------------
// Other certificates.

export const quarantineSubjects = labelledEnum({
  animal: { "zh-CN": "动物", en: "Live animals" },
  product: { "zh-CN": "动物产品", en: "Animal products" },
});
export const QuarantineSubject = z.enum(quarantineSubjects.values);
export type QuarantineSubject = z.infer<typeof QuarantineSubject>;

/** 动物检疫合格证明. */
export const AnimalQuarantineCertificate = z
  .object({
    kind: z.literal("animal-quarantine"),
    number: text(64),
    subject: QuarantineSubject,
    productName: text(100),
    quantity: Quantity,
    originRegion: RegionCode,
    destination: text(200).optional(),
    /** The animal health supervision body that issued it. */
    issuedBy: text(100),
    veterinarian: text(50).optional(),
    issueDate: IsoDate,
    validUntil: IsoDate.optional(),
  })
  .strict()
  .refine((c) => !c.validUntil || c.validUntil >= c.issueDate, {
    message: "validUntil must not be before issueDate",
    path: ["validUntil"],
  });
export type AnimalQuarantineCertificate = z.output<typeof AnimalQuarantineCertificate>;

export const testReportConclusions = labelledEnum({
  pass: { "zh-CN": "合格", en: "Pass" },
  fail: { "zh-CN": "不合格", en: "Fail" },
});
export const TestReportConclusion = z.enum(testReportConclusions.values);
export type TestReportConclusion = z.infer<typeof TestReportConclusion>;

/** A laboratory test report (检测报告). */
export const TestReport = z
  .object({
    kind: z.literal("test-report"),
    number: text(64),
    laboratory: text(200),
    productName: text(100),
    batchCode: TraceCode.optional(),
    sampledOn: IsoDate.optional(),
    reportDate: IsoDate,
    conclusion: TestReportConclusion,
    items: z.array(text(100)).max(200).default([]),
    documentRef: text(500).optional(),
  })
  .strict();
export type TestReport = z.output<typeof TestReport>;

/** A supplier's licence or business registration kept for 索证索票. */
export const SupplierLicence = z
  .object({
    kind: z.literal("supplier-licence"),
    supplierName: text(200),
    uscc: UsccLenient.optional(),
    licenceNumber: FoodLicenceNumber.optional(),
    validUntil: IsoDate.optional(),
    documentRef: text(500).optional(),
  })
  .strict()
  .refine((c) => c.uscc !== undefined || c.licenceNumber !== undefined || c.documentRef !== undefined, {
    message: "give a USCC, a licence number or the document",
  });
export type SupplierLicence = z.output<typeof SupplierLicence>;

/** Staff health certificates (健康证) are valid for one year from issue. */
export const HEALTH_CERTIFICATE_VALIDITY_MONTHS = 12;

/** The last valid day of a health certificate issued on `issueDate` (one year on, minus a day). */
export function healthCertificateExpiry(issueDate: string): string {
  const anniversary = addMonths(issueDate, HEALTH_CERTIFICATE_VALIDITY_MONTHS);
  return addDays(anniversary, -1);
}

/** 健康证明 for a food handler; `expiryDate` is the last valid day, at most a year after issue. */
export const HealthCertificate = z
  .object({
    kind: z.literal("health-certificate"),
    number: text(64).optional(),
    holderName: text(50),
    organisationId: EntityId.optional(),
    issuedBy: text(100),
    issueDate: IsoDate,
    expiryDate: IsoDate,
  })
  .strict()
  .refine((c) => c.expiryDate >= c.issueDate, { message: "expiryDate must not be before issueDate", path: ["expiryDate"] })
  .refine((c) => c.expiryDate <= healthCertificateExpiry(c.issueDate), {
    message: "a health certificate is valid for at most one year",
    path: ["expiryDate"],
  });
export type HealthCertificate = z.output<typeof HealthCertificate>;

/** Any certificate, discriminated by `kind` (commitment certificates further by `form`). */
export const Certificate = z.discriminatedUnion("kind", [
  CommitmentCertificate,
  AnimalQuarantineCertificate,
  TestReport,
  SupplierLicence,
  HealthCertificate,
]);
export type Certificate = z.output<typeof Certificate>;

export const healthCertificateStates = labelledEnum({
  valid: { "zh-CN": "有效", en: "Valid" },
  expiring: { "zh-CN": "即将到期", en: "Expiring soon" },
  expired: { "zh-CN": "已过期", en: "Expired" },
});
export const HealthCertificateState = z.enum(healthCertificateStates.values);
export type HealthCertificateState = z.infer<typeof HealthCertificateState>;

/** China Standard Time, UTC+8 all year. */
export const CHINA_UTC_OFFSET_MINUTES = 480;

/**
 * Whether a health certificate is valid on `now`.
 *
 * `expiry` is the last valid day (`YYYY-MM-DD`). `now` is a date string (taken as the local
 * date) or an instant (converted to the date in China, UTC+8). The certificate is `expired`
 * from the day after `expiry`, `expiring` when `expiry` is at most `warnDays` days away
 * (including the last day itself), otherwise `valid`.
 */
export function healthCertificateState(
  expiry: string,
  now: Date | string,
  warnDays = 30,
): HealthCertificateState {
  if (!Number.isInteger(warnDays) || warnDays < 0) throw new RangeError("warnDays must be a whole number ≥ 0");
  if (!IsoDate.safeParse(expiry).success) throw new RangeError(`expiry must be YYYY-MM-DD, got ${expiry}`);
  const today = typeof now === "string" ? now : dateAtOffset(now, CHINA_UTC_OFFSET_MINUTES);
  if (!IsoDate.safeParse(today).success) throw new RangeError(`now must be YYYY-MM-DD or a Date, got ${today}`);
  const remaining = daysBetween(today, expiry);
  if (remaining < 0) return "expired";
  if (remaining <= warnDays) return "expiring";
  return "valid";
}
