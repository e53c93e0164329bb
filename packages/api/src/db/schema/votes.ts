import { index, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * Public votes (你点我查): businesses or product types the public proposes for inspection.
 * `itemKey` identifies what is proposed (`org:<id>` for a registered business, otherwise
 * `name:<lower-cased name>`), so one thing is proposed once per kind.
 */
export const voteItems = sqliteTable(
  "vote_items",
  {
    id: text("id").primaryKey(),
    /** business | product-type */
    kind: text("kind").notNull(),
    itemKey: text("item_key").notNull(),
    name: text("name").notNull(),
    businessId: text("business_id"),
    /** GB/T 2260 region the item is about, when the proposer names one. */
    region: text("region"),
    /** open | adopted (a regulator took it up; no more votes) */
    status: text("status").notNull(),
    /** China date of the proposal. */
    proposedOn: text("proposed_on").notNull(),
    adoptedAt: text("adopted_at"),
    adoptedBy: text("adopted_by"),
    /** The co-supervision task made from the item, if any. */
    taskId: text("task_id"),
  },
  (table) => [uniqueIndex("vote_items_kind_key").on(table.kind, table.itemKey)],
);

/**
 * One row per vote. Nothing about the voter but `voterHash`, SHA-256 of the device token the
 * API handed out (no IP address, user agent or time of day): the primary key makes one vote
 * per token, item and period (a China calendar month, YYYY-MM).
 */
export const votes = sqliteTable(
  "votes",
  {
    itemId: text("item_id")
      .notNull()
      .references(() => voteItems.id),
    period: text("period").notNull(),
    voterHash: text("voter_hash").notNull(),
  },
  (table) => [primaryKey({ columns: [table.itemId, table.period, table.voterHash] }), index("votes_period_item").on(table.period, table.itemId)],
);
