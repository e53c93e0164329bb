/**
 * What offline-queue-browser.test.ts bundles (esbuild) into a page: the SDK's OfflineQueue on
 * IndexedDbQueueStorage, with a client whose sender can be told to fail once, and a log of
 * every registration the page sent. The test drives it through `page.evaluate`.
 */
import { ShianClient } from "../src/client/client";
import { IndexedDbQueueStorage, OfflineQueue } from "../src/client/offline-queue";

/** How the next registration fails: before it leaves the page, or after the API answered (the answer is lost). */
export type FailNext = "none" | "before-send" | "after-send";
export interface Sent {
  url: string;
  key: string;
  /** The API's status, or "failed" when the sender threw. */
  outcome: number | "failed";
}

const DATABASE = "till-queue";

function openQueue(apiKey: string, failNext: FailNext, sent: Sent[]): OfflineQueue {
  let fail = failNext;
  const send = async (request: Request): Promise<Response> => {
    const isRegister = request.method === "POST" && new URL(request.url).pathname === "/v1/vouchers";
    if (!isRegister) return fetch(request);
    const entry: Sent = { url: ((await request.clone().json()) as { url: string }).url, key: request.headers.get("idempotency-key") ?? "", outcome: "failed" };
    sent.push(entry);
    if (fail === "before-send") {
      fail = "none";
      throw new TypeError("Failed to fetch");
    }
    const response = await fetch(request);
    if (fail === "after-send") {
      fail = "none";
      throw new TypeError("network changed: the answer never arrived");
    }
    entry.outcome = response.status;
    return response;
  };
  const client = new ShianClient({ baseUrl: location.origin, apiKey, fetch: send, maxAttempts: 1 });
  return new OfflineQueue({ client, storage: new IndexedDbQueueStorage(DATABASE) });
}

const api = {
  /** A queue on a new IndexedDB connection (as after closing the till app). */
  openQueue,
  /** The raw stored items, read on a fresh connection. */
  stored: () => new IndexedDbQueueStorage(DATABASE).load(),
  storage: () => new IndexedDbQueueStorage(DATABASE),
};
export type QueuePageApi = typeof api;
(globalThis as unknown as { queuePage: QueuePageApi }).queuePage = api;
