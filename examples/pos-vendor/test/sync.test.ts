/**
 * The till against the real API served in-process on 127.0.0.1: provisioned while the API is
 * up, then the API goes down (sales are signed, printed and queued in the queue file), then
 * it comes back on the same port (the queue is registered once, in order) and every voucher
 * scans valid.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { createClient, decodeVoucher } from "@shian/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, type TestOrg } from "../../../packages/api/test/harness";
import { provisionTill, type Sale, Till } from "../src/sync";
import { loadOrCreateTillKey } from "../src/till";

function listen(h: Harness, port = 0): Promise<ServerType & { port: number }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: h.app.fetch, port, hostname: "127.0.0.1" }, (info: AddressInfo) => resolve(Object.assign(server, { port: info.port })));
  });
}
const close = (server: ServerType) => new Promise<void>((resolve) => server.close(() => resolve()));

let h: Harness;
let stall: TestOrg;
beforeAll(async () => {
  h = await createHarness();
  stall = await h.org("stall");
});
afterAll(() => h?.close());

const sales: Sale[] = [
  { name: "菜心", category: "vegetable", originRegion: "530424", netWeightGrams: 750, pricePerJinFen: 400 },
  { name: "鲈鱼", category: "aquatic", originRegion: "440606", netWeightGrams: 1240, pricePerJinFen: 1800 },
  { name: "豇豆", category: "vegetable", originRegion: "460200", netWeightGrams: 500, pricePerJinFen: 600 },
];

describe("POS till with the API", () => {
  it("queues sales while the API is down and registers them once, in order, when it is back", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shian-till-sync-"));
    const { pair } = await loadOrCreateTillKey(join(dir, "till.jwk"));
    let server = await listen(h);
    const port = server.port;
    const client = createClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: stall.key, maxAttempts: 1, timeoutMs: 2_000 });

    // Provisioning (online): the key is registered once; the voucher origin is the API's PUBLIC_URL.
    const provisioned = await provisionTill(client, pair, join(dir, "till-api.json"));
    expect(provisioned.created).toBe(true);
    expect(provisioned.registration).toMatchObject({ orgId: stall.id, namespace: stall.namespace, publicUrl: "http://localhost:8787" });
    expect((await provisionTill(client, pair, join(dir, "till-api.json"))).created).toBe(false);
    await close(server);

    // The API is down: every sale is signed, printed and stored in the queue file.
    const printed: string[] = [];
    const queuePath = join(dir, "queue.json");
    const till = () => new Till({ pair, registration: provisioned.registration, client, queuePath, serialPath: join(dir, "till.serial"), print: (text) => printed.push(text) });
    const first = till();
    const vouchers = [];
    for (const sale of sales) vouchers.push(await first.sell(sale));
    expect(printed.filter((text) => text.includes("追溯码"))).toHaveLength(3);
    expect(printed[0]).toContain(vouchers[0]!.url);
    expect(printed[0]).toContain("¥6.00"); // 750 g at ¥4.00 a jin
    const down = await first.sync();
    expect(down.registered).toHaveLength(0);
    expect(down.error?.code).toBe("network");
    expect(down.remaining).toBe(3);
    expect(printed.at(-1)).toMatch(/API not reachable .* 3 voucher\(s\) wait in the queue/);
    const stored = JSON.parse(readFileSync(queuePath, "utf8")).items as Array<{ url: string }>;
    expect(stored.map((item) => item.url).sort()).toEqual(vouchers.map((v) => v.url).sort());
    expect(vouchers.map((v) => decodeVoucher(v.url).claims.code.split("-").slice(0, 2).join("-"))).toEqual([0, 1, 2].map((i) => `${stall.namespace}-${8_000_000 + i}`));

    // The till restarts (the queue is read back from its file) and the API is back on the same port.
    server = await listen(h, port);
    try {
      const again = till();
      expect((await again.queue.pending()).map((item) => item.url)).toEqual(vouchers.map((v) => v.url));
      const up = await again.sync();
      expect(up.error).toBeUndefined();
      expect(up.registered.map((r) => r.voucher.url)).toEqual(vouchers.map((v) => v.url));
      expect(up.registered.every((r) => !r.alreadyRegistered)).toBe(true);
      expect(await again.queue.pending()).toHaveLength(0);
      expect(existsSync(queuePath)).toBe(true);

      // Once: a second sync sends nothing, and the API holds each voucher exactly once, in sale order.
      const twice = await again.sync();
      expect(twice.registered).toHaveLength(0);
      const stored = await h.call("GET", "/v1/vouchers/" + decodeVoucher(vouchers[0]!.url).claims.code, { key: stall.key });
      expect(stored.status).toBe(200);
      const createdAt = [];
      for (const voucher of vouchers) {
        const scan = await client.public.scan(voucher.url);
        expect(scan.state).toBe("valid");
        expect(scan.verification.valid).toBe(true);
        expect(scan.voucher?.url).toBe(voucher.url);
        createdAt.push(scan.voucher!.createdAt);
      }
      expect([...createdAt].sort()).toEqual(createdAt);
    } finally {
      await close(server);
    }
  });
});
