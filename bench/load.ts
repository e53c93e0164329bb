import { Agent, request } from "node:http";

export interface LoadResult {
  requests: number;
  errors: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * A bounded closed-loop load generator: `concurrency` keep-alive connections to a loopback
 * server, for at most `seconds` and at most `maxRequests` requests.
 */
export async function runLoad(options: {
  url: (i: number) => string;
  headers?: Record<string, string>;
  concurrency: number;
  seconds: number;
  maxRequests: number;
  expectStatus?: number;
}): Promise<LoadResult> {
  const target = new URL(options.url(0));
  if (!["127.0.0.1", "localhost", "[::1]"].includes(target.hostname)) throw new Error("load tests only target loopback addresses");
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  const deadline = performance.now() + options.seconds * 1000;
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = request(options.url(i), { agent, headers: options.headers }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode !== (options.expectStatus ?? 200)) errors++;
          latencies.push(performance.now() - started);
          resolve();
        });
      });
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end();
    });
  const start = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline && issued < options.maxRequests) await one(issued++);
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { requests: latencies.length, errors, perSecond: latencies.length / elapsed, p50Ms: at(0.5), p99Ms: at(0.99) };
}
