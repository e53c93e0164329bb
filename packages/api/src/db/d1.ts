import { drizzle } from "drizzle-orm/d1";
import type { Database } from "./database";
import * as schema from "./schema/index";

type D1Binding = Parameters<typeof drizzle>[0];

/**
 * A Cloudflare D1 binding as the services' database. D1 runs each `batch` as one
 * transaction, which is the only atomic write the services use.
 *
 * Two gaps of drizzle-orm's D1 driver are closed here so the services behave as on libSQL:
 * - a raw `db.run(sql`…${value}`)` inside `db.batch` fails ("reading 'bind'", drizzle-orm#2277):
 *   it gets the prepared statement the batch binds its parameters to;
 * - write results in a batch are D1 results (`meta.changes`): they also get libSQL's `rowsAffected`.
 */
export function openD1(binding: D1Binding): Database {
  const db = drizzle(binding, { schema });
  const run = db.run.bind(db);
  db.run = ((query) => {
    const raw = run(query);
    Object.defineProperty(raw, "stmt", { get: () => binding.prepare(raw.getQuery().sql) });
    return raw;
  }) as typeof db.run;
  const batch = db.batch.bind(db);
  db.batch = (async (queries) => {
    const results = (await batch(queries)) as unknown[];
    for (const result of results) if (isD1Result(result)) Object.assign(result, { rowsAffected: result.meta.changes });
    return results;
  }) as typeof db.batch;
  return db as unknown as Database;
}

function isD1Result(value: unknown): value is { meta: { changes: number } } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as { meta?: { changes?: unknown } }).meta?.changes === "number";
}
