/**
 * Migrated embedded libSQL files in a temporary folder, for the scan analytics writer tests:
 * an issuer and its vouchers (some carrying a quantity), copied byte for byte so two writers
 * can start from the same database.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { DEFAULT_CLONE_RULE } from "../src/analytics/clone-rules";
import type { Database } from "../src/db/database";
import { migrateLibsql, openLibsql } from "../src/db/libsql";
import { vouchers as vouchersTable } from "../src/db/schema/index";
import type { KnownVoucher } from "../src/services/scan-analytics";

export const RULE = DEFAULT_CLONE_RULE;
export const ORG_ID = "org-analytics-thread";
const NAMESPACE = 9_101;

export interface VoucherFile {
  dir: string;
  /** A `file:` URL per name, each a copy of the seeded database. */
  url(name: string): string;
  /** Digits of the seeded vouchers, in serial order. */
  digits: string[];
  /** The seeded rows as the scan cache holds them. */
  rows: Map<string, KnownVoucher>;
  remove(): void;
}

export const digitsOf = (serial: number) => String(70_000_000_000 + serial);

/** Seeds `count` vouchers (every third one claims a quantity of 10) into a database file, then closes it. */
export async function seedVoucherFile(count: number): Promise<VoucherFile> {
  const dir = mkdtempSync(join(tmpdir(), "shian-analytics-thread-"));
  const seedPath = join(dir, "seed.db");
  const { db, close } = openLibsql(`file:${seedPath}`);
  await migrateLibsql(db);
  const created = "2026-05-10T00:00:00.000Z";
  await db.run(sql`INSERT INTO organisations (id, name, role, namespace, region, created_at) VALUES (${ORG_ID}, 'thread test issuer', 'wholesaler', ${NAMESPACE}, '440607', ${created})`);
  const rows = new Map<string, KnownVoucher>();
  const digits: string[] = [];
  const values: Array<typeof vouchersTable.$inferInsert> = [];
  for (let serial = 1; serial <= count; serial++) {
    const d = digitsOf(serial);
    const claims = serial % 3 === 0 ? { quantity: 10 } : {};
    const code = `${NAMESPACE}-1-${serial}`;
    values.push({ code, orgId: ORG_ID, namespace: NAMESPACE, serial, type: "sale", keyIndex: 1, digits: d, url: `http://localhost:8787/v/${d}`, claims, createdAt: created });
    rows.set(d, { code, orgId: ORG_ID, type: "sale", claims, batchCode: null });
    digits.push(d);
  }
  await insertVouchers(db, values);
  // Everything into the main file (WAL mode), so a byte copy of it is the whole database.
  await db.run(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
  close();
  return {
    dir,
    digits,
    rows,
    url(name) {
      const path = join(dir, `${name}.db`);
      copyFileSync(seedPath, path);
      return `file:${path}`;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Inserts voucher rows, 500 statements of 8 rows per batch. */
export async function insertVouchers(db: Database, values: Array<typeof vouchersTable.$inferInsert>): Promise<void> {
  const statements: unknown[] = [];
  for (let i = 0; i < values.length; i += 8) statements.push(db.insert(vouchersTable).values(values.slice(i, i + 8)));
  for (let i = 0; i < statements.length; i += 500) await db.batch(statements.slice(i, i + 500) as [never, ...never[]]);
}

/** Every stored counter and flag, in a stable order. */
export async function storedAnalytics(db: Database): Promise<{ counts: unknown[]; flags: unknown[] }> {
  return {
    counts: await db.all(sql`SELECT * FROM scan_counts ORDER BY voucher_code, region, hour`),
    flags: await db.all(sql`SELECT * FROM flagged_codes ORDER BY voucher_code, reason`),
  };
}
