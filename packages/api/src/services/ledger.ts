import {
  ChinesePhone,
  DEFAULT_RETENTION_POLICY,
  FoodLicenceNumber,
  formatTraceCode,
  IsoDate,
  labelOf,
  lookupRegion,
  parseTraceCode,
  ProductCategory,
  PurchaseRecord,
  Quantity,
  retentionUntil,
  type RetentionPolicy,
  UsccLenient,
} from "@shian/schemas";
import { decodeVoucher, isShianError } from "@shian/sdk";
import { and, desc, eq, gte, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/database";
import { batches, merchantProfiles, organisations, purchaseRecords, vouchers } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import { newId } from "../lib/ids";
import type { BatchRow } from "./batches";
import { chinaDate } from "../lib/china-time";
import type { OrganisationService } from "./organisations";
import { mayActFor, type Principal, requireScope } from "./principal";
import { descendantsCte } from "./status-changes";
import type { TrustService } from "./trust";

/** Primary farm products (食用农产品, Food Safety Law art. 65): 6-month retention, shelf life optional. */
export const FARM_PRODUCE_CATEGORIES: ReadonlySet<string> = new Set(["vegetable", "fruit", "livestock-meat", "poultry", "egg", "aquatic", "grain", "edible-fungi", "live-poultry", "tea", "nut-seed"]);

const BUYER_ROLES = ["wholesale-market", "wholesaler", "stall", "supermarket", "restaurant", "canteen", "producer", "collector"];

/** What the buyer adds when the voucher, the batch and the seller's profile leave a required field open. */
const Supplement = z
  .object({
    productName: z.string().trim().min(1).max(100).optional(),
    specification: z.string().trim().min(1).max(100).optional(),
    productionDate: IsoDate.optional(),
    shelfLifeDays: z.number().int().min(0).max(36_500).optional(),
    supplierAddress: z.string().trim().min(1).max(300).optional(),
    supplierPhone: ChinesePhone.optional(),
    supplierContactName: z.string().trim().min(1).max(50).optional(),
  })
  .strict();

export const ScanToLedger = z
  .object({
    /** The seller's voucher URL, as scanned. */
    url: z.string().max(2048),
    supplement: Supplement.optional(),
    /** Also create the buyer's own batch for the goods (linked upstream to the seller's). */
    receiveAsBatch: z.boolean().default(false),
  })
  .strict();

/** A line typed in by hand: the legally required fields (validated by @shian/schemas PurchaseRecord). */
export const ManualPurchase = z
  .object({
    productName: z.string().trim().min(1).max(100),
    category: ProductCategory.optional(),
    specification: z.string().trim().min(1).max(100),
    quantity: Quantity,
    productionDate: IsoDate.optional(),
    batchNumber: z.string().trim().min(1).max(64).optional(),
    shelfLifeDays: z.number().int().min(0).max(36_500).optional(),
    edibleFarmProduce: z.boolean().default(false),
    purchaseDate: IsoDate,
    supplier: z
      .object({
        name: z.string().trim().min(1).max(200),
        address: z.string().trim().min(1).max(300),
        contactName: z.string().trim().min(1).max(50).optional(),
        phone: ChinesePhone,
        uscc: UsccLenient.optional(),
        licenceNumber: FoodLicenceNumber.optional(),
      })
      .strict(),
    /** The seller's batch code, when the goods carry one (links the line for tracing). */
    sourceBatchCode: z.string().max(64).optional(),
    certificateRefs: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  })
  .strict();

export type PurchaseRow = typeof purchaseRecords.$inferSelect;

export interface PurchaseView {
  id: string;
  buyerOrgId: string;
  source: string;
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
  retainUntil: string;
  createdAt: string;
}

export const purchaseView = (row: PurchaseRow): PurchaseView => ({
  id: row.id,
  buyerOrgId: row.buyerOrgId,
  source: row.source,
  productName: row.productName,
  category: row.category,
  specification: row.specification,
  quantity: { value: row.quantity, unit: row.unit },
  productionDate: row.productionDate,
  batchNumber: row.batchNumber,
  shelfLifeDays: row.shelfLifeDays,
  edibleFarmProduce: row.edibleFarmProduce,
  purchaseDate: row.purchaseDate,
  supplier: { name: row.supplierName, address: row.supplierAddress, contactName: row.supplierContactName, phone: row.supplierPhone, uscc: row.supplierUscc, licenceNumber: row.supplierLicence, orgId: row.sellerOrgId },
  sourceVoucherCode: row.sourceVoucherCode,
  sourceVoucherUrl: row.sourceVoucherUrl,
  sourceBatchCode: row.sourceBatchCode,
  receivedBatchCode: row.receivedBatchCode,
  certificateRefs: row.certificateRefs,
  retainUntil: row.retainUntil,
  createdAt: row.createdAt,
});

/**
 * 进货台账 that fills itself: a scanned voucher becomes the buyer's purchase record in one step
 * (the sales voucher counts as the purchase record), verified with the same trust-bundle
 * verifier the scan uses; lines are kept for the retention period.
 */
export class LedgerService {
  constructor(
    private readonly db: Database,
    private readonly orgs: OrganisationService,
    private readonly trust: TrustService,
    private readonly now: () => Date,
  ) {}

  /**
   * Verifies a seller's voucher and writes the buyer's line from it, its batch and the seller's
   * profile. Nothing is written unless the voucher verifies and every required field is filled.
   * Scanning the same voucher again returns the same line (`created: false`).
   */
  async scan(principal: Principal, input: unknown): Promise<{ record: PurchaseView; created: boolean }> {
    requireScope(principal, "records:write");
    if (!BUYER_ROLES.includes(principal.role)) throw new ApiError("forbidden", `${principal.role} organisations keep no purchase ledger`);
    const body = ScanToLedger.parse(input);
    const url = body.url.trim();
    let code: string;
    try {
      code = decodeVoucher(url).claims.code;
    } catch (error) {
      throw new ApiError("invalid-voucher", (error as Error).message, { detailCode: isShianError(error) ? error.code : undefined });
    }
    const verification = await (await this.trust.verifier()).verify(url, { at: this.now() });
    if (!verification.valid) throw new ApiError("invalid-voucher", `the voucher does not verify: ${verification.error!.message}`, { detailCode: verification.error!.code });
    const claims = verification.voucher!.claims;
    if (claims.type !== "sale" && claims.type !== "batch") throw new ApiError("invalid-request", `a ${claims.type} voucher is not a record of goods sold`);
    const sellerId = verification.issuer!.id;
    if (sellerId === principal.orgId) throw new ApiError("invalid-request", "this voucher is your own: it records a sale, not a purchase");

    // Everything the line is made of, in one query: the buyer's line for this voucher if any,
    // the stored voucher, the seller, its profile, the seller's batch and the buyer's policy.
    const context = await this.db
      .select({
        existing: purchaseRecords,
        stored: { status: vouchers.status, buyerOrgId: vouchers.buyerOrgId },
        seller: { name: organisations.name, uscc: organisations.uscc, region: organisations.region },
        profile: merchantProfiles,
        batch: batches,
        buyerPolicy: sql<string | null>`(SELECT retention_policy FROM merchant_profiles WHERE org_id = ${principal.orgId})`,
      })
      .from(sql`(SELECT 1)`)
      .leftJoin(purchaseRecords, and(eq(purchaseRecords.buyerOrgId, principal.orgId), eq(purchaseRecords.sourceVoucherCode, code)))
      .leftJoin(vouchers, eq(vouchers.code, code))
      .leftJoin(organisations, eq(organisations.id, sellerId))
      .leftJoin(merchantProfiles, eq(merchantProfiles.orgId, sellerId))
      .leftJoin(batches, eq(batches.code, claims.batchCode ?? ""))
      .get();
    if (context?.existing) return { record: purchaseView(context.existing), created: false };
    const stored = context?.stored?.status ? context.stored : undefined;
    const seller = context?.seller?.name ? context.seller : undefined;
    if (!seller) throw new ApiError("invalid-voucher", `the voucher's issuer ${sellerId} is not an organisation here`);
    const profile = context?.profile ?? undefined;
    const batch = context?.batch ?? undefined;
    const policy: RetentionPolicy = { ...DEFAULT_RETENTION_POLICY, ...(context?.buyerPolicy ? (JSON.parse(context.buyerPolicy) as Partial<RetentionPolicy>) : {}) };
    if (stored?.buyerOrgId && stored.buyerOrgId !== principal.orgId) throw new ApiError("forbidden", "this voucher was issued to another buyer");
    for (const status of [stored?.status, batch?.status]) {
      if (status && status !== "valid") throw new ApiError("conflict", `the goods are ${status}: they cannot be taken in`, { detailCode: `goods-${status}` });
    }

    const extra = body.supplement ?? {};
    const category = batch?.productCategory ?? claims.productCategory ?? null;
    const quantity = claims.netWeightGrams !== undefined ? { value: claims.netWeightGrams, unit: "gram" } : claims.quantity !== undefined ? { value: claims.quantity, unit: "piece" } : batch ? { value: batch.quantity, unit: batch.unit } : undefined;
    const farm = category !== null && FARM_PRODUCE_CATEGORIES.has(category);
    const region = profile?.region ?? seller.region;
    const regionNames = region ? (lookupRegion(region)?.path.join("") ?? "") : "";
    const fields = {
      buyerId: principal.orgId,
      productName: extra.productName ?? batch?.productName ?? (category ? labelOf("ProductCategory", category, "zh-CN") : undefined),
      ...(category ? { category } : {}),
      specification: extra.specification ?? (quantity?.unit === "gram" ? "散装（称重）" : quantity ? "按件" : undefined),
      quantity,
      ...(extra.productionDate ? { productionDate: extra.productionDate } : {}),
      ...(claims.batchCode ? { sourceBatchCode: claims.batchCode, batchNumber: claims.lot ?? claims.batchCode } : claims.lot ? { batchNumber: claims.lot } : {}),
      ...(extra.shelfLifeDays !== undefined ? { shelfLifeDays: extra.shelfLifeDays } : {}),
      edibleFarmProduce: farm,
      purchaseDate: chinaDate(new Date(claims.issuedAt)),
      supplier: {
        name: seller.name,
        address: extra.supplierAddress ?? (profile ? `${regionNames}${profile.address}` : undefined),
        ...(extra.supplierContactName ?? profile?.responsiblePerson.name ? { contactName: extra.supplierContactName ?? profile!.responsiblePerson.name } : {}),
        phone: extra.supplierPhone ?? profile?.phone,
        ...(profile?.uscc ?? seller.uscc ? { uscc: profile?.uscc ?? seller.uscc } : {}),
        ...(profile?.licenceNumber ? { licenceNumber: profile.licenceNumber } : {}),
      },
      certificateRefs: [...(claims.certificateRef ? [claims.certificateRef] : []), ...((batch?.certificates ?? []) as unknown[]).filter((ref): ref is string => typeof ref === "string")].slice(0, 50).map((ref) => ref.slice(0, 64)),
    };
    const parsed = PurchaseRecord.safeParse(fields);
    if (!parsed.success) {
      throw new ApiError("invalid-request", "the voucher, its batch and the seller's profile leave required fields open: send them in `supplement`", { issues: parsed.error.issues });
    }
    const record = parsed.data;
    const statements = [];
    let receivedBatchCode: string | null = null;
    if (body.receiveAsBatch) {
      if (!batch || !stored) throw new ApiError("invalid-request", "receiveAsBatch needs a voucher of a batch registered here");
      const serial = await this.orgs.reserveSerials(principal.orgId, 1);
      receivedBatchCode = formatTraceCode({ namespace: principal.namespace, serial });
      statements.push(this.receiveStatement(principal, receivedBatchCode, serial, batch, code, record.quantity));
    }
    const row = this.rowOf(principal.orgId, "voucher", record, policy, { sellerOrgId: sellerId, sourceVoucherCode: code, sourceVoucherUrl: url, sourceBatchCode: claims.batchCode ?? null, receivedBatchCode });
    const insert = this.db.insert(purchaseRecords).values(row).onConflictDoNothing();
    // The received batch is written only together with this buyer's first line for the voucher.
    const results = await this.db.batch([insert, ...statements] as [typeof insert, ...(typeof statements)]);
    if ((results[0] as { rowsAffected: number }).rowsAffected === 0) {
      const raced = await this.byVoucher(principal.orgId, code);
      if (raced) return { record: purchaseView(raced), created: false };
      throw new ApiError("conflict", "the line could not be written; retry");
    }
    return { record: purchaseView(row), created: true };
  }

  /** A buyer's batch for received goods, linked upstream through the voucher; only with a new ledger line. */
  private receiveStatement(principal: Principal, code: string, serial: number, seller: BatchRow, voucherCode: string, quantity: { value: number; unit: string }) {
    const sameUnit = quantity.unit === seller.unit;
    return this.db.run(sql`INSERT INTO batches (code, org_id, namespace, serial, parent_code, source_voucher_code, product_name, product_category, origin_region, quantity, unit, certificates, status, status_reason, created_at)
      SELECT ${code}, ${principal.orgId}, ${principal.namespace}, ${serial}, NULL, ${voucherCode}, ${seller.productName}, ${seller.productCategory}, ${seller.originRegion}, ${sameUnit ? quantity.value : seller.quantity}, ${seller.unit}, ${JSON.stringify(seller.certificates)}, 'valid', NULL, ${this.now().toISOString()}
      WHERE EXISTS (SELECT 1 FROM purchase_records WHERE buyer_org_id = ${principal.orgId} AND source_voucher_code = ${voucherCode} AND received_batch_code = ${code})`);
  }

  /** A line entered by hand, every required field validated. */
  async manual(principal: Principal, input: unknown): Promise<PurchaseView> {
    requireScope(principal, "records:write");
    if (!BUYER_ROLES.includes(principal.role)) throw new ApiError("forbidden", `${principal.role} organisations keep no purchase ledger`);
    const body = ManualPurchase.parse(input);
    const { sourceBatchCode, ...rest } = body;
    const parsed = PurchaseRecord.safeParse({ ...rest, buyerId: principal.orgId, ...(sourceBatchCode ? { batchNumber: rest.batchNumber ?? sourceBatchCode } : {}) });
    if (!parsed.success) throw new ApiError("invalid-request", "the purchase record is missing required fields", { issues: parsed.error.issues });
    let batchCode: string | null = null;
    if (sourceBatchCode) {
      const canonical = parseTraceCode(sourceBatchCode);
      if (!canonical.ok) throw new ApiError("invalid-request", `${sourceBatchCode} is not a trace code`);
      batchCode = canonical.canonical;
    }
    const row = this.rowOf(principal.orgId, "manual", parsed.data, await this.policyOf(principal.orgId), { sellerOrgId: null, sourceVoucherCode: null, sourceVoucherUrl: null, sourceBatchCode: batchCode, receivedBatchCode: null });
    await this.db.insert(purchaseRecords).values(row);
    return purchaseView(row);
  }

  private rowOf(
    buyerOrgId: string,
    source: "voucher" | "manual",
    record: PurchaseRecord,
    policy: RetentionPolicy,
    links: Pick<PurchaseRow, "sellerOrgId" | "sourceVoucherCode" | "sourceVoucherUrl" | "sourceBatchCode" | "receivedBatchCode">,
  ): PurchaseRow {
    return {
      id: newId("pur"),
      buyerOrgId,
      source,
      productName: record.productName,
      category: record.category ?? null,
      specification: record.specification,
      quantity: record.quantity.value,
      unit: record.quantity.unit,
      productionDate: record.productionDate ?? null,
      batchNumber: record.batchNumber ?? null,
      shelfLifeDays: record.shelfLifeDays ?? null,
      edibleFarmProduce: record.edibleFarmProduce,
      purchaseDate: record.purchaseDate,
      supplierName: record.supplier.name,
      supplierAddress: record.supplier.address,
      supplierContactName: record.supplier.contactName ?? null,
      supplierPhone: record.supplier.phone,
      supplierUscc: record.supplier.uscc ?? null,
      supplierLicence: record.supplier.licenceNumber ?? null,
      certificateRefs: record.certificateRefs,
      retainUntil: retentionUntil(record, policy),
      createdAt: this.now().toISOString(),
      ...links,
    };
  }

  /** The buyer's retention policy: the legal defaults, overridden by its profile. */
  async policyOf(orgId: string): Promise<RetentionPolicy> {
    const row = await this.db.select({ policy: merchantProfiles.retentionPolicy }).from(merchantProfiles).where(eq(merchantProfiles.orgId, orgId)).get();
    return { ...DEFAULT_RETENTION_POLICY, ...(row?.policy ?? {}) };
  }

  private async byVoucher(buyerOrgId: string, voucherCode: string): Promise<PurchaseRow | undefined> {
    return this.db.select().from(purchaseRecords).where(and(eq(purchaseRecords.buyerOrgId, buyerOrgId), eq(purchaseRecords.sourceVoucherCode, voucherCode))).get();
  }

  /** A buyer's ledger, newest first: the buyer, its market and regulators. */
  async list(principal: Principal, orgId: string, range: { from?: string; to?: string } = {}): Promise<PurchaseView[]> {
    const org = await this.orgs.get(orgId);
    if (!mayActFor(principal, org)) throw new ApiError("forbidden", "this ledger belongs to another organisation");
    const conditions = [eq(purchaseRecords.buyerOrgId, orgId)];
    if (range.from) conditions.push(gte(purchaseRecords.purchaseDate, IsoDate.parse(range.from)));
    if (range.to) conditions.push(lte(purchaseRecords.purchaseDate, IsoDate.parse(range.to)));
    const rows = await this.db.select().from(purchaseRecords).where(and(...conditions)).orderBy(desc(purchaseRecords.purchaseDate), desc(purchaseRecords.createdAt)).limit(5000).all();
    return rows.map(purchaseView);
  }

  async get(principal: Principal, id: string): Promise<PurchaseView> {
    const row = await this.db.select().from(purchaseRecords).where(eq(purchaseRecords.id, id)).get();
    if (!row) throw new ApiError("not-found", `no purchase record ${id}`);
    const org = await this.orgs.get(row.buyerOrgId);
    if (!mayActFor(principal, org)) throw new ApiError("forbidden", "this record belongs to another organisation");
    return purchaseView(row);
  }

  /** Deletes a line after its retention date; before it, 409 `retention-period`. Only the buyer. */
  async delete(principal: Principal, id: string): Promise<void> {
    requireScope(principal, "records:write");
    const row = await this.db.select().from(purchaseRecords).where(eq(purchaseRecords.id, id)).get();
    if (!row) throw new ApiError("not-found", `no purchase record ${id}`);
    if (row.buyerOrgId !== principal.orgId) throw new ApiError("forbidden", "only the buyer may delete its records");
    const today = chinaDate(this.now());
    if (today <= row.retainUntil) throw new ApiError("conflict", `this record must be kept until ${row.retainUntil}`, { detailCode: "retention-period" });
    // The guard is in the statement too: a clock or policy race never deletes early.
    await this.db.batch([this.db.delete(purchaseRecords).where(and(eq(purchaseRecords.id, id), sql`${purchaseRecords.retainUntil} < ${today}`))]);
  }

  /**
   * Downstream: every ledger line whose source is this batch or a batch made from it (split
   * lots, buyers' batches): who bought the goods, for the batch's owner and regulators.
   */
  async downstreamOf(principal: Principal, batchCode: string): Promise<PurchaseView[]> {
    const parsed = parseTraceCode(batchCode);
    if (!parsed.ok) throw new ApiError("not-found", `no batch ${batchCode}`);
    const batch = await this.db.select({ orgId: batches.orgId }).from(batches).where(eq(batches.code, parsed.canonical)).get();
    if (!batch) throw new ApiError("not-found", `no batch ${batchCode}`);
    const owner = await this.orgs.get(batch.orgId);
    if (!mayActFor(principal, owner)) throw new ApiError("forbidden", "this batch belongs to another organisation");
    const rows = await this.db.all<Record<string, unknown>>(sql`${descendantsCte(parsed.canonical)} SELECT * FROM purchase_records WHERE source_batch_code IN (SELECT code FROM tree) ORDER BY purchase_date DESC LIMIT 5000`);
    return rows.map((raw) => purchaseView(fromRaw(raw)));
  }

  /** Where a business's current goods came from (its last 30 days of lines), with each source batch's latest test. */
  async sourcesOf(orgId: string, days = 30, limit = 20) {
    const since = chinaDate(new Date(this.now().getTime() - days * 86_400_000));
    const lines = await this.db
      .select({ productName: purchaseRecords.productName, supplierName: purchaseRecords.supplierName, purchaseDate: purchaseRecords.purchaseDate, sourceBatchCode: purchaseRecords.sourceBatchCode, originRegion: batches.originRegion })
      .from(purchaseRecords)
      .leftJoin(batches, eq(batches.code, purchaseRecords.sourceBatchCode))
      .where(and(eq(purchaseRecords.buyerOrgId, orgId), gte(purchaseRecords.purchaseDate, since)))
      .orderBy(desc(purchaseRecords.purchaseDate), desc(purchaseRecords.createdAt))
      .limit(limit)
      .all();
    const tests = await this.db.all<{ start: string; item: string; outcome: string; tested_at: string }>(sql`
      WITH RECURSIVE up(start, code) AS (
        SELECT source_batch_code, source_batch_code FROM purchase_records WHERE buyer_org_id = ${orgId} AND purchase_date >= ${since} AND source_batch_code IS NOT NULL
        UNION SELECT up.start, b.parent_code FROM batches b JOIN up ON b.code = up.code WHERE b.parent_code IS NOT NULL
        UNION SELECT up.start, v.batch_code FROM batches b JOIN up ON b.code = up.code JOIN vouchers v ON v.code = b.source_voucher_code WHERE v.batch_code IS NOT NULL
      )
      SELECT up.start, t.item, t.outcome, t.tested_at FROM up JOIN rapid_tests t ON t.batch_code = up.code ORDER BY t.tested_at DESC`);
    const latest = new Map<string, { item: string; outcome: string; testedAt: string }>();
    for (const test of tests) if (!latest.has(test.start)) latest.set(test.start, { item: test.item, outcome: test.outcome, testedAt: test.tested_at });
    return lines.map((line) => ({ ...line, originRegion: line.originRegion ?? null, latestTest: (line.sourceBatchCode && latest.get(line.sourceBatchCode)) || null }));
  }
}

/** A raw `SELECT *` row (snake_case, JSON as text) as the typed row. */
function fromRaw(raw: Record<string, unknown>): PurchaseRow {
  const get = (name: string) => raw[name] as never;
  return {
    id: get("id"),
    buyerOrgId: get("buyer_org_id"),
    source: get("source"),
    productName: get("product_name"),
    category: get("category"),
    specification: get("specification"),
    quantity: Number(raw.quantity),
    unit: get("unit"),
    productionDate: get("production_date"),
    batchNumber: get("batch_number"),
    shelfLifeDays: raw.shelf_life_days === null ? null : Number(raw.shelf_life_days),
    edibleFarmProduce: Boolean(Number(raw.edible_farm_produce)),
    purchaseDate: get("purchase_date"),
    supplierName: get("supplier_name"),
    supplierAddress: get("supplier_address"),
    supplierContactName: get("supplier_contact_name"),
    supplierPhone: get("supplier_phone"),
    supplierUscc: get("supplier_uscc"),
    supplierLicence: get("supplier_licence"),
    sellerOrgId: get("seller_org_id"),
    sourceVoucherCode: get("source_voucher_code"),
    sourceVoucherUrl: get("source_voucher_url"),
    sourceBatchCode: get("source_batch_code"),
    receivedBatchCode: get("received_batch_code"),
    certificateRefs: JSON.parse(String(raw.certificate_refs ?? "[]")),
    retainUntil: get("retain_until"),
    createdAt: get("created_at"),
  };
}

