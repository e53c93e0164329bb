import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organisations } from "./organisations";

/**
 * Files a business uploads for its file (一户一档): self-inspection forms, purchase inspection
 * records, staff health certificates, licences. The bytes are in the blob store under
 * `blob_key`; this row is the metadata.
 */
export const documents = sqliteTable(
  "documents",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organisations.id),
    /** self-inspection | purchase-inspection | health-certificate | licence | other */
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    blobKey: text("blob_key").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    uploadedAt: text("uploaded_at").notNull(),
  },
  (table) => [index("documents_org_kind").on(table.orgId, table.kind)],
);

/** Self-inspections (自查) against the template for the business type, with the form's file if any. */
export const selfInspections = sqliteTable(
  "self_inspections",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organisations.id),
    templateId: text("template_id").notNull(),
    inspectedOn: text("inspected_on").notNull(),
    items: text("items", { mode: "json" }).$type<Array<{ code: string; passed: boolean; note?: string }>>().notNull(),
    passed: integer("passed", { mode: "boolean" }).notNull(),
    documentId: text("document_id"),
    createdAt: text("created_at").notNull(),
  },
  (table) => [index("self_inspections_org_date").on(table.orgId, table.inspectedOn)],
);
