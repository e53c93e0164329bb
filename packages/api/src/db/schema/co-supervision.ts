import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Co-supervision tasks (智慧协管): regulators post them, co-supervisors claim them (one claimant:
 * a conditional UPDATE … WHERE status = 'open'), submit evidence, regulators review.
 */
export const coTasks = sqliteTable(
  "co_tasks",
  {
    id: text("id").primaryKey(),
    /** inspect-stall | check-certificate | sample-test */
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    description: text("description"),
    /** GB/T 2260 region the task is in. */
    region: text("region").notNull(),
    targetOrgId: text("target_org_id"),
    /** The public vote item the task was made from (你点我查). */
    voteItemId: text("vote_item_id"),
    /** Instant (ISO) by which evidence is due; claims are refused after it. */
    deadline: text("deadline").notNull(),
    commissionFen: integer("commission_fen").notNull(),
    /** open | claimed | submitted | approved | closed */
    status: text("status").notNull(),
    postedBy: text("posted_by").notNull(),
    postedAt: text("posted_at").notNull(),
    claimedBy: text("claimed_by"),
    claimedAt: text("claimed_at"),
    evidenceText: text("evidence_text"),
    evidenceDocumentIds: text("evidence_document_ids", { mode: "json" }).$type<string[]>(),
    submittedAt: text("submitted_at"),
    reviewedBy: text("reviewed_by"),
    reviewedAt: text("reviewed_at"),
    reviewNote: text("review_note"),
    /** Times evidence for this task was rejected. */
    rejections: integer("rejections").notNull().default(0),
    updatedAt: text("updated_at").notNull(),
  },
  (table) => [index("co_tasks_status_region").on(table.status, table.region), index("co_tasks_claimed_by").on(table.claimedBy, table.status)],
);

/** Every review of submitted evidence (approved or rejected), for monthly scores and commissions. */
export const coTaskReviews = sqliteTable(
  "co_task_reviews",
  {
    id: text("id").primaryKey(),
    taskId: text("task_id")
      .notNull()
      .references(() => coTasks.id),
    /** The co-supervisor whose evidence was reviewed. */
    orgId: text("org_id").notNull(),
    /** approved | rejected */
    outcome: text("outcome").notNull(),
    /** China month (YYYY-MM) of the review. */
    month: text("month").notNull(),
    reviewedAt: text("reviewed_at").notNull(),
    reviewedBy: text("reviewed_by").notNull(),
    /** Evidence submitted by the deadline. */
    onTime: integer("on_time", { mode: "boolean" }).notNull(),
    /** The task's commission when approved, else 0. */
    commissionFen: integer("commission_fen").notNull(),
  },
  (table) => [index("co_task_reviews_month_org").on(table.month, table.orgId)],
);
