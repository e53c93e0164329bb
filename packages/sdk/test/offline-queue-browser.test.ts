/**
 * The offline queue's IndexedDB storage in a real browser (Debian's chromium through
 * playwright-core), not the spec stand-in of offline-queue.test.ts. The queue (bundled from
 * the SDK's sources with esbuild, offline-queue-page.ts) runs in a page served on 127.0.0.1
 * beside the API, which registers what the page sends. Every step reopens the queue on a new
 * IndexedDB connection after a page reload, as a till app that was closed and opened again.
 */
import type { ServerType } from "@hono/node-server";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserMissing, launchChromium, serveOnLoopback } from "../../api/test/browser/page-browser";
import { createHarness, type Harness } from "../../api/test/harness";
import { decodeVoucher, ShianClient } from "../src/index";
import type { FailNext, QueuePageApi, Sent } from "./offline-queue-page";
import { till } from "./till";

// playwright-core's types through the API's browser helper (the SDK does not depend on it).
type Browser = Awaited<ReturnType<typeof launchChromium>>;
type BrowserContext = Awaited<ReturnType<Browser["newContext"]>>;
type Page = Awaited<ReturnType<BrowserContext["newPage"]>>;

const ROOT_TSCONFIG = new URL("../../../tsconfig.json", import.meta.url).pathname;
const PAGE = `<!doctype html><meta charset="utf-8"><title>queue</title><script src="queue.js"></script>`;

let h: Harness;
let server: ServerType | undefined;
let base = "";
let browser: Browser | undefined;
let context: BrowserContext | undefined;

/** What the API holds for each voucher's code (its URL), or the error code. */
function apiHolds(key: string, urls: string[]) {
  const client = new ShianClient({ baseUrl: "http://api.test", apiKey: key, fetch: async (request) => h.app.fetch(request), maxAttempts: 1 });
  return Promise.all(urls.map((url) => client.vouchers.get(decodeVoucher(url).claims.code).then((voucher) => voucher.url, (error: { apiCode?: string }) => error.apiCode)));
}

/** Reloads the page, opens the queue afresh (sender failing as told) and syncs it once. */
async function reloadAndSync(page: Page, key: string, failNext: FailNext) {
  await page.reload();
  return page.evaluate(
    async ({ key, failNext }) => {
      const { queuePage } = globalThis as unknown as { queuePage: QueuePageApi };
      const sent: Sent[] = [];
      const queue = queuePage.openQueue(key, failNext, sent);
      const before = await queue.pending();
      const result = await queue.sync();
      return {
        before,
        sent,
        error: result.error?.code,
        registered: result.registered.map((r) => ({ id: r.item.id, url: r.voucher.url, alreadyRegistered: r.alreadyRegistered })),
        remaining: result.remaining,
        after: await queue.pending(),
        stored: await queuePage.stored(),
      };
    },
    { key, failNext },
  );
}

