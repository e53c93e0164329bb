/**
 * The Workers entry inside workerd with an R2 bucket bound as BLOBS: an uploaded document's
 * bytes land in the bucket and read back through the API (also from a runtime built afresh,
 * as another isolate would); and the `scheduled` handler (the cron trigger) records the grade
 * changes a new rule set causes, as the Node entry's 6-hourly sweep does.
 */
import { applyD1Migrations, createExecutionContext, createScheduledController, reset, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../src/lib/crypto";
import type { DemoSeed } from "../../src/seed/demo";
import worker, { type Env } from "../../src/worker";

declare global {
  namespace Cloudflare {
    interface Env {
      DB: D1Database;
      BLOBS: R2Bucket;
      TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    }
  }
}

const ORIGIN = "http://127.0.0.1:8787";
let workerEnv: Env;
let demo: DemoSeed;

async function call(path: string, init: RequestInit & { key?: string } = {}, environment: Env = workerEnv) {
  const headers = new Headers(init.headers);
  if (init.key) headers.set("authorization", `Bearer ${init.key}`);
  if (typeof init.body === "string") headers.set("content-type", "application/json");
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(ORIGIN + path, { ...init, headers }) as never, environment, ctx);
  const bytes = new Uint8Array(await response.arrayBuffer());
  await waitOnExecutionContext(ctx);
  const text = new TextDecoder().decode(bytes);
  return { status: response.status, headers: response.headers, bytes, text, json: () => JSON.parse(text) };
}

beforeAll(async () => {
  await reset();
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
  workerEnv = { DB: env.DB, BLOBS: env.BLOBS, SHIAN_KEK: SecretBox.generateKey(), PUBLIC_URL: ORIGIN, RATE_LIMIT_PER_MINUTE: "0", SCAN_EDGE_TTL_SECONDS: "0", SEED_DEMO: "true" };
  expect((await call("/health")).status).toBe(200);
  demo = (await call("/__dev/demo")).json();
});

describe("Workers entry: uploads in R2", () => {
  it("stores an uploaded document's bytes in the BLOBS bucket and reads them back through the API", async () => {
    // A PNG (signature, IHDR length) with some bytes that are not valid UTF-8.
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0xfe, 0x80, 0x00, 0x7f]);
    const before = (await env.BLOBS.list()).objects.length;
    const upload = await call(`/v1/documents?kind=licence&title=${encodeURIComponent("许可证")}`, { method: "POST", key: demo.apiKeys.stall, body: png, headers: { "content-type": "image/png" } });
    expect(upload.status, upload.text).toBe(201);
    const doc = upload.json();
    expect(doc).toMatchObject({ kind: "licence", contentType: "image/png", size: png.length });

    const listed = await env.BLOBS.list();
    expect(listed.objects.length).toBe(before + 1);
    const object = await env.BLOBS.get(listed.objects.at(-1)!.key);
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(png);
    expect(object!.httpMetadata?.contentType).toBe("image/png");

    for (const key of [demo.apiKeys.stall, demo.apiKeys.regulator]) {
      const content = await call(`/v1/documents/${doc.id}/content`, { key });
      expect(content.status).toBe(200);
      expect(content.headers.get("content-type")).toBe("image/png");
      expect(content.bytes).toEqual(png);
    }
    // Another isolate (a runtime built afresh for an equal environment) reads the same bytes: they are not in memory.
    const content = await call(`/v1/documents/${doc.id}/content`, { key: demo.apiKeys.regulator }, { ...workerEnv, SEED_DEMO: undefined });
    expect(content.status).toBe(200);
    expect(content.bytes).toEqual(png);
  });
});

describe("Workers entry: scheduled grade recompute", () => {
  it("records the grade change a new rule set causes when the cron trigger fires", async () => {
    const stall = (await call("/v1/organisations/me", { key: demo.apiKeys.stall })).json();
    const grade = async () => (await call(`/v1/merchants/${stall.id}/grade`, { key: demo.apiKeys.regulator })).json();
    const before = await grade();
    // The demo stall: inspections of 8.2 and 8.7, national rules, grade B.
    expect(before.grade.grade).toBe("B");
    expect(before.history[0]).toMatchObject({ grade: "B" });

    // Guangdong adopts looser bands from today: the same inspections now make an A.
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const gd = {
      id: "cn-gd-test",
      jurisdiction: "CN-GD",
      version: 1,
      effectiveFrom: today,
      name: { "zh-CN": "广东测试分级", en: "Guangdong test grading" },
      inspectionBands: [{ band: "excellent", minTenths: 80 }, { band: "good", minTenths: 70 }, { band: "fair", minTenths: 60 }],
      keyItemFailureLimit: 2,
      windowMonths: 12,
      annualBands: [{ grade: "A", minTenths: 80 }, { grade: "B", minTenths: 70 }, { grade: "C", minTenths: 60 }],
      display: { A: { colour: "green", face: "smile", label: { "zh-CN": "优秀", en: "Excellent" } }, B: { colour: "yellow", face: "flat", label: { "zh-CN": "良好", en: "Good" } }, C: { colour: "red", face: "sad", label: { "zh-CN": "一般", en: "Fair" } } },
    };
    const added = await call("/v1/grade-rule-sets", { method: "POST", key: demo.apiKeys.regulator, body: JSON.stringify(gd) });
    expect(added.status, added.text).toBe(201);
    const computed = await grade();
    expect(computed.grade.grade).toBe("A");
    expect(computed.history[0]).toMatchObject({ grade: "B" });

    const cron = () => worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "0 */6 * * *" }), workerEnv);
    await cron();

    const after = await grade();
    expect(after.grade.grade).toBe("A");
    expect(after.history[0]).toMatchObject({ grade: "A", trigger: "recompute", ruleSet: { id: "cn-gd-test", version: 1 } });
    expect(after.history).toHaveLength(before.history.length + 1);

    // A second run finds nothing to record.
    await cron();
    expect((await grade()).history).toHaveLength(after.history.length);
  });
});
