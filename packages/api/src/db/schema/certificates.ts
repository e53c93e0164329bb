import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organisations } from "./organisations";

/**
 * 承诺达标合格证 issued here: the validated certificate (every mandatory field of the 2026 rule)
 * and its signed `certificate` voucher (also a row in `vouchers`), whose URL is under /c/.
 */
export const complianceCertificates = sqliteTable(
  "compliance_certificates",
  {
    code: text("code").primaryKey(),
    orgId: text("org_id").notNull().references(() => organisations.id),
    form: text("form").notNull(),
    productName: text("product_name").notNull(),
    issueDate: text("issue_date").notNull(),
    /** The issuer's batch the certificate travels with, if any. */
    batchCode: text("batch_code"),
    body: text("body", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    keyIndex: integer("key_index").notNull(),
    digits: text("digits").notNull().unique(),
    url: text("url").notNull(),
    /** Kept at least until this date (default: two years after issue). */
    retainUntil: text("retain_until").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [index("compliance_certificates_org").on(table.orgId, table.issueDate)],
);

/** A certificate attached to a batch on receipt (a wholesaler taking the goods in). */
export const certificateAttachments = sqliteTable(
  "certificate_attachments",
  {
    certificateCode: text("certificate_code").notNull(),
    batchCode: text("batch_code").notNull(),
    orgId: text("org_id").notNull().references(() => organisations.id),
    attachedAt: text("attached_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.certificateCode, table.batchCode] }), index("certificate_attachments_batch").on(table.batchCode)],
);
