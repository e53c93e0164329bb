import { applyD1Migrations, type D1Migration, reset } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { getTableColumns } from "drizzle-orm";
import type { AppConfig } from "../../src/config";
import type { Database } from "../../src/db/database";
import { openD1 } from "../../src/db/d1";
import { vouchers } from "../../src/db/schema/index";

// Storage target "workers": workerd + D1 through @cloudflare/vitest-pool-workers. Selected by
// vitest.config.ts (alias #test-target); type-checked by ../tsconfig.workerd.json.

declare global {
  namespace Cloudflare {
    interface Env {
      DB: D1Database;
      /** `readD1Migrations("packages/api/drizzle")`, passed in by vitest.config.ts. */
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}

/**
 * Settings a deployment on this storage uses; the harness applies them before a test's own.
 * D1 binds at most 100 parameters per statement, so a multi-row voucher INSERT takes fewer rows.
 */
export const targetConfig: Partial<AppConfig> = { insertRowsPerStatement: Math.floor(100 / Object.keys(getTableColumns(vouchers)).length) };

/**
 * The project's D1 database outlives a test: every harness starts with the pool's `reset()`
 * (deletes all storage, also tables a test created or dropped) and applies the migrations again.
 */
export async function openTestDatabase(): Promise<{ db: Database; close: () => void }> {
  await reset();
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
  return { db: openD1(env.DB), close: () => {} };
}
