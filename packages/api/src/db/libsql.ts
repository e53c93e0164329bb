import { createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { fileURLToPath } from "node:url";
import * as schema from "./schema/index";
import type { Database } from "./database";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../drizzle", import.meta.url));

/**
 * Opens a libSQL database: `file:` (embedded), `:memory:` (tests) or a remote
 * `libsql://` / `http(s)://` server with an auth token.
 */
export function openLibsql(url: string, authToken?: string): { db: Database; close: () => void } {
  const client = createClient({ url, ...(authToken ? { authToken } : {}) });
  const db = drizzle(client, { schema });
  return { db, close: () => client.close() };
}

export async function migrateLibsql(db: Database): Promise<void> {
  await migrate(db as unknown as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER });
}
