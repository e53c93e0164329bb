import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organisations } from "./organisations";

/**
 * 进货台账: a buyer's purchase records (进货查验记录) with the fields the Food Safety Law
 * requires. A line made from a scanned voucher is linked to the voucher and the seller's batch;
 * a buyer has at most one line per voucher. Lines are never edited and are deleted only after
 * `retain_until`.
 */
export const purchaseRecords = sqliteTable(
  "purchase_records",
  {
    id: text("id").primaryKey(),
    buyerOrgId: text("buyer_org_id").notNull().references(() => organisations.id),
    /** `voucher` (filled from a scanned voucher) or `manual`. */
    source: text("source").notNull(),
    productName: text("product_name").notNull(),
    category: text("category"),
    specification: text("specification").notNull(),
    quantity: integer("quantity").notNull(),
    unit: text("unit").notNull(),
    productionDate: text("production_date"),
    batchNumber: text("batch_number"),
    shelfLifeDays: integer("shelf_life_days"),
    edibleFarmProduce: integer("edible_farm_produce", { mode: "boolean" }).notNull(),
    purchaseDate: text("purchase_date").notNull(),
    supplierName: text("supplier_name").notNull(),
    supplierAddress: text("supplier_address").notNull(),
    supplierContactName: text("supplier_contact_name"),
    supplierPhone: text("supplier_phone").notNull(),
    supplierUscc: text("supplier_uscc"),
    supplierLicence: text("supplier_licence"),
    /** The seller organisation, when known here (a scanned voucher's issuer). */
    sellerOrgId: text("seller_org_id"),
    sourceVoucherCode: text("source_voucher_code"),
    sourceVoucherUrl: text("source_voucher_url"),
    /** The seller's batch: the upstream link of this line (and the downstream one of that batch). */
    sourceBatchCode: text("source_batch_code"),
    /** The buyer's own batch created on receipt, if asked for. */
    receivedBatchCode: text("received_batch_code"),
    certificateRefs: text("certificate_refs", { mode: "json" }).$type<string[]>().notNull(),
    /** Kept at least until this date (YYYY-MM-DD) under the buyer's retention policy. */
    retainUntil: text("retain_until").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [
    uniqueIndex("purchase_records_buyer_voucher").on(table.buyerOrgId, table.sourceVoucherCode),
    index("purchase_records_buyer_date").on(table.buyerOrgId, table.purchaseDate),
    index("purchase_records_source_batch").on(table.sourceBatchCode),
    index("purchase_records_source_voucher").on(table.sourceVoucherCode),
    index("purchase_records_received_batch").on(table.receivedBatchCode),
    index("purchase_records_buyer_created").on(table.buyerOrgId, table.createdAt, table.id),
  ],
);
