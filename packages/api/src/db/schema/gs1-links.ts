import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organisations } from "./organisations";

/**
 * Links an issuer adds to the GS1 resolver for its GTINs (`/01/{gtin}`, optionally for one lot),
 * served next to the links derived from vouchers and batches.
 */
export const gs1Links = sqliteTable(
  "gs1_links",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organisations.id),
    /** Always the 14-digit form. */
    gtin: text("gtin").notNull(),
    /** AI (10); null for links of the GTIN as a whole. */
    lot: text("lot"),
    linkType: text("link_type").notNull(),
    href: text("href").notNull(),
    title: text("title").notNull(),
    language: text("language"),
    mediaType: text("media_type"),
    createdAt: text("created_at").notNull(),
  },
  (table) => [index("gs1_links_gtin").on(table.gtin, table.lot), index("gs1_links_org").on(table.orgId, table.createdAt)],
);
