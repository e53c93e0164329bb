import { createClient } from "@libsql/client/web";
import { drizzle } from "drizzle-orm/libsql/web";
import type { Database } from "./database";
import * as schema from "./schema/index";

/**
 * A remote libSQL server (Turso, or `sqld`) over HTTP with the fetch-only client, which runs
 * on Workers as well as Node. Migrations are applied beforehand (`migrateLibsql` from Node).
 */
export function openLibsqlWeb(url: string, authToken?: string): { db: Database; close: () => void } {
  const client = createClient({ url, ...(authToken ? { authToken } : {}) });
  return { db: drizzle(client, { schema }) as unknown as Database, close: () => client.close() };
}
