import { verifyWebhookSignature } from "@shian/sdk";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, enzymeTest, type Harness, type TestOrg, vegetableBatch } from "../harness";
import { count, createBatch, expectProblem, issue } from "./helpers";

/** What the dispatcher sent: a recorder standing in for the network, answering from a script. */
interface Sent {
  url: string;
  headers: Record<string, string>;
  body: string;
  at: Date;
}

let h: Harness;
let now: number;
let sent: Sent[];
let answer: (request: Sent) => number | Error;

beforeEach(async () => {
  now = Date.parse("2026-03-02T06:00:00Z");
  sent = [];
  answer = () => 200;
  const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const request: Sent = { url: String(input), headers: Object.fromEntries(new Headers(init?.headers).entries()), body: String(init?.body), at: new Date(now) };
    sent.push(request);
    const outcome = answer(request);
    if (outcome instanceof Error) throw outcome;
    return new Response(outcome === 204 ? null : "ok", { status: outcome });
  }) as typeof fetch;
  h = await createHarness({}, { now: () => new Date(now), webhooks: { fetch: fakeFetch, random: () => 0.5 } });
});
afterEach(() => h.close());

const register = (org: TestOrg, url: string, events: string[] = ["lockdown.opened", "lockdown.confirmed", "lockdown.cleared"]) => h.call("POST", "/v1/webhooks", { key: org.key, json: { url, events } });

async function endpoint(org: TestOrg, url: string, events?: string[]) {
  const reply = await register(org, url, events);
  expect(reply.status, reply.text).toBe(201);
  return reply.body as { endpoint: { id: string }; secret: string };
}

/** A wholesaler's batch sold to a stall that received it as its own batch; a failed test locks both. */
async function lockdownScene() {
  const market = await h.org("wholesale-market");
  const wholesaler = await h.org("wholesaler", { marketId: market.id });
  const stall = await h.org("stall", { marketId: market.id });
  const root = await createBatch(h, wholesaler, vegetableBatch(1_000));
  const voucher = await issue(h, wholesaler, { batchCode: root.code, buyerOrgId: stall.id });
  await createBatch(h, stall, { ...vegetableBatch(1_000), sourceVoucherCode: voucher.code });
  const failTest = async () => {
    const reply = await h.call("POST", `/v1/batches/${root.code}/rapid-tests`, { key: market.key, json: enzymeTest(90) });
    expect(reply.status, reply.text).toBe(201);
    return reply.body.lockdownId as string;
  };
  return { market, wholesaler, stall, root, failTest };
}

describe("webhook endpoints", () => {
  it("requires https (plain http only to 127.0.0.1/localhost), known event types and no credentials in the URL", async () => {
    const org = await h.org("wholesaler");
    for (const url of ["http://example.com/hook", "ftp://127.0.0.1/hook", "https://user:pw@example.com/hook", "not a url", "javascript:alert(1)"]) {
      expectProblem(await register(org, url), 400, "invalid-request");
    }
    expectProblem(await register(org, "https://example.com/hook", ["lockdown.exploded"]), 400, "invalid-request");
    expectProblem(await register(org, "https://example.com/hook", []), 400, "invalid-request");
    for (const url of ["https://example.com/hook", "http://127.0.0.1:9999/hook", "http://localhost/hook"]) expect((await register(org, url)).status).toBe(201);
    expect(await count(h, "webhook_endpoints")).toBe(3);
  });

  it("shows the signing secret once and stores it sealed, never in the clear", async () => {
    const org = await h.org("wholesaler");
    const { endpoint: created, secret } = await endpoint(org, "https://example.com/hook");
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const listed = await h.call("GET", "/v1/webhooks", { key: org.key });
    expect(listed.body.endpoints).toEqual([{ id: created.id, orgId: org.id, url: "https://example.com/hook", events: ["lockdown.opened", "lockdown.confirmed", "lockdown.cleared"], createdAt: expect.any(String) }]);
    expect(listed.text).not.toContain(secret);
    const row = await h.db.get<{ secret_sealed: string }>(sql`SELECT secret_sealed FROM webhook_endpoints WHERE id = ${created.id}`);
    expect(row!.secret_sealed).toMatch(/^v1\./);
    expect(row!.secret_sealed).not.toContain(secret.slice(6));
  });

  it("another organisation neither lists nor deletes an endpoint; deleting one's own cancels its pending deliveries", async () => {
    const scene = await lockdownScene();
    const stranger = await h.org("wholesaler");
    const { endpoint: mine } = await endpoint(scene.wholesaler, "https://example.com/w");
    expect((await h.call("GET", "/v1/webhooks", { key: stranger.key })).body.endpoints).toEqual([]);
    expectProblem(await h.call("DELETE", `/v1/webhooks/${mine.id}`, { key: stranger.key }), 404, "not-found");
    await scene.failTest();
    answer = () => 503;
    await h.services.webhooks.dispatch();
    expect(await count(h, "webhook_deliveries", "state = 'pending'")).toBe(1);
    const deleted = await h.call("DELETE", `/v1/webhooks/${mine.id}`, { key: scene.wholesaler.key });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id: mine.id, url: "https://example.com/w" });
    expect(await count(h, "webhook_deliveries", "state = 'cancelled'")).toBe(1);
    now += 3600_000;
    const before = sent.length;
    await h.services.webhooks.dispatch();
    expect(sent.length).toBe(before);
  });
});

