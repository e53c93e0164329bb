import { createClient } from "@libsql/client";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { fileURLToPath } from "node:url";
import * as schema from "./schema/index";
import type { Database } from "./database";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../drizzle", import.meta.url));

/** How long a statement on a database file waits for another connection's write lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 10_000;

/** A database file on this machine (not `:memory:`, not a remote server): other connections may write it too. */
export function isDatabaseFile(url: string): boolean {
  return url.startsWith("file:") && !url.includes(":memory:") && !/[?&]mode=memory\b/.test(url);
}

/**
 * Opens a libSQL database: `file:` (embedded), `:memory:` (tests) or a remote
 * `libsql://` / `http(s)://` server with an auth token.
 *
 * A database file may be written by more than one connection (the client's own pool, the scan
 * analytics writer thread), so it is opened in WAL mode (readers do not block the writer;
 * persistent in the file; `synchronous` stays at its default) with a busy timeout on every
 * connection, and its batches begin with the write lock (`BEGIN IMMEDIATE`): a batch that read
 * first and then wrote could not wait for the lock once another connection had committed.
 */
export function openLibsql(url: string, authToken?: string): { db: Database; close: () => void } {
  const file = isDatabaseFile(url);
  const client = createClient({ url, ...(authToken ? { authToken } : {}), ...(file ? { timeout: BUSY_TIMEOUT_MS } : {}) });
  if (file) {
    const batch = client.batch.bind(client);
    client.batch = (statements, mode = "write") => batch(statements, mode);
  }
  const db = drizzle(client, { schema });
  return { db, close: () => client.close() };
}

/** Migrates the database; a database file is switched to WAL mode first (see openLibsql). */
export async function migrateLibsql(db: Database): Promise<void> {
  // Persistent in the file; an in-memory database answers "memory" and stays as it is.
  if ((db as { $client?: { protocol?: string } }).$client?.protocol === "file") await db.run(sql`PRAGMA journal_mode=WAL`);
  await migrate(db as unknown as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER });
}
