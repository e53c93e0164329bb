/**
 * Client figures: `shian issue` (the CLI, from source, as its own process) bulk-issuing a
 * 100,000-row CSV against the local API, against the API's own bulk route driven directly (one
 * NDJSON request of the same number of items, as `issue.bulk_per_s` in bench/api.ts) measured in
 * the same run. Each measurement gets a freshly seeded API in its own process on 127.0.0.1 (same
 * database size at the start); the CLI's progress bar is passed through to stderr. Bounded in
 * time: the CLI is stopped after BENCH_CLIENT_TIMEOUT_S (default 600) and the partial count is
 * reported.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { progress, report } from "./measure";
import { startServer, stopServer } from "./servers";

const ROWS = Number(process.env.BENCH_CLIENT_ROWS ?? 100_000);
const TIMEOUT_S = Number(process.env.BENCH_CLIENT_TIMEOUT_S ?? 600);
const PORT = 18789;
const root = fileURLToPath(new URL("..", import.meta.url));

interface Demo {
  apiKeys: Record<string, string>;
  batches: { traced: string };
}

/** A freshly seeded API in its own process; `work` gets its answer. */
async function withApi<T>(label: string, work: (base: string, demo: Demo, dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `shian-bench-client-${label}-`));
  const base = `http://127.0.0.1:${PORT}`;
  const api = await startServer("packages/api/src/node.ts", PORT, { SHIAN_DATA_DIR: dir, PUBLIC_URL: base, RATE_LIMIT_PER_MINUTE: "0" });
  try {
    return await work(base, JSON.parse(readFileSync(join(dir, "demo.json"), "utf8")) as Demo, dir);
  } finally {
    await stopServer(api);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The API's bulk route, one request of ROWS items. */
async function bulkRoute(base: string, demo: Demo): Promise<number> {
  const body = Array.from({ length: ROWS }, (_, i) => JSON.stringify({ idempotencyKey: `route-${i}`, batchCode: demo.batches.traced, netWeightGrams: 500 + (i % 1000) })).join("\n");
  const started = performance.now();
  const response = await fetch(`${base}/v1/vouchers/bulk`, {
    method: "POST",
    headers: { authorization: `Bearer ${demo.apiKeys.wholesalerA}`, "content-type": "application/x-ndjson" },
    body,
  });
  const lines = (await response.text()).trim().split("\n");
  const seconds = (performance.now() - started) / 1000;
  const ok = lines.filter((line) => line.includes('"ok":true')).length;
  if (ok !== ROWS) throw new Error(`the bulk route stored ${ok} of ${ROWS}: ${lines.find((line) => !line.includes('"ok":true'))}`);
  return ROWS / seconds;
}

/** `shian issue --api --key --csv` on a ROWS-row CSV; the rate counts rows issued until the CLI exits. */
async function cli(base: string, demo: Demo, dir: string): Promise<{ perSecond: number; issued: number; code: number | null }> {
  const csv = join(dir, "items.csv");
  let text = "ref,batchCode,netWeightGrams\n";
  for (let i = 0; i < ROWS; i++) text += `item-${i},${demo.batches.traced},${500 + (i % 1000)}\n`;
  writeFileSync(csv, text);
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "packages/sdk/src/cli/main.ts", "issue", "--api", base, "--key", demo.apiKeys.wholesalerA!, "--csv", csv], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"], // the progress bar goes to our stderr
  });
  const timer = setTimeout(() => child.kill("SIGINT"), TIMEOUT_S * 1000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (exit) => resolve(exit)));
  clearTimeout(timer);
  const seconds = (performance.now() - started) / 1000;
  const state = readFileSync(`${csv}.state`, "utf8");
  const issued = state.split("\n").filter((line) => line.includes('"url"')).length;
  if (code === 0) {
    const out = readFileSync(join(dir, "items.issued.csv"), "utf8").trim().split("\n");
    const withUrl = out.slice(1).filter((line) => /,http:\/\/[^,]+\/v\/\d+$/.test(line)).length;
    if (withUrl !== ROWS) throw new Error(`shian issue wrote ${withUrl} of ${ROWS} voucher URLs`);
  }
  return { perSecond: issued / seconds, issued, code };
}

export async function benchClient(): Promise<void> {
  progress(`client: the API's bulk route, ${ROWS.toLocaleString("en")} items in one NDJSON request (freshly seeded API on 127.0.0.1:${PORT})`);
  const route = await withApi("route", (base, demo) => bulkRoute(base, demo));
  report("client.bulk_route_per_s", Math.round(route), "vouchers/s");

  progress(`client: shian issue --csv with ${ROWS.toLocaleString("en")} rows (CLI from source in its own process, default chunk; stopped after ${TIMEOUT_S} s)`);
  const run = await withApi("cli", cli);
  if (run.code !== 0) progress(`shian issue exited with ${run.code}: ${run.issued.toLocaleString("en")} of ${ROWS.toLocaleString("en")} rows issued`);
  report("client.bulk_issue_per_s", Math.round(run.perSecond), "rows/s");
  report("client.bulk_issue_ratio_vs_bulk_route", run.perSecond / route, "ratio");
}
