/** The API's services on a fresh embedded libSQL file, for the in-process benchmarks. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AppConfig, defaultConfig } from "../packages/api/src/config";
import { migrateLibsql, openLibsql } from "../packages/api/src/db/libsql";
import { SecretBox } from "../packages/api/src/lib/crypto";
import { createServices, type Services } from "../packages/api/src/services/index";

export interface EmbeddedApi {
  db: ReturnType<typeof openLibsql>["db"];
  /** The database file's `file:` URL, for a second connection (the scan analytics writer thread). */
  url: string;
  config: AppConfig;
  services: Services;
}

/**
 * Runs `bench` against migrated services on a database file in a temporary folder (platform
 * keys made, public rate limit off), then closes the database and removes the folder.
 */
export async function withEmbeddedApi<T>(name: string, bench: (api: EmbeddedApi) => Promise<T>, options: { now?: () => Date } = {}): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `shian-bench-${name}-`));
  const url = `file:${join(dir, "bench.db")}`;
  const { db, close } = openLibsql(url);
  try {
    await migrateLibsql(db);
    const config = defaultConfig({ publicUrl: "http://127.0.0.1:18799", publicRateLimitPerMinute: 0 });
    const services = createServices({ db, box: await SecretBox.fromBase64url(SecretBox.generateKey()), config, ...(options.now ? { now: options.now } : {}) });
    await services.trust.ensurePlatform();
    return await bench({ db, url, config, services });
  } finally {
    close();
    rmSync(dir, { recursive: true, force: true });
  }
}
