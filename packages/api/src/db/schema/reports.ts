import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Anonymous reports (吹哨人). Nothing here identifies the reporter: no IP address, user agent,
 * device id or request header, and the submission day rather than its instant. `code_key` is
 * SHA-256 of the identity code (to find a report by its code); `secret_hash` a PBKDF2 hash of
 * code and password with a per-report salt. A reporter may use one code for several reports.
 */
export const reports = sqliteTable(
  "reports",
  {
    id: text("id").primaryKey(),
    codeKey: text("code_key").notNull(),
    secretHash: text("secret_hash").notNull(),
    /** business | batch | voucher */
    targetKind: text("target_kind").notNull(),
    target: text("target", { mode: "json" }).$type<Record<string, string>>().notNull(),
    /** The business's organisation id when the target names one (for regulators' queries). */
    targetOrgId: text("target_org_id"),
    category: text("category").notNull(),
    description: text("description").notNull(),
    /** received | investigating | substantiated | unsubstantiated | closed */
    status: text("status").notNull(),
    /** China date (YYYY-MM-DD) of submission: a day, not an instant that could be matched with other logs. */
    submittedOn: text("submitted_on").notNull(),
    triageNote: text("triage_note"),
    inspectionId: text("inspection_id"),
    /** substantiated | unsubstantiated, set when closed */
    outcome: text("outcome"),
    fineYuan: integer("fine_yuan"),
    rewardTier: text("reward_tier"),
    rewardFen: integer("reward_fen"),
    rewardNoticeAt: text("reward_notice_at"),
    /** Last China date (inclusive) a reward may be claimed. */
    claimDeadline: text("claim_deadline"),
    claimedAt: text("claimed_at"),
    /** Given to the reporter at the claim, to collect the reward without showing who they are. */
    claimReference: text("claim_reference"),
    updatedAt: text("updated_at").notNull(),
  },
  (table) => [index("reports_code_key").on(table.codeKey), index("reports_status").on(table.status, table.submittedOn), index("reports_target_org").on(table.targetOrgId)],
);

/** Evidence files of reports (bytes in the blob store, metadata stripped from images). */
export const reportEvidence = sqliteTable(
  "report_evidence",
  {
    id: text("id").primaryKey(),
    /** Null until a report names it. */
    reportId: text("report_id").references(() => reports.id),
    blobKey: text("blob_key").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
  },
  (table) => [index("report_evidence_report").on(table.reportId)],
);

/** Wrong-password attempts per identity code (known or not, so a lock-out reveals nothing). */
export const reportAttempts = sqliteTable("report_attempts", {
  codeKey: text("code_key").primaryKey(),
  failures: integer("failures").notNull(),
  locks: integer("locks").notNull(),
  /** Epoch ms until which every attempt with this code is refused. */
  lockedUntil: integer("locked_until").notNull(),
});
