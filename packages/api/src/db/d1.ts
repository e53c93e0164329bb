import { drizzle } from "drizzle-orm/d1";
import type { Database } from "./database";
import * as schema from "./schema/index";

/**
 * A Cloudflare D1 binding as the services' database. D1 runs each `batch` as one
 * transaction, which is the only atomic write the services use.
 */
export function openD1(binding: Parameters<typeof drizzle>[0]): Database {
  return drizzle(binding, { schema }) as unknown as Database;
}
