import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Rapid-test results: the full record (standard, threshold, measurement) as JSON. */
export const rapidTests = sqliteTable(
  "rapid_tests",
  {
    id: text("id").primaryKey(),
    batchCode: text("batch_code").notNull(),
    orgId: text("org_id").notNull(),
    item: text("item").notNull(),
    outcome: text("outcome").notNull(),
    /** The registered test point (test_points.id) the result names, if any. */
    testPointId: text("test_point_id"),
    record: text("record", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    testedAt: text("tested_at").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [index("rapid_tests_batch").on(table.batchCode), index("rapid_tests_created").on(table.createdAt, table.id)],
);

/** Recalls, one per recalled batch. */
export const recalls = sqliteTable("recalls", {
  id: text("id").primaryKey(),
  batchCode: text("batch_code").notNull().unique(),
  orgId: text("org_id").notNull(),
  reason: text("reason").notNull(),
  level: text("level").notNull(),
  note: text("note"),
  createdAt: text("created_at").notNull(),
});
