import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Lock-downs: one per failed rapid test. Opened in the same transaction that suspends the
 * batch and its descendants; a regulator or the testing organisation confirms it (→ recall)
 * or clears it (→ suspended items resume).
 */
export const lockdowns = sqliteTable(
  "lockdowns",
  {
    id: text("id").primaryKey(),
    batchCode: text("batch_code").notNull(),
    testId: text("test_id").notNull().unique(),
    /** The organisation that recorded the failed test. */
    orgId: text("org_id").notNull(),
    /** open | confirmed | cleared */
    state: text("state").notNull().default("open"),
    /** Batches in the tree (the batch and every descendant) when it was opened. */
    descendants: integer("descendants").notNull(),
    recallId: text("recall_id"),
    resolvedByOrgId: text("resolved_by_org_id"),
    resolvedAt: text("resolved_at"),
    note: text("note"),
    createdAt: text("created_at").notNull(),
  },
  (table) => [index("lockdowns_batch").on(table.batchCode), index("lockdowns_state_created").on(table.state, table.createdAt)],
);

/**
 * The downstream holders of a lock-down: every organisation holding a batch of the tree or
 * having bought from it (purchase-ledger lines and vouchers sold to it), as of the lock-down.
 */
export const lockdownHolders = sqliteTable(
  "lockdown_holders",
  {
    lockdownId: text("lockdown_id").notNull(),
    orgId: text("org_id").notNull(),
    /** Batches of the tree this organisation owns. */
    batches: integer("batches").notNull(),
    /** Its purchase-record ids made from vouchers of the tree. */
    purchaseRecordIds: text("purchase_record_ids", { mode: "json" }).$type<string[]>().notNull(),
  },
  (table) => [primaryKey({ columns: [table.lockdownId, table.orgId] }), index("lockdown_holders_org").on(table.orgId)],
);

/** The one resolution of a lock-down; its primary key makes a second confirm or clear fail as a whole. */
export const lockdownResolutions = sqliteTable("lockdown_resolutions", {
  lockdownId: text("lockdown_id").primaryKey(),
  /** confirmed | cleared */
  action: text("action").notNull(),
  orgId: text("org_id").notNull(),
  createdAt: text("created_at").notNull(),
});
