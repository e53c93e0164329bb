/**
 * Cloudflare Workers entry (`wrangler.toml`): the same `createApp` as the Node entry, on a D1
 * binding (`DB`) or, when `LIBSQL_URL` is set, on a remote libSQL/Turso database over HTTP.
 * Migrations are applied beforehand (`wrangler d1 migrations apply`, or drizzle from Node).
 *
 * Services are built once per isolate and environment, on the first request: platform keys
 * ensured, and with `SEED_DEMO=true` the demo seeded into an empty database (at most once per
 * database, whatever the number of isolates). Node-only modules (`db/libsql.ts`, `node.ts`)
 * stay out of this module graph.
 */
import { createApp } from "./app";
import { R2BlobStore } from "./blobs/blob-store";
import { defaultConfig } from "./config";
import { openD1 } from "./db/d1";
import { openLibsqlWeb } from "./db/libsql-web";
import { SecretBox } from "./lib/crypto";
import { createServices, type Services } from "./services/index";
import { internalPrincipal } from "./services/internal-principal";
import { PLATFORM_ORG_ID } from "./services/trust";
import { CacheApiStore } from "./services/response-cache";
import { type DemoRecord, type DemoSeed, seedDemoOnce } from "./seed/demo";

export interface Env {
  /** D1 database (storage unless LIBSQL_URL is set). */
  DB?: D1Database;
  /** Remote libSQL/Turso database (`libsql://…` or `https://…`); takes precedence over DB. */
  LIBSQL_URL?: string;
  /** Secret: the libSQL auth token. */
  LIBSQL_AUTH_TOKEN?: string;
  /** Secret: 32-byte base64url key-encryption key that seals custodial private keys. */
  SHIAN_KEK?: string;
  /** Origin printed in vouchers; must be the voucher host (custom domain) this worker serves. */
  PUBLIC_URL?: string;
  /** Public requests per client per minute, per isolate; 0 = off. */
  RATE_LIMIT_PER_MINUTE?: string;
  /** How long an isolate trusts the status epoch and trust version it read (ms, default 1000); 0 reads them on every scan. */
  SCAN_FRESHNESS_MS?: string;
  /** "true": webhook endpoints on the loopback are allowed (a local `wrangler dev` receiver, tests); never in a deployment. */
  WEBHOOK_ALLOW_LOOPBACK?: string;
  /** How long a scan answer stays in a data centre's cache (s); 0 turns the edge cache off. */
  SCAN_EDGE_TTL_SECONDS?: string;
  /** Working days after a reward notice within which a whistleblower may claim it (default 30). */
  REPORT_CLAIM_WORKING_DAYS?: string;
  /** Scan analytics: write an isolate's buffered scan counters after this many scans (default 1000)… */
  SCAN_ANALYTICS_FLUSH_EVENTS?: string;
  /** …or once its oldest buffered scan is this old (ms, default 5000; checked as scans arrive). */
  SCAN_ANALYTICS_FLUSH_MS?: string;
  /** "true": seed the demo into an empty database and serve /__dev/demo on loopback. Never in production. */
  SEED_DEMO?: string;
  /** R2 bucket for uploaded documents (`wrangler r2 bucket create shian-blobs`); memory without it. */
  BLOBS?: R2Bucket;
}

interface Runtime {
  services: Services;
  app: ReturnType<typeof createApp>;
  /** The demo this isolate seeded (with its API keys), or what the database remembers of it. */
  demo?: DemoSeed | DemoRecord;
}

