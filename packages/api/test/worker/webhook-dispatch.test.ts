/**
 * The Workers entry sends webhooks right after the write that queued them (ctx.waitUntil), and
 * its every-minute cron sends the retries that are due.
 */
import { applyD1Migrations, createExecutionContext, createScheduledController, reset, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../src/lib/crypto";
import type { DemoSeed } from "../../src/seed/demo";
import worker, { type Env } from "../../src/worker";

const ORIGIN = "http://127.0.0.1:8787";
let workerEnv: Env;
let demo: DemoSeed;

async function call(path: string, init: RequestInit & { key?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.key) headers.set("authorization", `Bearer ${init.key}`);
  if (typeof init.body === "string") headers.set("content-type", "application/json");
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(ORIGIN + path, { ...init, headers }) as never, workerEnv, ctx);
  const text = await response.text();
  await waitOnExecutionContext(ctx);
  return { status: response.status, text, json: () => JSON.parse(text) };
}

beforeAll(async () => {
  await reset();
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
  workerEnv = { DB: env.DB, SHIAN_KEK: SecretBox.generateKey(), PUBLIC_URL: ORIGIN, RATE_LIMIT_PER_MINUTE: "0", SCAN_EDGE_TTL_SECONDS: "0", SEED_DEMO: "true", WEBHOOK_ALLOW_LOOPBACK: "true" };
  expect((await call("/health")).status).toBe(200);
  demo = (await call("/__dev/demo")).json();
});

describe("Workers entry: webhook dispatch", () => {
  it("attempts a lock-down delivery after the response (waitUntil) and retries it from the cron once due", async () => {
    // Nothing listens on port 9 of the loopback: every attempt fails and is logged.
    const hook = await call("/v1/webhooks", { method: "POST", key: demo.apiKeys.wholesalerA, body: JSON.stringify({ url: "http://127.0.0.1:9/hook", events: ["lockdown.opened"] }) });
    expect(hook.status, hook.text).toBe(201);
    const failed = await call(`/v1/batches/${demo.batches.traced}/rapid-tests`, {
      method: "POST",
      key: demo.apiKeys.market,
      body: JSON.stringify({ item: "organophosphate-carbamate", measured: { kind: "value", value: 88 }, tester: { name: "陈检测" }, testPoint: { id: "cron-test" } }),
    });
    expect(failed.status, failed.text).toBe(201);
    const deliveries = async () => (await call("/v1/webhooks/deliveries", { key: demo.apiKeys.wholesalerA })).json().deliveries;
    const [first] = await deliveries();
    expect(first).toMatchObject({ eventType: "lockdown.opened", state: "pending", attempts: 1 });
    expect(first.log).toHaveLength(1);

    const cron = () => worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }), workerEnv);
    // not due yet: the cron sends nothing
    await cron();
    expect((await deliveries())[0].attempts).toBe(1);
    // due now: the cron retries it
    await env.DB.prepare("UPDATE webhook_deliveries SET next_attempt_at = ?").bind(new Date(Date.now() - 1000).toISOString()).run();
    await cron();
    const [second] = await deliveries();
    expect(second).toMatchObject({ state: "pending", attempts: 2 });
    expect(second.log.map((entry: { attempt: number }) => entry.attempt)).toEqual([1, 2]);
    expect(Date.parse(second.nextAttemptAt)).toBeGreaterThan(Date.parse(second.log[1].startedAt));
  });
});
