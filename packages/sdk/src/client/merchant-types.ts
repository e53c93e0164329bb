/** Types of the merchant routes (一店一码, 一户一档, inspections, computed grades). */

export type BusinessType = "wholesale-market" | "wholesaler" | "stall" | "supermarket" | "restaurant" | "canteen" | "producer" | "collector";

export interface MerchantProfileInput {
  uscc: string;
  /** Accept an old USCC whose check character is wrong, with a warning. */
  usccLenient?: boolean;
  licence?: { number: string; validFrom: string; validUntil: string };
  businessType: BusinessType;
  address: string;
  /** GB/T 2260 code. */
  region: string;
  responsiblePerson: { name: string; title?: string };
  phone: string;
  openingHours?: Array<{ days: string[]; opens: string; closes: string }>;
  retentionPolicy?: { monthsAfterShelfLife?: number; minimumYears?: number; noShelfLifeYears?: number; edibleFarmProduceMonths?: number };
}

export interface MerchantProfile {
  orgId: string;
  name: string;
  uscc: string;
  licence: { number: string; validFrom: string; validUntil: string; state: "valid" | "expiring" | "expired" | "none" } | null;
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

export interface InspectionInput {
  inspector: { name: string; id?: string };
  inspectedAt?: string;
  items: Array<{ code: string; title: string; keyItem?: boolean; passed: boolean; score?: number; maxScore?: number; note?: string }>;
  /** 10-point scale, one decimal at most. */
  totalScore: number;
  checklistId?: string;
  evidence?: string[];
}

export interface Inspection {
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

export interface Grade {
  grade: "A" | "B" | "C" | null;
  reason: "graded" | "no-inspections" | "below-minimum";
  display: { colour: "green" | "yellow" | "red"; face: "smile" | "flat" | "sad"; label: { "zh-CN": string; en: string } } | null;
  average: number | null;
  asOf: string;
  windowStart: string;
  ruleSet: { id: string; jurisdiction: string; version: number; name: { "zh-CN": string; en: string } };
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

export interface HealthCertificateInput {
  holderName: string;
  number?: string;
  issuedBy: string;
  issueDate: string;
  expiryDate?: string;
  documentRef?: string;
}

export interface HealthCertificate {
  id: string;
  orgId: string;
  holderName: string;
  number: string | null;
  issuedBy: string;
  issueDate: string;
  expiryDate: string;
  state: "valid" | "expiring" | "expired";
  documentRef: string | null;
  createdAt: string;
}

export interface MerchantFile {
  orgId: string;
  name: string;
  role: string;
  profile: MerchantProfile | null;
  grade: Grade;
  gradeHistory: GradeChange[];
  inspections: Inspection[];
  healthCertificates: { valid: number; expiring: number; expired: number };
}

export interface MerchantCode {
  code: string;
  orgId: string;
  url: string;
  createdAt: string;
  created: boolean;
}

/** 进货台账: a purchase record. */
export interface PurchaseRecord {
  id: string;
  buyerOrgId: string;
  source: "voucher" | "manual";
  productName: string;
  category: string | null;
  specification: string;
  quantity: { value: number; unit: string };
  productionDate: string | null;
  batchNumber: string | null;
  shelfLifeDays: number | null;
  edibleFarmProduce: boolean;
  purchaseDate: string;
  supplier: { name: string; address: string; contactName: string | null; phone: string; uscc: string | null; licenceNumber: string | null; orgId: string | null };
  sourceVoucherCode: string | null;
  sourceVoucherUrl: string | null;
  sourceBatchCode: string | null;
  receivedBatchCode: string | null;
  certificateRefs: string[];
  /** Deletion is refused until after this date. */
  retainUntil: string;
  createdAt: string;
}

export interface ScanToLedgerInput {
  url: string;
  supplement?: { productName?: string; specification?: string; productionDate?: string; shelfLifeDays?: number; supplierAddress?: string; supplierPhone?: string; supplierContactName?: string };
  receiveAsBatch?: boolean;
}

export interface ManualPurchaseInput {
  productName: string;
  category?: string;
  specification: string;
  quantity: { value: number; unit: string };
  productionDate?: string;
  batchNumber?: string;
  shelfLifeDays?: number;
  edibleFarmProduce?: boolean;
  purchaseDate: string;
  supplier: { name: string; address: string; contactName?: string; phone: string; uscc?: string; licenceNumber?: string };
  sourceBatchCode?: string;
  certificateRefs?: string[];
}

/** 承诺达标合格证 request: the issuer's name is its organisation's, its phone from its profile unless given. */
export interface IssueCertificateInput {
  form: "producer" | "collector";
  commitments?: Array<"no-banned-substances" | "residues-within-limits" | "withdrawal-periods-observed">;
  bases: Array<"quality-control" | "self-tested" | "commissioned-test">;
  productName: string;
  quantity?: { value: number; unit: string };
  netWeightGrams?: number;
  origin: { region: string; detail?: string };
  issuer?: { phone?: string; address?: string };
  issueDate?: string;
  signature: { method: "signature" | "seal" | "electronic-signature"; reference?: string };
  batchCode?: string;
  testReportRef?: string;
  sourceRecords?: Array<{ supplierName: string; supplierPhone?: string; productName: string; quantity: { value: number; unit: string }; purchaseDate: string; certificateRef?: string }>;
}

export interface ComplianceCertificate {
  code: string;
  orgId: string;
  /** The QR content: opens the certificate's public page. */
  url: string;
  form: "producer" | "collector";
  certificate: Record<string, unknown>;
  batchCode: string | null;
  retainUntil: string;
  createdAt: string;
}

export type DocumentKind = "self-inspection" | "purchase-inspection" | "health-certificate" | "licence" | "other";

export interface StoredDocument {
  id: string;
  orgId: string;
  kind: string;
  title: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
}

export interface SelfInspectionTemplate {
  id: string;
  name: { "zh-CN": string; en: string };
  businessTypes: string[];
  everyDays: number;
  items: Array<{ code: string; title: string; keyItem: boolean }>;
}

export interface SelfInspection {
  id: string;
  orgId: string;
  templateId: string;
  inspectedOn: string;
  items: Array<{ code: string; passed: boolean; note?: string }>;
  passed: boolean;
  documentId: string | null;
  createdAt: string;
}

export interface MerchantQuery {
  region?: string;
  type?: BusinessType;
  grade?: "A" | "B" | "C" | "none";
  licenceExpiringWithinDays?: number;
  healthExpiringWithinDays?: number;
  limit?: number;
}

export interface MerchantSummary {
  orgId: string;
  name: string;
  businessType: string;
  region: string;
  address: string;
  licenceNumber: string | null;
  licenceValidUntil: string | null;
  licenceState: "valid" | "expiring" | "expired" | "none";
  grade: string | null;
}

export interface Reminder {
  orgId: string;
  name: string;
  region: string;
  kind: "licence-expired" | "licence-expiring" | "health-certificate-expired" | "health-certificate-expiring" | "self-inspection-overdue";
  dueDate: string;
  count?: number;
}
