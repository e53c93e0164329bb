/**
 * `pnpm --filter @shian/api db:migrate`: applies the drizzle migrations (drizzle/) to the
 * libSQL database at DATABASE_URL (a Turso `libsql://…` URL with DATABASE_AUTH_TOKEN, a `sqld`
 * server, or a `file:` path) and exits. The Workers entry on LIBSQL_URL expects this done;
 * D1 has its own: `wrangler d1 migrations apply DB`.
 */
import { migrateLibsql, openLibsql } from "../src/db/libsql";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("set DATABASE_URL (and DATABASE_AUTH_TOKEN for Turso)");
  process.exit(2);
}
const { db, close } = openLibsql(url, process.env.DATABASE_AUTH_TOKEN);
await migrateLibsql(db);
close();
console.log(`migrations applied to ${url.replace(/\?.*$/, "")}`);