describe("webhook deliveries", () => {
  it("a lock-down notifies each holder at its own endpoints only, signed with its secret, with a delivery id to dedupe on", async () => {
    const scene = await lockdownScene();
    const stranger = await h.org("supermarket");
    const wholesalerHook = await endpoint(scene.wholesaler, "https://wholesaler.example/hook");
    const stallHook = await endpoint(scene.stall, "https://stall.example/hook");
    await endpoint(scene.stall, "https://stall.example/only-cleared", ["lockdown.cleared"]);
    await endpoint(stranger, "https://stranger.example/hook");
    const lockdownId = await scene.failTest();

    const outcome = await h.services.webhooks.dispatch();
    expect(outcome).toMatchObject({ fannedOut: 2, sent: 2, delivered: 2 });
    expect(sent.map((request) => request.url).sort()).toEqual(["https://stall.example/hook", "https://wholesaler.example/hook"]);
    const secrets: Record<string, { secret: string; orgId: string }> = {
      "https://wholesaler.example/hook": { secret: wholesalerHook.secret, orgId: scene.wholesaler.id },
      "https://stall.example/hook": { secret: stallHook.secret, orgId: scene.stall.id },
    };
    for (const request of sent) {
      const { secret, orgId } = secrets[request.url]!;
      expect(await verifyWebhookSignature({ body: request.body, header: request.headers["shian-signature"], secret, now: new Date(now) })).toEqual({ valid: true, timestamp: Math.floor(now / 1000) });
      // the other holder's secret does not verify it
      const other = Object.values(secrets).find((entry) => entry.orgId !== orgId)!;
      expect((await verifyWebhookSignature({ body: request.body, header: request.headers["shian-signature"], secret: other.secret, now: new Date(now) })).valid).toBe(false);
      expect(request.headers["shian-event"]).toBe("lockdown.opened");
      expect(request.headers["shian-delivery"]).toMatch(/^dlv_[0-9a-f]{20}$/);
      const body = JSON.parse(request.body);
      expect(body).toMatchObject({ type: "lockdown.opened", data: { lockdownId, batchCode: scene.root.code, holder: { orgId } } });
    }
    // nothing more is due, and the stranger's endpoint never heard of it
    expect((await h.services.webhooks.dispatch()).sent).toBe(0);
    expect(sent).toHaveLength(2);
    const log = await h.call("GET", "/v1/webhooks/deliveries", { key: scene.stall.key });
    expect(log.body.deliveries).toHaveLength(1);
    expect(log.body.deliveries[0]).toMatchObject({ state: "delivered", attempts: 1, eventType: "lockdown.opened", lastStatus: 200, log: [{ attempt: 1, statusCode: 200, error: null, nextAttemptAt: null }] });
    expect((await h.call("GET", "/v1/webhooks/deliveries", { key: stranger.key })).body.deliveries).toEqual([]);
  });

  it("retries with growing back-off, at most 8 attempts, each logged; then the delivery is failed and nothing more is sent", async () => {
    const scene = await lockdownScene();
    const hook = await endpoint(scene.wholesaler, "https://wholesaler.example/hook");
    await scene.failTest();
    answer = (request) => (sent.length % 2 === 0 ? new Error(`connection refused to ${request.url}`) : 500);
    // run the dispatcher at every due time until nothing is pending
    for (let i = 0; i < 20; i++) {
      await h.services.webhooks.dispatch();
      const next = await h.db.get<{ at: string | null }>(sql`SELECT MIN(next_attempt_at) AS at FROM webhook_deliveries WHERE state = 'pending'`);
      if (!next?.at) break;
      // one second early: not due yet, nothing is sent
      const before = sent.length;
      now = Date.parse(next.at) - 1000;
      await h.services.webhooks.dispatch();
      expect(sent.length).toBe(before);
      now = Date.parse(next.at);
    }
    expect(sent).toHaveLength(8);
    const [delivery] = (await h.call("GET", "/v1/webhooks/deliveries", { key: scene.wholesaler.key, headers: {} })).body.deliveries;
    expect(delivery).toMatchObject({ endpointId: hook.endpoint.id, state: "failed", attempts: 8, nextAttemptAt: null });
    expect(delivery.log).toHaveLength(8);
    expect(delivery.log.map((entry: { attempt: number }) => entry.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(delivery.log.filter((entry: { statusCode: number | null }) => entry.statusCode === 500)).toHaveLength(4);
    expect(delivery.log.filter((entry: { error: string }) => /connection refused/.test(entry.error))).toHaveLength(4);
    expect(delivery.log[7].nextAttemptAt).toBeNull();
    // waits: 2^n s stretched by the jitter (0.5 → ×1.25), each longer than the one before
    const waits = delivery.log.slice(0, 7).map((entry: { startedAt: string; nextAttemptAt: string }) => (Date.parse(entry.nextAttemptAt) - Date.parse(entry.startedAt)) / 1000);
    expect(waits).toEqual([2.5, 5, 10, 20, 40, 80, 160]);
    // the same delivery id on every attempt
    expect(new Set(sent.map((request) => request.headers["shian-delivery"]))).toEqual(new Set([delivery.id]));
    now += 86_400_000;
    await h.services.webhooks.dispatch();
    expect(sent).toHaveLength(8);

    // redeliver: same id, a fresh budget; only the owner may ask
    const stranger = await h.org("wholesaler");
    expectProblem(await h.call("POST", `/v1/webhooks/deliveries/${delivery.id}/redeliver`, { key: stranger.key }), 404, "not-found");
    answer = () => 204;
    const again = await h.call("POST", `/v1/webhooks/deliveries/${delivery.id}/redeliver`, { key: scene.wholesaler.key });
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ id: delivery.id, state: "pending", attempts: 0 });
    expectProblem(await h.call("POST", `/v1/webhooks/deliveries/${delivery.id}/redeliver`, { key: scene.wholesaler.key }), 409, "conflict");
    await h.services.webhooks.dispatch();
    expect(sent).toHaveLength(9);
    expect(sent[8]!.headers["shian-delivery"]).toBe(delivery.id);
    const [after] = (await h.call("GET", "/v1/webhooks/deliveries", { key: scene.wholesaler.key })).body.deliveries;
    expect(after).toMatchObject({ state: "delivered", attempts: 1, lastStatus: 204 });
    expect(after.log.map((entry: { attempt: number }) => entry.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("a delivery row pointing at another organisation's endpoint is never sent", async () => {
    const scene = await lockdownScene();
    const stranger = await h.org("supermarket");
    await endpoint(scene.wholesaler, "https://wholesaler.example/hook");
    const strangerHook = await endpoint(stranger, "https://stranger.example/hook");
    await scene.failTest();
    answer = () => 500;
    await h.services.webhooks.dispatch();
    // tamper: point the wholesaler's pending delivery at the stranger's endpoint
    await h.db.run(sql`UPDATE webhook_deliveries SET endpoint_id = ${strangerHook.endpoint.id}`);
    now += 3600_000;
    const before = sent.length;
    await h.services.webhooks.dispatch();
    expect(sent.length).toBe(before);
    expect(sent.every((request) => request.url !== "https://stranger.example/hook")).toBe(true);
    expect(await count(h, "webhook_deliveries", "state = 'cancelled'")).toBe(1);
  });
});
