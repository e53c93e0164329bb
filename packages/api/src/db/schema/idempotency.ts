import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Stored responses of requests that carried an Idempotency-Key. */
export const idempotency = sqliteTable(
  "idempotency",
  {
    orgId: text("org_id").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    body: text("body").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.orgId, table.key] })],
);

/** Platform secrets (the trust authority key), encrypted with the key-encryption key. */
export const platformSecrets = sqliteTable("platform_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
});
