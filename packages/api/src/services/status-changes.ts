import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/database";
import { bumpVersion, STATUS_EPOCH } from "./versions";

/**
 * Every batch downstream of a batch: its split lots (parent_code) and the batches buyers
 * created from vouchers of it (source_voucher_code), recursively.
 */
export function descendantsCte(rootCode: string): SQL {
  return sql`WITH RECURSIVE tree(code) AS (
    SELECT ${rootCode}
    UNION SELECT b.code FROM batches b JOIN tree ON b.parent_code = tree.code
    UNION SELECT b.code FROM batches b JOIN vouchers v ON b.source_voucher_code = v.code JOIN tree ON v.batch_code = tree.code
  )`;
}

/** Status severity: a change never lowers a batch below a stronger status. */
const RANK = sql`CASE status WHEN 'valid' THEN 0 WHEN 'suspended' THEN 1 WHEN 'recalled' THEN 2 WHEN 'revoked' THEN 3 ELSE 9 END`;
const rankOf = (status: string) => ({ valid: 0, suspended: 1, recalled: 2, revoked: 3 })[status] ?? 9;

/**
 * The statements that move a batch and everything downstream (lots and vouchers) to a
 * status, and bump the status-list version of every namespace touched. Run them in one
 * `db.batch` so the change is atomic.
 *
 * `onlyFrom` restricts the change to items currently in that status (used to resume a
 * suspension without touching recalled goods); otherwise only stronger statuses win.
 */
export function statusChangeStatements(db: Database, rootCode: string, status: string, reason: string, onlyFrom?: string) {
  const tree = descendantsCte(rootCode);
  const condition = onlyFrom === undefined ? sql`${RANK} < ${rankOf(status)}` : sql`status = ${onlyFrom}`;
  return [
    bumpVersion(db, STATUS_EPOCH),
    db.run(sql`${tree} INSERT INTO versions (name, value)
      SELECT 'status:' || ns, 1 FROM (
        SELECT DISTINCT namespace AS ns FROM batches WHERE code IN (SELECT code FROM tree) AND ${condition}
        UNION SELECT DISTINCT namespace FROM vouchers WHERE batch_code IN (SELECT code FROM tree) AND ${condition}
      ) WHERE true
      ON CONFLICT (name) DO UPDATE SET value = value + 1`),
    db.run(sql`${tree} UPDATE batches SET status = ${status}, status_reason = ${reason} WHERE code IN (SELECT code FROM tree) AND ${condition}`),
    db.run(sql`${tree} UPDATE vouchers SET status = ${status} WHERE batch_code IN (SELECT code FROM tree) AND ${condition}`),
  ] as const;
}
