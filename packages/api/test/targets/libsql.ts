import type { AppConfig } from "../../src/config";
import type { Database } from "../../src/db/database";
import { migrateLibsql, openLibsql } from "../../src/db/libsql";

// Storage target "node": Node + embedded libSQL. Selected by vitest.config.ts (alias #test-target).

/** Settings a deployment on this storage uses; the harness applies them before a test's own. */
export const targetConfig: Partial<AppConfig> = {};

/** A fresh, migrated `:memory:` database per harness. */
export async function openTestDatabase(): Promise<{ db: Database; close: () => void }> {
  const { db, close } = openLibsql(":memory:");
  await migrateLibsql(db);
  return { db, close };
}