async function build(env: Env, requestUrl: string): Promise<Runtime> {
  if (!env.SHIAN_KEK) throw new Error("SHIAN_KEK is not set: `wrangler secret put SHIAN_KEK` (locally: .dev.vars)");
  let db;
  if (env.LIBSQL_URL) db = openLibsqlWeb(env.LIBSQL_URL, env.LIBSQL_AUTH_TOKEN).db;
  else if (env.DB) db = openD1(env.DB);
  else throw new Error("no database: bind a D1 database as DB or set LIBSQL_URL");
  if (!env.PUBLIC_URL) console.warn("PUBLIC_URL is not set: vouchers carry this request's origin");
  const config = defaultConfig({
    publicUrl: (env.PUBLIC_URL ?? new URL(requestUrl).origin).replace(/\/+$/, ""),
    publicRateLimitPerMinute: Number(env.RATE_LIMIT_PER_MINUTE ?? 600),
    // Webhooks go out right after the write that queued them (ctx.waitUntil); the cron retries.
    webhookDispatchOnWrite: true,
    ...(env.REPORT_CLAIM_WORKING_DAYS ? { reportClaimWorkingDays: Number(env.REPORT_CLAIM_WORKING_DAYS) } : {}),
    ...(env.SCAN_ANALYTICS_FLUSH_EVENTS ? { scanAnalyticsFlushEvents: Number(env.SCAN_ANALYTICS_FLUSH_EVENTS) } : {}),
    ...(env.SCAN_ANALYTICS_FLUSH_MS ? { scanAnalyticsFlushMs: Number(env.SCAN_ANALYTICS_FLUSH_MS) } : {}),
    // Many isolates write to the same database: each trusts the status epoch it read for
    // SCAN_FRESHNESS_MS (dropped at once on its own writes), so a change written by another
    // isolate reaches its scans within that bound.
    ...(env.SCAN_FRESHNESS_MS ? { scanFreshnessMs: Number(env.SCAN_FRESHNESS_MS) } : {}),
    ...(env.WEBHOOK_ALLOW_LOOPBACK === "true" ? { webhookAllowLoopback: true } : {}),
  });
  const ttl = Number(env.SCAN_EDGE_TTL_SECONDS ?? 60);
  const services = createServices({
    db,
    box: await SecretBox.fromBase64url(env.SHIAN_KEK),
    config,
    ...(ttl > 0 ? { responseCache: new CacheApiStore(caches.default, ttl) } : {}),
    ...(env.BLOBS ? { blobStore: new R2BlobStore(env.BLOBS) } : {}),
  });
  if (!env.BLOBS) console.warn("no R2 bucket bound as BLOBS: uploads are kept in this isolate's memory only");
  // Isolates starting together may race to create the platform organisation: the loser's
  // insert fails, and its second look finds the winner's.
  await services.trust.ensurePlatform().catch(() => services.trust.ensurePlatform());
  const runtime: Runtime = { services, app: createApp(services) };
  if (env.SEED_DEMO === "true") {
    const outcome = await seedDemoOnce(services);
    if ("seeded" in outcome) {
      runtime.demo = outcome.seeded;
      console.log(`Seeded the demo. Valid voucher ${outcome.seeded.vouchers.valid}`);
    } else if ("existing" in outcome) runtime.demo = outcome.existing;
  }
  return runtime;
}

const runtimes = new WeakMap<Env, Promise<Runtime>>();

/** The isolate's runtime for this environment, built on first use; a failed build is retried. */
function runtimeFor(env: Env, requestUrl: string): Promise<Runtime> {
  let runtime = runtimes.get(env);
  if (!runtime) {
    runtime = build(env, requestUrl);
    runtimes.set(env, runtime);
    runtime.catch(() => runtimes.delete(env));
  }
  return runtime;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Local development only: the demo's voucher URLs, batch codes and (when this isolate seeded
 * it) API keys. Answers only with SEED_DEMO=true and on a loopback host, never at the edge.
 */
function devDemo(env: Env, url: URL, runtime: Runtime): Response | undefined {
  if (url.pathname !== "/__dev/demo" || env.SEED_DEMO !== "true" || !LOOPBACK.has(url.hostname)) return undefined;
  if (!runtime.demo) return Response.json({ error: "no demo in this database" }, { status: 404 });
  return Response.json(runtime.demo, { headers: { "cache-control": "no-store" } });
}

/**
 * The cron trigger: grades move with time (the 12-month window, rule sets taking effect), so
 * the changes are recorded as the platform, like the Node entry's 6-hourly sweep. Without
 * PUBLIC_URL (and no runtime built by a request yet) the services are built for this run only,
 * so a later request does not inherit a made-up origin.
 */
async function recomputeGrades(env: Env): Promise<{ businesses: number; changed: number }> {
  const { services } = await scheduledRuntime(env);
  const platform = internalPrincipal(await services.orgs.get(PLATFORM_ORG_ID));
  const outcome = await services.grades.recomputeAll(platform);
  console.log(`grade recompute: ${outcome.changed} changes over ${outcome.businesses} businesses`);
  return outcome;
}

/** The runtime a cron run uses: the isolate's, or one built for this run only (see recomputeGrades). */
function scheduledRuntime(env: Env): Promise<Runtime> {
  return runtimes.get(env) ?? (env.PUBLIC_URL ? runtimeFor(env, env.PUBLIC_URL) : build(env, "http://localhost"));
}

/** The grades cron in wrangler.toml; every other cron run sends due webhook deliveries. */
const GRADES_CRON = "0 */6 * * *";

/** Webhook retries: fan out new outbox events and send what is due (back-off times are in the rows). */
async function dispatchWebhooks(env: Env): Promise<void> {
  const { services } = await scheduledRuntime(env);
  const outcome = await services.webhooks.dispatch();
  if (outcome.sent > 0) console.log(`webhooks: ${outcome.delivered} delivered, ${outcome.retrying} to retry, ${outcome.failed} failed`);
}

export default {
  async fetch(request, env, ctx) {
    const runtime = await runtimeFor(env, request.url);
    return devDemo(env, new URL(request.url), runtime) ?? runtime.app.fetch(request, env, ctx);
  },
  async scheduled(controller, env) {
    if (controller.cron === GRADES_CRON) await recomputeGrades(env);
    else await dispatchWebhooks(env);
  },
} satisfies ExportedHandler<Env>;
