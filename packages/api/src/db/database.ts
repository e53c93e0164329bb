import type { LibSQLDatabase } from "drizzle-orm/libsql";
import type * as schema from "./schema/index";

/**
 * The database the services use. Writes that must be atomic go through `db.batch([...])`
 * (one implicit transaction on libSQL and on D1), never interactive transactions, so the
 * same service code runs on both.
 */
export type Database = Pick<LibSQLDatabase<typeof schema>, "select" | "selectDistinct" | "insert" | "update" | "delete" | "batch" | "run" | "all" | "get" | "query" | "$with" | "with">;

/** The same database, calling `onWrite` after every `batch` (committed or rolled back). */
export function notifyingWrites(db: Database, onWrite: () => void): Database {
  const notifying = Object.create(db) as Database;
  const batch: Database["batch"] = async (queries) => {
    try {
      return await db.batch(queries);
    } finally {
      onWrite();
    }
  };
  notifying.batch = batch;
  return notifying;
}
