import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatTraceCode } from "@shian/schemas";
import { IDBFactory } from "fake-indexeddb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../api/test/harness";
import { decodeVoucher, generateKeyPair, IndexedDbQueueStorage, MemoryQueueStorage, OfflineQueue, ShianClient, signVoucher, type QueueStorage } from "../src/index";
import { FileQueueStorage } from "../src/node/index";
import { till } from "./till";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

/** The network: down (fetch throws), up (the app), or dying after the request reached the API. */
function network() {
  const state = { mode: "down" as "down" | "up" | "crash-after-send", registered: [] as Array<{ url: string; key: string; status: number }> };
  const fetch = async (request: Request): Promise<Response> => {
    if (state.mode === "down") throw new TypeError("fetch failed: ENETUNREACH");
    const isRegister = request.method === "POST" && new URL(request.url).pathname === "/v1/vouchers";
    const body = isRegister ? ((await request.clone().json()) as { url: string }) : undefined;
    const response = await h.app.fetch(request);
    if (isRegister) state.registered.push({ url: body!.url, key: request.headers.get("idempotency-key")!, status: response.status });
    if (isRegister && state.mode === "crash-after-send") return new Promise<Response>(() => undefined); // the till dies before it sees the answer
    return response;
  };
  return { state, fetch };
}

const clientFor = (key: string, fetch: (request: Request) => Promise<Response>, extra = {}) =>
  new ShianClient({ baseUrl: "http://api.test", apiKey: key, fetch, maxAttempts: 2, sleep: async () => undefined, ...extra });

async function registeredCodes(key: string, urls: string[]) {
  const client = clientFor(key, async (request) => h.app.fetch(request));
  return Promise.all(urls.map(async (url) => (await client.vouchers.get(decodeVoucher(url).claims.code)).url));
}

