import { sqliteTable, text, integer } from "drizzle-orm/sqlite-core";

/** Organisations: every business, market and regulator, plus the platform admin. */
export const organisations = sqliteTable("organisations", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** OrganisationKind from @shian/schemas, or "admin". */
  role: text("role").notNull(),
  uscc: text("uscc"),
  region: text("region"),
  /** The market an organisation trades in (stalls, wholesalers); its manager may test and recall there. */
  marketId: text("market_id"),
  /** Trace-code namespace; unique, assigned at creation. */
  namespace: integer("namespace").notNull().unique(),
  /** Next serial in the namespace: allocated by one atomic UPDATE … RETURNING. */
  nextSerial: integer("next_serial").notNull().default(1),
  createdAt: text("created_at").notNull(),
});
