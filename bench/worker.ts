/**
 * Workers figures (`pnpm bench worker`): the deployable bundle's gzip size, and JSON scan
 * resolution under `wrangler dev` (workerd, local D1, the Cache API) against a bare Hono
 * worker under `wrangler dev` in the same run. Cold: every voucher scanned once, so every
 * request misses the edge cache; warm: random vouchers of the same set, all cached. The
 * vouchers are issued through the API with the demo keys the dev launcher's worker seeded.
 * Everything listens on 127.0.0.1; every load loop is bounded in time and count.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { type LoadResult, runLoad } from "./load";
import { progress, report } from "./measure";

const VOUCHERS = Number(process.env.BENCH_WORKER_VOUCHERS ?? 3_000);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 5);
const CONCURRENCY = 32;
const API_PORT = 18797;
const BARE_PORT = 18798;

const root = fileURLToPath(new URL("..", import.meta.url));
const apiDir = join(root, "packages", "api");
const wrangler = join(apiDir, "node_modules", ".bin", "wrangler");
const OFFLINE = { WRANGLER_SEND_METRICS: "false", WRANGLER_SEND_ERROR_REPORTS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

/** Starts a command in its own process group and waits until `readyUrl` answers 200. */
async function start(command: string, args: string[], cwd: string, readyUrl: string, timeoutMs = 180_000): Promise<ChildProcess> {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...OFFLINE }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(readyUrl)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await stop(child);
  throw new Error(`${args.join(" ")} did not become ready:\n${output}`);
}

/** SIGTERM to the process (the dev launcher and wrangler stop their children), then its group if it lingers. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // the group is gone
  }
}

function bundleGzipBytes(): number {
  const outdir = mkdtempSync(join(tmpdir(), "shian-bench-bundle-"));
  try {
    execFileSync(wrangler, ["deploy", "--dry-run", "--outdir", outdir], { cwd: apiDir, env: { ...process.env, ...OFFLINE }, stdio: "ignore", timeout: 150_000 });
    return gzipSync(readFileSync(join(outdir, "worker.js"))).length;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const reportScan = (prefix: string, result: LoadResult) => {
  report(`${prefix}.per_s`, Math.round(result.perSecond), "req/s");
  report(`${prefix}.p50_ms`, result.p50Ms, "ms");
  report(`${prefix}.p99_ms`, result.p99Ms, "ms");
  report(`${prefix}.errors`, result.errors, "requests");
};

export async function benchWorker(): Promise<void> {
  progress("bundling the worker (wrangler deploy --dry-run)");
  report("worker.bundle_gzip_kb", Math.round(bundleGzipBytes() / 102.4) / 10, "KB");

  const state = mkdtempSync(join(tmpdir(), "shian-bench-worker-"));
  const base = `http://127.0.0.1:${API_PORT}`;
  progress(`starting the API worker under wrangler dev (local D1, demo seed) on ${base}`);
  const api = await start(
    process.execPath,
    ["--import", "tsx", "scripts/dev-worker.ts", "--port", String(API_PORT), "--persist-to", state, "--", "--var", "RATE_LIMIT_PER_MINUTE:0", "--inspector-port", "19229"],
    apiDir,
    `${base}/__dev/demo`,
  );
  let warm: LoadResult;
  let cold: LoadResult;
  let scanDocument: string;
  try {
    const demo = (await (await fetch(`${base}/__dev/demo`)).json()) as { apiKeys: Record<string, string>; batches: Record<string, string> };
    progress(`issuing ${VOUCHERS.toLocaleString("en")} vouchers through POST /v1/vouchers/bulk`);
    const body = Array.from({ length: VOUCHERS }, (_, i) => JSON.stringify({ idempotencyKey: `bench-worker-${i}`, batchCode: demo.batches.traced, netWeightGrams: 500 + (i % 1000) })).join("\n");
    const response = await fetch(`${base}/v1/vouchers/bulk`, { method: "POST", headers: { authorization: `Bearer ${demo.apiKeys.wholesalerA}`, "content-type": "application/x-ndjson" }, body });
    const results = (await response.text()).trim().split("\n").map((line) => JSON.parse(line));
    const urls = results.filter((r) => r.ok).map((r) => r.voucher.url as string);
    if (urls.length !== VOUCHERS) throw new Error(`bulk issue stored ${urls.length} of ${VOUCHERS}: ${JSON.stringify(results.find((r) => !r.ok))}`);

    progress(`scan load, cold (each voucher once, every request an edge-cache miss): ${CONCURRENCY} connections, at most ${LOAD_SECONDS} s`);
    cold = await runLoad({ url: (i) => urls[i % urls.length]!, headers: { accept: "application/json" }, concurrency: CONCURRENCY, seconds: LOAD_SECONDS, maxRequests: urls.length });
    reportScan("worker.scan.cold", cold);

    let seed = 7;
    const pick = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return urls[seed % Math.min(urls.length, cold.requests)]!;
    };
    const probe = await fetch(urls[0]!, { headers: { accept: "application/json" } });
    scanDocument = await probe.text();
    const probeState = (JSON.parse(scanDocument) as { state: string }).state;
    if (probe.headers.get("x-cache") !== "hit" || probeState !== "valid") throw new Error(`expected a cached valid answer, got x-cache ${probe.headers.get("x-cache")} and ${probeState}`);
    progress(`scan load, warm (the vouchers scanned cold, all in the edge cache): ${CONCURRENCY} connections, ${LOAD_SECONDS} s`);
    warm = await runLoad({ url: pick, headers: { accept: "application/json" }, concurrency: CONCURRENCY, seconds: LOAD_SECONDS, maxRequests: 1_000_000 });
    reportScan("worker.scan", warm);
  } finally {
    await stop(api);
    rmSync(state, { recursive: true, force: true });
  }

  const bareState = mkdtempSync(join(tmpdir(), "shian-bench-bare-"));
  progress("baseline: a bare Hono worker under wrangler dev, answering the same JSON document");
  const bare = await start(
    wrangler,
    ["dev", "bare-hono-worker.ts", "--name", "bare-hono", "--compatibility-date", "2026-04-01", "--ip", "127.0.0.1", "--port", String(BARE_PORT), "--inspector-port", "19230", "--persist-to", bareState, "--show-interactive-dev-session=false", "--var", `SCAN_DOCUMENT:${scanDocument}`],
    join(root, "bench"),
    `http://127.0.0.1:${BARE_PORT}/health`,
  );
  try {
    const baseline = await runLoad({ url: (i) => `http://127.0.0.1:${BARE_PORT}/v/${i}`, concurrency: CONCURRENCY, seconds: LOAD_SECONDS, maxRequests: 1_000_000 });
    report("worker.bare_hono.per_s", Math.round(baseline.perSecond), "req/s");
    report("worker.scan.ratio_vs_bare_hono", warm.perSecond / baseline.perSecond, "ratio");
    report("worker.scan.cold.ratio_vs_bare_hono", cold.perSecond / baseline.perSecond, "ratio");
  } finally {
    await stop(bare);
    rmSync(bareState, { recursive: true, force: true });
  }
}
