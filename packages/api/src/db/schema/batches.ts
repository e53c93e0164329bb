import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organisations } from "./organisations";

/** A batch (lot) under a trace code; split lots point at their parent. */
export const batches = sqliteTable(
  "batches",
  {
    code: text("code").primaryKey(),
    orgId: text("org_id").notNull().references(() => organisations.id),
    namespace: integer("namespace").notNull(),
    serial: integer("serial").notNull(),
    parentCode: text("parent_code"),
    /** The purchase voucher this batch was bought with: the upstream link across organisations. */
    sourceVoucherCode: text("source_voucher_code"),
    productName: text("product_name").notNull(),
    productCategory: text("product_category").notNull(),
    originRegion: text("origin_region").notNull(),
    /** Quantity in the smallest unit (grams for weight), so splits add up exactly. */
    quantity: integer("quantity").notNull(),
    unit: text("unit").notNull(),
    certificates: text("certificates", { mode: "json" }).$type<unknown[]>().notNull(),
    /** valid | suspended | revoked | recalled */
    status: text("status").notNull().default("valid"),
    statusReason: text("status_reason"),
    createdAt: text("created_at").notNull(),
  },
  (table) => [index("batches_parent").on(table.parentCode), index("batches_org").on(table.orgId), index("batches_ns_status").on(table.namespace, table.status), index("batches_org_created").on(table.orgId, table.createdAt, table.code), index("batches_source_voucher").on(table.sourceVoucherCode)],
);
