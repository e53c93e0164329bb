/**
 * Webhooks against a real HTTP receiver on 127.0.0.1 (Node only): it answers 500 to the first
 * attempts, then 200. The dispatcher uses the real fetch; only the clock is the test's.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhookSignature } from "@shian/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, enzymeTest, type Harness, vegetableBatch } from "./harness";
import { createBatch, issue } from "./routes/helpers";

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let h: Harness;
let now: number;
let server: Server;
let received: Received[];
let failFirst: number;

beforeEach(async () => {
  now = Date.parse("2026-03-02T06:00:00Z");
  received = [];
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(received.length <= failFirst ? 500 : 200).end(received.length <= failFirst ? "busy" : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  h = await createHarness({}, { now: () => new Date(now), webhooks: { random: () => 0 } });
});

afterEach(async () => {
  h.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("webhook delivery to a real receiver", () => {
  it("fails three times, then delivers: every attempt signed and verifiable, same delivery id, logged with growing back-off", async () => {
    failFirst = 3;
    const market = await h.org("wholesale-market");
    const wholesaler = await h.org("wholesaler", { marketId: market.id });
    const stall = await h.org("stall", { marketId: market.id });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/shian`;
    const registered = await h.call("POST", "/v1/webhooks", { key: stall.key, json: { url, events: ["lockdown.opened"] } });
    expect(registered.status, registered.text).toBe(201);
    const { secret } = registered.body;

    const batch = await createBatch(h, wholesaler, vegetableBatch());
    const voucher = await issue(h, wholesaler, { batchCode: batch.code, buyerOrgId: stall.id });
    await createBatch(h, stall, { ...vegetableBatch(), sourceVoucherCode: voucher.code });
    const failed = await h.call("POST", `/v1/batches/${batch.code}/rapid-tests`, { key: market.key, json: enzymeTest(70) });
    expect(failed.status, failed.text).toBe(201);

    for (let run = 0; run < 10 && received.length < 4; run++) {
      await h.services.webhooks.dispatch();
      const [pending] = (await h.call("GET", "/v1/webhooks/deliveries?state=pending", { key: stall.key })).body.deliveries;
      if (pending?.nextAttemptAt) now = Date.parse(pending.nextAttemptAt);
    }
    expect(received).toHaveLength(4);
    const ids = new Set(received.map((request) => request.headers["shian-delivery"]));
    expect(ids.size).toBe(1);
    for (const request of received) {
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.headers["shian-event"]).toBe("lockdown.opened");
      const signature = request.headers["shian-signature"] as string;
      const t = Number(/t=(\d+)/.exec(signature)![1]);
      expect((await verifyWebhookSignature({ body: request.body, header: signature, secret, now: new Date(t * 1000) })).valid).toBe(true);
      expect((await verifyWebhookSignature({ body: `${request.body} `, header: signature, secret, now: new Date(t * 1000) })).valid).toBe(false);
      expect(JSON.parse(request.body)).toMatchObject({ type: "lockdown.opened", data: { batchCode: batch.code, holder: { orgId: stall.id } } });
    }

    const [delivery] = (await h.call("GET", "/v1/webhooks/deliveries", { key: stall.key })).body.deliveries;
    expect(delivery).toMatchObject({ id: [...ids][0], state: "delivered", attempts: 4, lastStatus: 200, lastError: null });
    expect(delivery.log.map((entry: { statusCode: number }) => entry.statusCode)).toEqual([500, 500, 500, 200]);
    expect(delivery.log.slice(0, 3).map((entry: { error: string }) => entry.error)).toEqual(["HTTP 500", "HTTP 500", "HTTP 500"]);
    const waits = delivery.log.slice(0, 3).map((entry: { startedAt: string; nextAttemptAt: string }) => (Date.parse(entry.nextAttemptAt) - Date.parse(entry.startedAt)) / 1000);
    expect(waits).toEqual([2, 4, 8]);
    expect(delivery.log[3].nextAttemptAt).toBeNull();
    for (const entry of delivery.log) expect(entry.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("an unreachable receiver: connection errors are logged, and after the eighth attempt the delivery is failed", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const market = await h.org("wholesale-market");
    const wholesaler = await h.org("wholesaler", { marketId: market.id });
    expect((await h.call("POST", "/v1/webhooks", { key: wholesaler.key, json: { url: `http://127.0.0.1:${port}/gone`, events: ["lockdown.opened"] } })).status).toBe(201);
    const batch = await createBatch(h, wholesaler, vegetableBatch());
    expect((await h.call("POST", `/v1/batches/${batch.code}/rapid-tests`, { key: market.key, json: enzymeTest(70) })).status).toBe(201);
    for (let run = 0; run < 12; run++) {
      await h.services.webhooks.dispatch();
      now += 3600_000;
    }
    const [delivery] = (await h.call("GET", "/v1/webhooks/deliveries", { key: wholesaler.key })).body.deliveries;
    expect(delivery).toMatchObject({ state: "failed", attempts: 8, lastStatus: null, nextAttemptAt: null });
    expect(delivery.log).toHaveLength(8);
    for (const entry of delivery.log) expect(entry.error).toMatch(/fetch failed|ECONNREFUSED|TypeError/);
  });

  it("a receiver answering a redirect is not followed: the target on the same host never hears from it, the 302 is a failed attempt", async () => {
    const paths: string[] = [];
    const redirecting = createServer((request, response) => {
      paths.push(request.url ?? "");
      request.resume();
      request.on("end", () => {
        if (request.url === "/moved") response.writeHead(302, { location: "/target" }).end();
        else response.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => redirecting.listen(0, "127.0.0.1", resolve));
    try {
      const market = await h.org("wholesale-market");
      const wholesaler = await h.org("wholesaler", { marketId: market.id });
      const url = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/moved`;
      expect((await h.call("POST", "/v1/webhooks", { key: wholesaler.key, json: { url, events: ["lockdown.opened"] } })).status).toBe(201);
      const batch = await createBatch(h, wholesaler, vegetableBatch());
      expect((await h.call("POST", `/v1/batches/${batch.code}/rapid-tests`, { key: market.key, json: enzymeTest(70) })).status).toBe(201);
      await h.services.webhooks.dispatch();
      expect(paths).toEqual(["/moved"]);
      const [delivery] = (await h.call("GET", "/v1/webhooks/deliveries", { key: wholesaler.key })).body.deliveries;
      expect(delivery).toMatchObject({ state: "pending", attempts: 1, lastStatus: 302, lastError: "HTTP 302: redirect not followed" });
    } finally {
      await new Promise<void>((resolve) => redirecting.close(() => resolve()));
    }
  });
});
