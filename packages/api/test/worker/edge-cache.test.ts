/**
 * The Workers entry inside workerd, on D1, with the real Cache API (`caches.default`): the
 * demo seeded on the first request, scan answers cached per representation and locale, and
 * after a recall or a suspension the next scan is answered afresh, never from the cache.
 */
import { applyD1Migrations, createExecutionContext, reset, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../src/lib/crypto";
import type { DemoSeed } from "../../src/seed/demo";
import worker, { type Env } from "../../src/worker";

declare global {
  namespace Cloudflare {
    interface Env {
      DB: D1Database;
      TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    }
  }
}

const ORIGIN = "http://127.0.0.1:8787";
/** How long an isolate trusts the status epoch it read. */
const FRESHNESS_MS = 300;
let workerEnv: Env;
let demo: DemoSeed;

/** One request through the worker's fetch handler; waits for its background work (cache puts). */
async function call(path: string, init: RequestInit & { key?: string } = {}, environment: Env = workerEnv) {
  const headers = new Headers(init.headers);
  if (init.key) headers.set("authorization", `Bearer ${init.key}`);
  if (init.body) headers.set("content-type", "application/json");
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(path.startsWith("http") ? path : ORIGIN + path, { ...init, headers }) as never, environment, ctx);
  const text = await response.text();
  await waitOnExecutionContext(ctx);
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

const scanJson = (url: string) => call(url, { headers: { accept: "application/json" } });
const scanPage = (url: string, language: string) => call(url, { headers: { "accept-language": language } });

beforeAll(async () => {
  await reset();
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
  workerEnv = { DB: env.DB, SHIAN_KEK: SecretBox.generateKey(), PUBLIC_URL: ORIGIN, RATE_LIMIT_PER_MINUTE: "0", SCAN_EDGE_TTL_SECONDS: "60", SCAN_FRESHNESS_MS: String(FRESHNESS_MS), SEED_DEMO: "true" };
});

describe("Workers entry on D1", () => {
  it("seeds the demo on the first request and tells its keys on loopback only", async () => {
    const health = await call("/health");
    expect(health.status).toBe(200);
    // The platform and the demo's organisations.
    expect(health.json()).toMatchObject({ ok: true, organisations: expect.any(Number) });
    expect(health.json().organisations).toBeGreaterThan(5);
    const local = await call("/__dev/demo");
    expect(local.status).toBe(200);
    demo = local.json();
    expect(demo.apiKeys.regulator).toMatch(/^sk_/);
    expect(demo.vouchers.valid.startsWith(`${ORIGIN}/v/`)).toBe(true);
    expect((await call("https://trace.example.cn/__dev/demo")).status).toBe(404);
    const production = { ...workerEnv, SEED_DEMO: undefined };
    expect((await call("/__dev/demo", {}, production)).status).toBe(404);
  });

  it("answers a repeated scan from the edge cache, per representation and locale", async () => {
    const first = await scanJson(demo.vouchers.valid);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-cache")).toBe("miss");
    expect(first.json().state).toBe("valid");
    const second = await scanJson(demo.vouchers.valid);
    expect(second.headers.get("x-cache")).toBe("hit");
    expect(second.text).toBe(first.text);
    expect(second.headers.get("cache-control")).toBe("no-store");
    expect(second.headers.get("vary")).toBe("Accept, Accept-Language");

    const en = await scanPage(demo.vouchers.valid, "en");
    expect(en.headers.get("x-cache")).toBe("miss");
    expect(en.headers.get("content-type")).toMatch(/text\/html/);
    expect((await scanPage(demo.vouchers.valid, "en-GB,en;q=0.8")).headers.get("x-cache")).toBe("hit");
    const zh = await scanPage(demo.vouchers.valid, "zh-CN");
    expect(zh.headers.get("x-cache")).toBe("miss");
    expect(zh.text).not.toBe(en.text);
    expect((await scanPage(demo.vouchers.valid, "zh-CN")).headers.get("x-cache")).toBe("hit");
  });

  it("scans recalled after the batch is recalled, although a valid answer was cached", async () => {
    expect((await scanJson(demo.vouchers.valid)).headers.get("x-cache")).toBe("hit");
    const recall = await call(`/v1/batches/${demo.batches.traced}/recall`, { method: "POST", key: demo.apiKeys.regulator, body: JSON.stringify({ reason: "test-failed", level: "level-2" }) });
    expect(recall.status).toBe(201);
    const after = await scanJson(demo.vouchers.valid);
    expect(after.headers.get("x-cache")).toBe("miss");
    expect(after.json().state).toBe("recalled");
    const page = await scanPage(demo.vouchers.valid, "en");
    expect(page.headers.get("x-cache")).toBe("miss");
    expect(page.text).toMatch(/Recalled/);
    expect((await scanJson(demo.vouchers.valid)).json().state).toBe("recalled");
  });

  it("shows a recall written through another isolate once the freshness bound has passed", async () => {
    const batch = await call("/v1/batches", {
      method: "POST",
      key: demo.apiKeys.wholesalerA,
      body: JSON.stringify({ product: { name: "菜心", category: "vegetable" }, originRegion: "530424", quantity: 10_000, unit: "gram" }),
    });
    const voucher = await call("/v1/vouchers", { method: "POST", key: demo.apiKeys.wholesalerA, body: JSON.stringify({ batchCode: batch.json().code, netWeightGrams: 500 }) });
    const url = voucher.json().url as string;
    expect((await scanJson(url)).json().state).toBe("valid");
    expect((await scanJson(url)).headers.get("x-cache")).toBe("hit");
    // Another environment object gets its own runtime: as another isolate on the same D1.
    const otherIsolate: Env = { ...workerEnv };
    const recall = await call(`/v1/batches/${batch.json().code}/recall`, { method: "POST", key: demo.apiKeys.regulator, body: JSON.stringify({ reason: "test-failed", level: "level-2" }) }, otherIsolate);
    expect(recall.status).toBe(201);
    expect((await call(url, { headers: { accept: "application/json" } }, otherIsolate)).json().state).toBe("recalled");
    await new Promise((resolve) => setTimeout(resolve, FRESHNESS_MS + 100));
    // Under the new epoch's key: the other isolate's answer (same data centre) or a fresh one.
    const after = await scanJson(url);
    expect(after.json().state).toBe("recalled");
    expect((await scanJson(url)).json().state).toBe("recalled");
  });

  it("scans suspended after a failed rapid test, although a valid answer was cached", async () => {
    const batch = await call("/v1/batches", {
      method: "POST",
      key: demo.apiKeys.wholesalerA,
      body: JSON.stringify({ product: { name: "菜心", category: "vegetable" }, originRegion: "530424", quantity: 10_000, unit: "gram" }),
    });
    expect(batch.status).toBe(201);
    const voucher = await call("/v1/vouchers", { method: "POST", key: demo.apiKeys.wholesalerA, body: JSON.stringify({ batchCode: batch.json().code, netWeightGrams: 500 }) });
    expect(voucher.status).toBe(201);
    const url = voucher.json().url as string;
    expect((await scanJson(url)).json().state).toBe("valid");
    expect((await scanJson(url)).headers.get("x-cache")).toBe("hit");
    const test = await call(`/v1/batches/${batch.json().code}/rapid-tests`, {
      method: "POST",
      key: demo.apiKeys.market,
      body: JSON.stringify({
        item: "organophosphate-carbamate",
        method: "enzyme-inhibition",
        standard: { code: "GB/T 5009.199-2003" },
        threshold: { comparator: "gte", value: 50, unit: "%" },
        measured: { kind: "value", value: 70 },
        tester: { name: "Tester" },
        testPoint: { id: "lab-1" },
      }),
    });
    expect(test.status).toBe(201);
    const after = await scanJson(url);
    expect(after.headers.get("x-cache")).toBe("miss");
    expect(after.json().state).toBe("suspended");
  });
});