describe.skipIf(browserMissing)("offline queue on IndexedDB in chromium", () => {
  beforeAll(async () => {
    h = await createHarness();
    const bundle = await build({
      entryPoints: [new URL("./offline-queue-page.ts", import.meta.url).pathname],
      bundle: true,
      write: false,
      format: "iife",
      platform: "browser",
      target: ["es2022"],
      tsconfig: ROOT_TSCONFIG, // its paths: @shian/schemas from source
      logLevel: "warning",
    });
    const script = bundle.outputFiles[0]!.text;
    ({ server, base } = await serveOnLoopback((request) => {
      const { pathname } = new URL(request.url);
      if (pathname === "/queue-page/") return new Response(PAGE, { headers: { "content-type": "text/html; charset=utf-8" } });
      if (pathname === "/queue-page/queue.js") return new Response(script, { headers: { "content-type": "text/javascript" } });
      return h.app.fetch(request);
    }));
    browser = await launchChromium();
    context = await browser.newContext(); // a fresh profile: an empty IndexedDB
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    h?.close();
  });

  it("keeps items across reopen and reload, retries a failed send first under the same key, registers each voucher once, in order", async () => {
    const { org, sign } = await till(h);
    const urls = [await sign(), await sign(), await sign(), await sign()];
    const page = await context!.newPage();
    expect((await page.goto(`${base}/queue-page/`))?.status()).toBe(200);

    // Enqueue three; a second queue on a new connection in the same page sees them, in order.
    const first = await page.evaluate(
      async ({ urls, key }) => {
        const { queuePage } = globalThis as unknown as { queuePage: QueuePageApi };
        const queue = queuePage.openQueue(key, "none", []);
        const items = [];
        for (const url of urls) items.push(await queue.enqueue(url));
        return { items, reopened: await queuePage.openQueue(key, "none", []).pending() };
      },
      { urls: urls.slice(0, 3), key: org.key },
    );
    expect(first.items.map((item) => [item.url, item.seq, item.attempts])).toEqual(urls.slice(0, 3).map((url, i) => [url, i + 1, 0]));
    expect(new Set(first.items.map((item) => item.id)).size).toBe(3);
    expect(first.reopened).toEqual(first.items);

    // The page reloads: the queue finds the same items (same ids, the Idempotency-Keys) and appends after them.
    await page.reload();
    const second = await page.evaluate(
      async ({ url, key }) => {
        const { queuePage } = globalThis as unknown as { queuePage: QueuePageApi };
        const queue = queuePage.openQueue(key, "none", []);
        const found = await queue.pending();
        const added = await queue.enqueue(url);
        return { found, added };
      },
      { url: urls[3]!, key: org.key },
    );
    expect(second.found).toEqual(first.items);
    expect(second.added).toMatchObject({ url: urls[3], seq: 4 });
    const ids = [...first.items.map((item) => item.id), second.added.id];

    // The network is down for the first send: nothing registered, the first item stays first, one attempt counted.
    const down = await reloadAndSync(page, org.key, "before-send");
    expect(down.before.map((item) => item.id)).toEqual(ids);
    expect(down.sent).toEqual([{ url: urls[0], key: ids[0], outcome: "failed" }]);
    expect([down.error, down.registered, down.remaining]).toEqual(["network", [], 4]);
    expect(down.after.map((item) => [item.id, item.attempts])).toEqual(ids.map((id, i) => [id, i === 0 ? 1 : 0]));
    expect(down.stored.map((item) => [item.id, item.attempts]).sort()).toEqual(down.after.map((item) => [item.id, item.attempts]).sort());
    expect(await apiHolds(org.key, urls)).toEqual(urls.map(() => "not-found"));

    // The first send reaches the API but its answer is lost: still first in the queue, two attempts.
    const lost = await reloadAndSync(page, org.key, "after-send");
    expect(lost.before.map((item) => [item.id, item.attempts])).toEqual(ids.map((id, i) => [id, i === 0 ? 1 : 0]));
    expect(lost.sent).toEqual([{ url: urls[0], key: ids[0], outcome: "failed" }]);
    expect([lost.error, lost.registered, lost.remaining]).toEqual(["network", [], 4]);
    expect(lost.after.map((item) => [item.id, item.attempts])).toEqual(ids.map((id, i) => [id, i === 0 ? 2 : 0]));
    expect(await apiHolds(org.key, urls)).toEqual([urls[0], "not-found", "not-found", "not-found"]);

    // Back online: everything goes in queue order, the first again under its own key (the API
    // answers from its idempotency record, not a second registration), and the store empties.
    const up = await reloadAndSync(page, org.key, "none");
    expect(up.sent).toEqual(urls.map((url, i) => ({ url, key: ids[i], outcome: 201 })));
    expect(up.error).toBeUndefined();
    expect(up.registered).toEqual(urls.map((url, i) => ({ id: ids[i], url, alreadyRegistered: false })));
    expect([up.remaining, up.after, up.stored]).toEqual([0, [], []]);
    expect(await apiHolds(org.key, urls)).toEqual(urls);

    // And stays empty after another reload: nothing comes back to be sent twice.
    const again = await reloadAndSync(page, org.key, "none");
    expect([again.before, again.sent, again.registered, again.stored]).toEqual([[], [], [], []]);
    await page.close();
  });
});
