/**
 * API figures: bulk issue through the HTTP route, and JSON scan resolution under load
 * against a bare Hono handler measured in the same run: warm (the process that issued the
 * vouchers, so its scan cache holds them) and cold (a restarted process). Servers run in their own processes
 * on 127.0.0.1; every load loop is bounded in time and count. The warm run and the baseline
 * are measured after WARMUP_SECONDS of the same load, and the baseline is sent the very
 * requests the API gets (the voucher paths, Accept: application/json), so the ratio compares
 * handlers, not request sizes or JIT warm-up; the cold run has no warm-up (nothing cached).
 *
 * The bulk timer runs from sending the request until the response body is fully received
 * (the server's work is done then); every result line is parsed and checked ok after it.
 * BENCH_API_PARTS=bulk runs the bulk issue alone (default: everything).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LoadResult, runLoad } from "./load";
import { progress, report } from "./measure";
import { opensslEd25519 } from "./openssl";
import { startServer, stopServer } from "./servers";

const BULK_VOUCHERS = Number(process.env.BENCH_BULK_VOUCHERS ?? 100_000);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 5);
/** Load before the warm and baseline measurements, not measured: JIT compilation, the analytics writer thread's start. */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const BULK_ONLY = process.env.BENCH_API_PARTS === "bulk";
const CONCURRENCY = 32;
const API_PORT = 18787;
const BARE_PORT = 18788;

export async function benchApi(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "shian-bench-"));
  const base = `http://127.0.0.1:${API_PORT}`;
  progress(`starting the API (embedded libSQL file, demo seed) on ${base}`);
  const serverEnv = { SHIAN_DATA_DIR: dataDir, PUBLIC_URL: base, RATE_LIMIT_PER_MINUTE: "0" };
  let api = await startServer("packages/api/src/node.ts", API_PORT, serverEnv);
  let urls: string[] = [];
  try {
    const demo = JSON.parse(readFileSync(join(dataDir, "demo.json"), "utf8"));
    const body = Array.from({ length: BULK_VOUCHERS }, (_, i) => JSON.stringify({ idempotencyKey: `bench-${i}`, batchCode: demo.batches.traced, netWeightGrams: 500 + (i % 1000) })).join("\n");
    progress(`bulk issue of ${BULK_VOUCHERS.toLocaleString("en")} vouchers through POST /v1/vouchers/bulk`);
    const started = performance.now();
    const response = await fetch(`${base}/v1/vouchers/bulk`, {
      method: "POST",
      headers: { authorization: `Bearer ${demo.apiKeys.wholesalerA}`, "content-type": "application/x-ndjson" },
      body,
    });
    const text = await response.text();
    const seconds = (performance.now() - started) / 1000;
    const results = text.trim().split("\n").map((line) => JSON.parse(line));
    const ok = results.filter((r) => r.ok);
    if (ok.length !== BULK_VOUCHERS) throw new Error(`bulk issue stored ${ok.length} of ${BULK_VOUCHERS}: ${JSON.stringify(results.find((r) => !r.ok))}`);
    urls = ok.map((r) => r.voucher.url as string);
    const bulkRate = BULK_VOUCHERS / seconds;
    report("issue.bulk_per_s", Math.round(bulkRate), "vouchers/s");
    const openssl = opensslEd25519(2);
    if (openssl) report("issue.ratio_vs_openssl_sign", bulkRate / openssl.sign, "ratio");
    if (BULK_ONLY) return;

    /** Random vouchers' JSON scans, for `seconds`; `port` sends the same requests to another server. */
    const scanLoad = (seconds = LOAD_SECONDS, port = API_PORT, seed = 7) => {
      const pickUrl = () => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        const url = urls[seed % urls.length]!;
        return port === API_PORT ? url : url.replace(`:${API_PORT}/`, `:${port}/`);
      };
      return runLoad({ url: pickUrl, headers: { accept: "application/json" }, concurrency: CONCURRENCY, seconds, maxRequests: 1_000_000 });
    };
    const reportScan = (prefix: string, result: LoadResult) => {
      report(`${prefix}.per_s`, Math.round(result.perSecond), "req/s");
      report(`${prefix}.p50_ms`, result.p50Ms, "ms");
      report(`${prefix}.p99_ms`, result.p99Ms, "ms");
      report(`${prefix}.errors`, result.errors, "requests");
    };

    progress(`scan load, warm (the process that issued them): ${WARMUP_SECONDS} s not measured, then ${CONCURRENCY} connections, ${LOAD_SECONDS} s, random vouchers, Accept: application/json`);
    await scanLoad(WARMUP_SECONDS, API_PORT, 11);
    const warm = await scanLoad();
    reportScan("scan", warm);
    const sample = await (await fetch(urls[0]!, { headers: { accept: "application/json" } })).text();
    const documentFile = join(dataDir, "scan-document.json");
    writeFileSync(documentFile, sample);
    await stopServer(api);

    progress("scan load, cold: the API restarted on the same database, nothing cached");
    api = await startServer("packages/api/src/node.ts", API_PORT, serverEnv);
    const cold = await scanLoad();
    reportScan("scan.cold", cold);
    await stopServer(api);

    progress(`baseline: a bare Hono handler on the same adapter, sent the same requests (after the same warm-up), answering the same ${sample.length}-byte JSON scan document`);
    const bare = await startServer("bench/bare-hono-server.ts", BARE_PORT, { BARE_SCAN_DOCUMENT: documentFile });
    try {
      await scanLoad(WARMUP_SECONDS, BARE_PORT, 11);
      const baseline = await scanLoad(LOAD_SECONDS, BARE_PORT);
      report("bare_hono.per_s", Math.round(baseline.perSecond), "req/s");
      report("scan.ratio_vs_bare_hono", warm.perSecond / baseline.perSecond, "ratio");
      report("scan.cold.ratio_vs_bare_hono", cold.perSecond / baseline.perSecond, "ratio");
    } finally {
      await stopServer(bare);
    }
  } finally {
    await stopServer(api);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
