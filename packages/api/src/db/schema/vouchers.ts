import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organisations } from "./organisations";

/** Issued vouchers; the URL is what the QR code holds. */
export const vouchers = sqliteTable(
  "vouchers",
  {
    code: text("code").primaryKey(),
    orgId: text("org_id").notNull().references(() => organisations.id),
    namespace: integer("namespace").notNull(),
    serial: integer("serial").notNull(),
    type: text("type").notNull(),
    batchCode: text("batch_code"),
    buyerOrgId: text("buyer_org_id"),
    keyIndex: integer("key_index").notNull(),
    /** The digits after the resolver path: the lookup key of a scan. */
    digits: text("digits").notNull().unique(),
    url: text("url").notNull(),
    claims: text("claims", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    status: text("status").notNull().default("valid"),
    /** Per-item idempotency key of the issuing request, unique per organisation. */
    idempotencyKey: text("idempotency_key"),
    createdAt: text("created_at").notNull(),
  },
  (table) => [
    index("vouchers_batch").on(table.batchCode),
    index("vouchers_ns_status").on(table.namespace, table.status),
    uniqueIndex("vouchers_idempotency").on(table.orgId, table.idempotencyKey),
    index("vouchers_org_created").on(table.orgId, table.createdAt, table.code),
  ],
);
