import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/database";

/** A row of `sqlite_master`: the schema a fresh, migrated database has. */
export interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

/** Objects a reset never touches: SQLite's own, the platform's and the migration bookkeeping. */
const KEPT = /^(sqlite_|_cf_|libsql_|__drizzle_migrations$|d1_migrations$)/;
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const CREATE_ORDER = ["table", "index", "view", "trigger"];

export async function readSchema(db: Database): Promise<SchemaObject[]> {
  const rows = await db.all<SchemaObject>(sql`SELECT type, name, tbl_name, sql FROM sqlite_master`);
  return rows.map(({ type, name, tbl_name, sql }) => ({ type, name, tbl_name, sql }));
}

/**
 * Brings a database shared by many tests back to the freshly migrated state, in one
 * transaction: drops what a test added (tables, triggers, …), recreates what a test dropped,
 * then empties every table. The migrations' own table is kept.
 */
export async function resetToSchema(db: Database, schema: SchemaObject[]): Promise<void> {
  const wanted = schema.filter((object) => object.sql !== null && !KEPT.test(object.name));
  const byName = new Map(wanted.map((object) => [object.name, object]));
  const current = (await readSchema(db)).filter((object) => object.sql !== null && !KEPT.test(object.name));
  const extra = current.filter((object) => byName.get(object.name)?.sql !== object.sql);
  const droppedTables = new Set(extra.filter((object) => object.type === "table").map((object) => object.name));
  // Dropping a table drops its indexes and triggers too.
  const remaining = new Set(current.filter((object) => !extra.includes(object) && !droppedTables.has(object.tbl_name)).map((object) => object.name));
  const statements: string[] = ["PRAGMA defer_foreign_keys = ON"];
  for (const type of [...CREATE_ORDER].reverse()) {
    for (const object of extra) if (object.type === type) statements.push(`DROP ${type.toUpperCase()} IF EXISTS ${quote(object.name)}`);
  }
  for (const type of CREATE_ORDER) for (const object of wanted) if (object.type === type && !remaining.has(object.name)) statements.push(object.sql!);
  for (const object of wanted) if (object.type === "table") statements.push(`DELETE FROM ${quote(object.name)}`);
  const [first, ...rest] = statements.map((statement) => db.run(sql.raw(statement)));
  await db.batch([first!, ...rest]);
}
