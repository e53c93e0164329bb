import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { defaultConfig } from "../src/config";
import { migrateLibsql, openLibsql } from "../src/db/libsql";
import { SecretBox } from "../src/lib/crypto";
import { createServices, type Services } from "../src/services/index";
import { internalPrincipal } from "../src/services/internal-principal";
import { MemoryResponseCache } from "../src/services/response-cache";

/**
 * The scan route's edge cache behind its interface (the Workers entry passes the Cache API;
 * here a Map): keys per representation and locale and per status epoch, so a recall is never
 * answered from an entry stored before it. Without a cache (the Node entry) nothing changes.
 */
async function setup(responseCache?: MemoryResponseCache) {
  const { db, close } = openLibsql(":memory:");
  await migrateLibsql(db);
  const config = defaultConfig({ publicUrl: "http://localhost:8787", publicRateLimitPerMinute: 0 });
  const services = createServices({ db, box: await SecretBox.fromBase64url(SecretBox.generateKey()), config, ...(responseCache ? { responseCache } : {}) });
  await services.trust.ensurePlatform();
  const wholesaler = await services.orgs.create({ name: "wholesaler", role: "wholesaler", region: "440607" });
  await services.keys.register(wholesaler.id, { generate: "Ed25519" });
  const regulator = await services.orgs.create({ name: "regulator", role: "regulator", region: "440607" });
  const batch = await services.batches.create(internalPrincipal(wholesaler), { product: { name: "菜心", category: "vegetable" }, originRegion: "530424", quantity: 100_000, unit: "gram" });
  const voucher = await services.vouchers.issue(internalPrincipal(wholesaler), { batchCode: batch.code, netWeightGrams: 500 });
  const path = new URL(voucher.url).pathname;
  const app = createApp(services);
  const scan = async (headers: Record<string, string> = {}, query = "") => {
    const response = await app.request(path + query, { headers });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const recall = () => services.recalls.recall(internalPrincipal(regulator), batch.code, { reason: "test-failed", level: "level-2" });
  return { services, scan, recall, close };
}

const JSON_ACCEPT = { accept: "application/json" };

describe("scan edge cache", () => {
  let cache: MemoryResponseCache;
  let t: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    cache = new MemoryResponseCache();
    t = await setup(cache);
  });
  afterAll(() => t.close());

  it("answers JSON from the cache after the first scan, with the client headers", async () => {
    const first = await t.scan(JSON_ACCEPT);
    expect(first.headers.get("x-cache")).toBe("miss");
    expect(JSON.parse(first.text).state).toBe("valid");
    const second = await t.scan(JSON_ACCEPT);
    expect(second.headers.get("x-cache")).toBe("hit");
    expect(second.text).toBe(first.text);
    expect(second.headers.get("content-type")).toMatch(/application\/json/);
    expect(second.headers.get("cache-control")).toBe("no-store");
    expect(second.headers.get("vary")).toBe("Accept, Accept-Language");
  });

  it("keeps each representation and locale apart (Vary: Accept, Accept-Language)", async () => {
    const en = await t.scan({ "accept-language": "en" });
    expect(en.headers.get("x-cache")).toBe("miss");
    expect(en.headers.get("content-type")).toMatch(/text\/html/);
    expect((await t.scan({ "accept-language": "en-US,en;q=0.9" })).headers.get("x-cache")).toBe("hit");
    const zh = await t.scan({ "accept-language": "zh-CN" });
    expect(zh.headers.get("x-cache")).toBe("miss");
    expect(zh.text).not.toBe(en.text);
    const byQuery = await t.scan({ "accept-language": "zh-CN" }, "?lang=en");
    expect(byQuery.headers.get("x-cache")).toBe("hit");
    expect(byQuery.text).toBe(en.text);
    expect((await t.scan(JSON_ACCEPT)).headers.get("x-cache")).toBe("hit");
    const keys = [...cache.entries.keys()];
    expect(keys.some((key) => key.includes("scan-cache=json&"))).toBe(true);
    expect(keys.some((key) => key.includes("scan-cache=html-en&"))).toBe(true);
    expect(keys.some((key) => key.includes("scan-cache=html-zh-CN&"))).toBe(true);
  });

  it("never answers a recalled voucher from an entry stored before the recall", async () => {
    expect(JSON.parse((await t.scan(JSON_ACCEPT)).text).state).toBe("valid");
    await t.recall();
    const after = await t.scan(JSON_ACCEPT);
    expect(after.headers.get("x-cache")).toBe("miss");
    expect(JSON.parse(after.text).state).toBe("recalled");
    const again = await t.scan(JSON_ACCEPT);
    expect(again.headers.get("x-cache")).toBe("hit");
    expect(JSON.parse(again.text).state).toBe("recalled");
    const page = await t.scan({ "accept-language": "en" });
    expect(page.headers.get("x-cache")).toBe("miss");
    expect(page.text).toMatch(/Recalled/);
  });

  it("does not store errors", async () => {
    const before = cache.entries.size;
    expect((await t.scan(JSON_ACCEPT, "x")).status).toBe(400);
    expect(cache.entries.size).toBe(before);
  });
});

describe("without a response cache (the Node entry)", () => {
  let t: Awaited<ReturnType<typeof setup>>;
  let services: Services;
  beforeAll(async () => {
    t = await setup();
    services = t.services;
  });
  afterAll(() => t.close());

  it("reads no versions and adds no cache header", async () => {
    expect(services.scanResponses.enabled).toBe(false);
    expect(await services.scanResponses.key("http://localhost:8787/v/1", "1", "json")).toBeUndefined();
    const response = await t.scan(JSON_ACCEPT);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-cache")).toBeNull();
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});
