import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organisations } from "./organisations";

/** API keys: only a SHA-256 of the secret is kept; the full key is shown once. */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organisations.id),
    /** Public part of the key (`sk_<prefix>_…`), unique, used to look the key up. */
    prefix: text("prefix").notNull().unique(),
    secretHash: text("secret_hash").notNull(),
    name: text("name").notNull(),
    scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
    lastUsedAt: text("last_used_at"),
  },
  (table) => [index("api_keys_org").on(table.orgId)],
);

/** Set-once counters: trust bundle version, per-namespace status-list versions. */
export const versions = sqliteTable("versions", {
  name: text("name").primaryKey(),
  value: integer("value").notNull(),
});
