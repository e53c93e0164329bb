/**
 * Node entry: `pnpm start`. Migrates the database, creates the platform keys, seeds the demo
 * on an empty database, and serves the API on PORT (default 8787).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { createApp } from "./app";
import { defaultConfig } from "./config";
import { isDatabaseFile, migrateLibsql, openLibsql } from "./db/libsql";
import { ThreadedCountWriter } from "./analytics/thread-writer";
import { SecretBox } from "./lib/crypto";
import { createServices } from "./services/index";
import { internalPrincipal } from "./services/internal-principal";
import { PLATFORM_ORG_ID } from "./services/trust";
import { setDefaultLabelFontLoader } from "./services/labels";
import { nodeLabelFont } from "./labels/node-font";
import { LocalFolderBlobStore } from "./blobs/local-folder";
import { nativeScanLookup } from "./db/native-scan-lookup";
import { seedDemo, type DemoSeed } from "./seed/demo";

const env = process.env;
const port = Number(env.PORT ?? 8787);
const dataDir = resolve(env.SHIAN_DATA_DIR ?? ".data");
mkdirSync(dataDir, { recursive: true });
const databaseUrl = env.DATABASE_URL ?? `file:${resolve(dataDir, "shian.db")}`;
const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, "");

function keyEncryptionKey(): string {
  if (env.SHIAN_KEK) return env.SHIAN_KEK;
  const path = resolve(dataDir, "kek");
  if (!existsSync(path)) {
    writeFileSync(path, `${SecretBox.generateKey()}\n`, { mode: 0o600 });
    console.warn(`SHIAN_KEK is not set: generated a key-encryption key in ${path} (set SHIAN_KEK in production)`);
  }
  chmodSync(path, 0o600);
  return readFileSync(path, "utf8").trim();
}

const { db } = openLibsql(databaseUrl, env.DATABASE_AUTH_TOKEN);
await migrateLibsql(db);
const config = defaultConfig({
  publicUrl,
  publicRateLimitPerMinute: Number(env.RATE_LIMIT_PER_MINUTE ?? 600),
  ...(env.SCAN_CACHE_ENTRIES ? { scanCacheEntries: Number(env.SCAN_CACHE_ENTRIES) } : {}),
  ...(env.SCAN_FRESHNESS_MS ? { scanFreshnessMs: Number(env.SCAN_FRESHNESS_MS) } : {}),
  ...(env.SCAN_ANSWER_CACHE_ENTRIES ? { scanAnswerCacheEntries: Number(env.SCAN_ANSWER_CACHE_ENTRIES) } : {}),
  ...(env.SCAN_ANSWER_CACHE_MS ? { scanAnswerCacheMs: Number(env.SCAN_ANSWER_CACHE_MS) } : {}),
  ...(env.REPORT_CLAIM_WORKING_DAYS ? { reportClaimWorkingDays: Number(env.REPORT_CLAIM_WORKING_DAYS) } : {}),
  ...(env.SCAN_ANALYTICS_FLUSH_EVENTS ? { scanAnalyticsFlushEvents: Number(env.SCAN_ANALYTICS_FLUSH_EVENTS) } : {}),
  ...(env.SCAN_ANALYTICS_FLUSH_MS ? { scanAnalyticsFlushMs: Number(env.SCAN_ANALYTICS_FLUSH_MS) } : {}),
  // A webhook receiver on this machine, for local development only.
  ...(env.WEBHOOK_ALLOW_LOOPBACK === "true" ? { webhookAllowLoopback: true } : {}),
});
setDefaultLabelFontLoader(nodeLabelFont);
// On a database file, scan counters are written by a worker thread with its own connection
// (SCAN_ANALYTICS_THREAD=false writes them on the main thread); elsewhere on the main thread.
const scanAnalyticsWriter = isDatabaseFile(databaseUrl) && env.SCAN_ANALYTICS_THREAD !== "false" ? new ThreadedCountWriter({ url: databaseUrl, rule: config.cloneRule }) : undefined;
if (scanAnalyticsWriter) console.log("Scan counters are written by a worker thread (SCAN_ANALYTICS_THREAD=false writes them on the main thread)");
// Scans of vouchers not in the scan cache read a database file through a connection of their own with the statement
// prepared once (SCAN_NATIVE_LOOKUP=false reads through the shared client, as on other databases).
const nativeLookup = isDatabaseFile(databaseUrl) && env.SCAN_NATIVE_LOOKUP !== "false" ? nativeScanLookup(databaseUrl) : undefined;
const services = createServices({
  db,
  box: await SecretBox.fromBase64url(keyEncryptionKey()),
  config,
  blobStore: new LocalFolderBlobStore(resolve(dataDir, "blobs")),
  ...(scanAnalyticsWriter ? { scanAnalyticsWriter } : {}),
  ...(nativeLookup ? { scanLookup: nativeLookup.lookup } : {}),
});
await services.trust.ensurePlatform();

const demoFile = resolve(dataDir, "demo.json");
let demo: DemoSeed | undefined;
if ((await services.orgs.count()) <= 1 && env.SEED_DEMO !== "false") {
  console.log("Seeding the demo (market, wholesalers, stalls, supermarket, regulator, batches, tests, vouchers, a recall)…");
  demo = await seedDemo(services);
  writeFileSync(demoFile, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
} else if (existsSync(demoFile)) {
  demo = JSON.parse(readFileSync(demoFile, "utf8"));
}

// Grades move with time (the 12-month window, rule sets taking effect): record the changes every 6 hours.
const platform = internalPrincipal(await services.orgs.get(PLATFORM_ORG_ID));
setInterval(() => void services.grades.recomputeAll(platform).catch((error) => console.error("grade recompute failed", error)), 6 * 3600_000).unref();

// Webhooks: every 5 s the dispatcher fans new outbox events out to endpoints and sends the due deliveries (retries with back-off).
setInterval(() => void services.webhooks.dispatch().catch((error) => console.error("webhook dispatch failed", error)), 5_000).unref();

// Scan counters are written after SCAN_ANALYTICS_FLUSH_EVENTS scans, and at the latest every SCAN_ANALYTICS_FLUSH_MS (and on shutdown).
setInterval(() => void services.scanAnalytics.flush(), config.scanAnalyticsFlushMs).unref();

const app = createApp(services, { clientKey: (c) => getConnInfo(c).remote.address ?? "unknown" });
const server = serve({ fetch: app.fetch, port, hostname: env.HOST ?? "127.0.0.1" }, (info) => {
  console.log(`\nShian API on ${publicUrl} (listening on ${info.address}:${info.port}, database ${databaseUrl.replace(/authToken=[^&]+/, "authToken=…")})\n`);
  console.log(`  API docs           ${publicUrl}/docs`);
  console.log(`  OpenAPI            ${publicUrl}/openapi.json`);
  console.log(`  Trust bundle       ${publicUrl}/trust-bundle`);
  console.log(`  JWKS               ${publicUrl}/.well-known/jwks.json`);
  console.log(`  Scanner app        ${publicUrl}/scanner/`);
  if (demo) {
    console.log(`  Valid voucher      ${demo.vouchers.valid}`);
    console.log(`  Recalled voucher   ${demo.vouchers.recalled}`);
    console.log(`  Suspended voucher  ${demo.vouchers.suspended}`);
    if (demo.merchants) console.log(`  Merchant page      ${demo.merchants.A} (grade A; B and C in demo.json)`);
    console.log(`\n  Try: curl -H 'Accept: application/json' ${demo.vouchers.recalled}`);
    console.log(`       curl -H 'Authorization: Bearer ${demo.apiKeys.wholesalerA}' ${publicUrl}/v1/batches/${demo.batches.traced}/trace`);
    console.log(`  Demo API keys (also in ${demoFile}):`);
    for (const [name, key] of Object.entries(demo.apiKeys)) console.log(`    ${name.padEnd(12)} ${key}`);
  }
});

// Shutdown: stop accepting connections, write the buffered scan counters and wait for them, stop the writer thread.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close();
    services.scanAnalytics
      .close()
      .catch((error) => console.error("scan analytics shutdown failed", error))
      .finally(() => {
        nativeLookup?.close();
        process.exit(0);
      });
  });
}