describe("offline queue", () => {
  it("fills while the network is down and registers everything once, in order, when it is back", async () => {
    const { org, sign } = await till(h);
    const net = network();
    const queue = new OfflineQueue({ client: clientFor(org.key, net.fetch), storage: new MemoryQueueStorage() });
    const urls: string[] = [];
    for (let i = 0; i < 6; i++) {
      const url = await sign();
      urls.push(url);
      await queue.enqueue(url);
      const attempt = await queue.sync(); // the till tries after every sale
      expect(attempt.error?.code).toBe("network");
      expect(attempt.registered).toHaveLength(0);
    }
    expect((await queue.pending()).map((item) => item.url)).toEqual(urls);

    net.state.mode = "up";
    const [first, second] = await Promise.all([queue.sync(), queue.sync()]); // one sync at a time
    expect(second).toBe(first);
    expect(first.error).toBeUndefined();
    expect(first.registered.map((r) => r.voucher.url)).toEqual(urls);
    expect(await queue.pending()).toEqual([]);
    expect(net.state.registered.map((r) => r.url)).toEqual(urls); // each sent once, in order
    expect(net.state.registered.every((r) => r.status === 201)).toBe(true);
    expect(await registeredCodes(org.key, urls)).toEqual(urls);
    expect((await queue.sync()).registered).toEqual([]);
  });

  it("keeps the queue in IndexedDB across a page reload and registers it once, in order", async () => {
    const { org, sign } = await till(h);
    const net = network();
    const indexedDB = new IDBFactory(); // a spec implementation standing in for the browser's
    const before = new OfflineQueue({ client: clientFor(org.key, net.fetch), storage: new IndexedDbQueueStorage("till-queue", indexedDB) });
    const urls = [await sign(), await sign(), await sign()];
    for (const url of urls) await before.enqueue(url);
    expect((await before.sync()).error?.code).toBe("network");

    // The page reloads: a new queue on a new connection to the same database finds every item, in order.
    net.state.mode = "up";
    const after = new OfflineQueue({ client: clientFor(org.key, net.fetch), storage: new IndexedDbQueueStorage("till-queue", indexedDB) });
    expect((await after.pending()).map((item) => item.url)).toEqual(urls);
    const synced = await after.sync();
    expect(synced.registered.map((r) => r.voucher.url)).toEqual(urls);
    expect(net.state.registered.map((r) => r.url)).toEqual(urls);
    expect(await new IndexedDbQueueStorage("till-queue", indexedDB).load()).toEqual([]);
    expect(await registeredCodes(org.key, urls)).toEqual(urls);
  });

  it("survives a crash between send and acknowledgement: same Idempotency-Key, no duplicate, order kept", async () => {
    const { org, sign } = await till(h);
    const dir = mkdtempSync(join(tmpdir(), "shian-queue-"));
    const file = join(dir, "queue.json");
    const net = network();
    const queueA = new OfflineQueue({ client: clientFor(org.key, net.fetch, { timeoutMs: 0 }), storage: new FileQueueStorage(file) });
    const urls = [await sign(), await sign(), await sign(), await sign()];
    for (const url of urls) await queueA.enqueue(url);
    // Each item and its key are on disk before anything is sent.
    const stored = JSON.parse(readFileSync(file, "utf8")).items as Array<{ id: string; url: string; seq: number }>;
    expect(stored.map((item) => item.url)).toEqual(urls);

    net.state.mode = "crash-after-send";
    void queueA.sync(); // hangs forever on the first answer: the process is gone
    await expect.poll(() => net.state.registered.length).toBe(1);
    expect(net.state.registered[0]).toMatchObject({ url: urls[0], key: stored[0]!.id, status: 201 });

    // Restart: a new process reads the same file.
    net.state.mode = "up";
    const queueB = new OfflineQueue({ client: clientFor(org.key, net.fetch), storage: new FileQueueStorage(file) });
    expect((await queueB.pending()).map((item) => item.url)).toEqual(urls);
    const result = await queueB.sync();
    expect(result.error).toBeUndefined();
    expect(result.registered.map((r) => r.item.url)).toEqual(urls);
    // The first voucher went again under the same key and was answered from the first request.
    expect(net.state.registered.map((r) => [r.url, r.key])).toEqual([[urls[0], stored[0]!.id], ...urls.map((url, i) => [url, stored[i]!.id])]);
    expect(await queueB.pending()).toEqual([]);
    expect(JSON.parse(readFileSync(file, "utf8")).items).toEqual([]);
    expect(readdirSync(dir)).toEqual(["queue.json"]); // no temporary file left behind
    expect(await registeredCodes(org.key, urls)).toEqual(urls);
  });

  it("counts a 409 for a voucher the API already holds (another key, e.g. a lost idempotency record) as registered", async () => {
    const { org, sign } = await till(h);
    const url = await sign();
    const direct = await h.call("POST", "/v1/vouchers", { key: org.key, json: { url } });
    expect(direct.status).toBe(201);
    const net = network();
    net.state.mode = "up";
    const queue = new OfflineQueue({ client: clientFor(org.key, net.fetch), storage: new MemoryQueueStorage() });
    const later = await sign();
    await queue.enqueue(url);
    await queue.enqueue(later);
    const result = await queue.sync();
    expect(net.state.registered.map((r) => r.status)).toEqual([409, 201]);
    expect(result.registered.map((r) => [r.item.url, r.alreadyRegistered])).toEqual([
      [url, true],
      [later, false],
    ]);
    expect(await queue.pending()).toEqual([]);
  });

  it("sets aside a voucher the API refuses for good and goes on with the rest", async () => {
    const { org, sign } = await till(h);
    const stranger = await generateKeyPair();
    const forged = (
      await signVoucher(
        { type: "sale", code: formatTraceCode({ namespace: org.namespace, serial: 5000 }), issuedAt: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString() },
        { key: stranger.privateJwk, keyIndex: 999, baseUrl: "http://localhost:8787/v/" },
      )
    ).url;
    const net = network();
    net.state.mode = "up";
    const storage: QueueStorage = new MemoryQueueStorage();
    const queue = new OfflineQueue({ client: clientFor(org.key, net.fetch), storage });
    const good = await sign();
    await queue.enqueue(forged);
    await queue.enqueue(good);
    const result = await queue.sync();
    expect(result.registered.map((r) => r.item.url)).toEqual([good]);
    expect(result.rejected.map((item) => [item.url, item.rejected?.apiCode])).toEqual([[forged, "unknown-key"]]);
    expect((await queue.rejected()).map((item) => item.url)).toEqual([forged]);
    expect((await storage.load()).map((item) => item.url)).toEqual([forged]);
    expect((await queue.sync()).registered).toEqual([]); // not retried
    await queue.discard((await queue.rejected())[0]!.id);
    expect(await storage.load()).toEqual([]);
  });

  it("refuses to queue what is not a voucher", async () => {
    const queue = new OfflineQueue({ client: clientFor("k", async () => new Response()), storage: new MemoryQueueStorage() });
    await expect(queue.enqueue("https://example.com/not-a-voucher")).rejects.toMatchObject({ name: "ShianError" });
  });
});
