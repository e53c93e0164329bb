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

/**
 * Every batch upstream of the batches `seed` selects (one `code` column), the seed included:
 * the lots they were split from (parent_code) and the sellers' batches behind the vouchers
 * they were bought with (source_voucher_code), recursively, as the CTE `up(code)`.
 */
export function upstreamCte(seed: SQL): SQL {
  return sql`WITH RECURSIVE up(code) AS (
    ${seed}
    UNION SELECT b.parent_code FROM batches b JOIN up ON b.code = up.code WHERE b.parent_code IS NOT NULL
    UNION SELECT v.batch_code FROM batches b JOIN up ON b.code = up.code JOIN vouchers v ON v.code = b.source_voucher_code WHERE v.batch_code IS NOT NULL
  )`;
}

/** A lot's tree (descendantsCte) plus the given upstream lots, as the CTE `scope(code)`. */
export function lotScopeCte(rootCode: string, ancestors: readonly string[]): SQL {
  return sql`${descendantsCte(rootCode)}, scope(code) AS (SELECT code FROM tree UNION SELECT value FROM json_each(${JSON.stringify(ancestors)}))`;
}

/** Status severity: a change never lowers a batch below a stronger status. */
const RANK = sql`CASE status WHEN 'valid' THEN 0 WHEN 'suspended' THEN 1 WHEN 'recalled' THEN 2 WHEN 'revoked' THEN 3 ELSE 9 END`;
const rankOf = (status: string) => ({ valid: 0, suspended: 1, recalled: 2, revoked: 3 })[status] ?? 9;

/**
 * Every batch still held by an open lock-down other than `exceptLockdownId`: the roots of the
 * other open lock-downs and everything downstream of them (the same walk as descendantsCte).
 * A CTE named `kept(code)`, to follow `descendantsCte(...)` after a comma.
 */
export function heldByOtherLockdownsCte(exceptLockdownId: string): SQL {
  return sql`kept(code) AS (
    SELECT batch_code FROM lockdowns WHERE state = 'open' AND id <> ${exceptLockdownId}
    UNION SELECT b.code FROM batches b JOIN kept ON b.parent_code = kept.code
    UNION SELECT b.code FROM batches b JOIN vouchers v ON b.source_voucher_code = v.code JOIN kept ON v.batch_code = kept.code
  )`;
}

export interface StatusChangeOptions {
  /** Only items currently in this status change (used to resume a suspension without touching recalled goods). */
  onlyFrom?: string;
  /** A CTE `kept(code) AS (...)` (see heldByOtherLockdownsCte): batches in it, and their vouchers, are left alone. */
  keep?: SQL;
}

/**
 * The statements that move a batch and everything downstream (lots and vouchers) to a
 * status, and bump the status-list version of every namespace whose items actually change.
 * Run them in one `db.batch` so the change is atomic: the `keep` set is computed inside the
 * same transaction, so a lock-down opened or cleared concurrently is either fully seen or not.
 *
 * Without `onlyFrom`, only stronger statuses win.
 */
export function statusChangeStatements(db: Database, rootCode: string, status: string, reason: string, options: StatusChangeOptions = {}) {
  const ctes = options.keep ? sql`${descendantsCte(rootCode)}, ${options.keep}` : descendantsCte(rootCode);
  const condition = options.onlyFrom === undefined ? sql`${RANK} < ${rankOf(status)}` : sql`status = ${options.onlyFrom}`;
  const batchRows = options.keep ? sql`code IN (SELECT code FROM tree) AND code NOT IN (SELECT code FROM kept)` : sql`code IN (SELECT code FROM tree)`;
  const voucherRows = options.keep ? sql`batch_code IN (SELECT code FROM tree) AND batch_code NOT IN (SELECT code FROM kept)` : sql`batch_code IN (SELECT code FROM tree)`;
  return [
    bumpVersion(db, STATUS_EPOCH),
    // Before the updates: it picks the namespaces of the rows about to change.
    db.run(sql`${ctes} INSERT INTO versions (name, value)
      SELECT 'status:' || ns, 1 FROM (
        SELECT DISTINCT namespace AS ns FROM batches WHERE ${batchRows} AND ${condition}
        UNION SELECT DISTINCT namespace FROM vouchers WHERE ${voucherRows} AND ${condition}
      ) WHERE true
      ON CONFLICT (name) DO UPDATE SET value = value + 1`),
    db.run(sql`${ctes} UPDATE batches SET status = ${status}, status_reason = ${reason} WHERE ${batchRows} AND ${condition}`),
    db.run(sql`${ctes} UPDATE vouchers SET status = ${status} WHERE ${voucherRows} AND ${condition}`),
  ] as const;
}
