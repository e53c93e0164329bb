import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { versions } from "../db/schema/index";

export const TRUST_BUNDLE_VERSION = "trust-bundle";
/** Bumped by every change a scan shows (statuses, tests, recalls): scan caches key on it. */
export const STATUS_EPOCH = "status-epoch";
export const statusVersionName = (namespace: number) => `status:${namespace}`;

/** A statement that increments a named counter (starting at 1); put it in the write's batch. */
export function bumpVersion(db: Database, name: string) {
  return db
    .insert(versions)
    .values({ name, value: 1 })
    .onConflictDoUpdate({ target: versions.name, set: { value: sql`${versions.value} + 1` } });
}

export async function readVersion(db: Database, name: string): Promise<number> {
  const row = await db.select({ value: versions.value }).from(versions).where(eq(versions.name, name)).get();
  return row?.value ?? 0;
}
