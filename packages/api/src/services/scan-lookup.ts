import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { vouchers } from "../db/schema/index";
import { STATUS_EPOCH, TRUST_BUNDLE_VERSION } from "./versions";
import type { VoucherRow } from "./vouchers";

/** What a scan reads from the database: the voucher row for the digits (if any), the status epoch and the trust bundle version. */
export interface ScanLookupResult {
  voucher: VoucherRow | undefined;
  epoch: number | null;
  trustVersion: number | null;
}

/** Reads a scan's row and versions in one statement. */
export type ScanLookup = (digits: string) => Promise<ScanLookupResult>;

/** The lookup through drizzle, on any database (libSQL, D1, a libSQL server). */
export function drizzleScanLookup(db: Database): ScanLookup {
  const prepared = db
    .select({
      voucher: vouchers,
      epoch: sql<number | null>`(SELECT value FROM versions WHERE name = ${STATUS_EPOCH})`,
      trustVersion: sql<number | null>`(SELECT value FROM versions WHERE name = ${TRUST_BUNDLE_VERSION})`,
    })
    .from(sql`(SELECT 1)`)
    .leftJoin(vouchers, eq(vouchers.digits, sql.placeholder("digits")))
    .prepare();
  return async (digits) => {
    const found = await prepared.get({ digits });
    return { voucher: found?.voucher ?? undefined, epoch: found?.epoch ?? null, trustVersion: found?.trustVersion ?? null };
  };
}
