import { inject } from "vitest";
import type { AppConfig } from "../../src/config";
import type { Database } from "../../src/db/database";
import { openLibsqlWeb } from "../../src/db/libsql-web";
import { resetToSchema } from "./schema-reset";

// Storage target "sqld": a real libSQL server (started by sqld-server.ts) through the fetch-only
// web client. Selected by vitest.config.ts (alias #test-target).

/** Settings a deployment on this storage uses; the harness applies them before a test's own. */
export const targetConfig: Partial<AppConfig> = {};

/**
 * The server's one database, reset to the migrated schema with empty tables: it outlives a
 * test, so every harness starts from scratch (the project runs its files one at a time).
 */
export async function openTestDatabase(): Promise<{ db: Database; close: () => void }> {
  const { db, close } = openLibsqlWeb(inject("sqldUrl"));
  await resetToSchema(db, inject("sqldSchema"));
  return { db, close };
}
