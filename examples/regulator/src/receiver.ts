/**
 * A webhook receiver on 127.0.0.1 (node:http): keeps every POST with its raw body and the
 * Shian-* headers, answers 204, and hands them out in arrival order (`next`, with a bounded wait).
 * The API sends to a loopback URL only when it runs with WEBHOOK_ALLOW_LOOPBACK=true.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedDelivery {
  body: string;
  event: string | null;
  delivery: string | null;
  signature: string | null;
}

export interface Receiver {
  url: string;
  /** The next delivery not handed out yet; rejects after `timeoutMs` without one. */
  next(timeoutMs: number): Promise<ReceivedDelivery>;
  close(): Promise<void>;
}

export async function startReceiver(port = 0, path = "/shian-webhook"): Promise<Receiver> {
  const queue: ReceivedDelivery[] = [];
  const waiters: Array<(delivery: ReceivedDelivery) => void> = [];
  const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0]! : (value ?? null));
  const server = createServer((request, response) => {
    if (request.method !== "POST" || request.url !== path) {
      response.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const delivery = {
        body: Buffer.concat(chunks).toString("utf8"),
        event: header(request.headers["shian-event"]),
        delivery: header(request.headers["shian-delivery"]),
        signature: header(request.headers["shian-signature"]),
      };
      response.writeHead(204).end();
      const waiter = waiters.shift();
      if (waiter) waiter(delivery);
      else queue.push(delivery);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}${path}`,
    next(timeoutMs) {
      const ready = queue.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(settle), 1);
          reject(new Error(`no webhook delivery within ${timeoutMs} ms`));
        }, timeoutMs);
        const settle = (delivery: ReceivedDelivery) => {
          clearTimeout(timer);
          resolve(delivery);
        };
        waiters.push(settle);
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
