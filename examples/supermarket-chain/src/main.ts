/**
 * `pnpm start [export.csv]`: the nightly job against the API (SHIAN_API, SHIAN_KEY). Without a
 * file it generates today's 10,000-item export into .data/ first.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@shian/sdk";
import { formatSummary, runNightly } from "./nightly";
import { generateExport } from "./store-export";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const api = (process.env.SHIAN_API ?? "http://127.0.0.1:8787").replace(/\/+$/, "");
const demoFile = resolve(process.env.SHIAN_DATA_DIR ?? here("../../../packages/api/.data"), "demo.json");
// The demo has no supermarket key: its wholesaler stands in (set SHIAN_KEY to the chain's own).
const key = process.env.SHIAN_KEY ?? (existsSync(demoFile) ? (JSON.parse(readFileSync(demoFile, "utf8")) as { apiKeys: Record<string, string> }).apiKeys.wholesalerA : undefined);
if (!key) {
  console.error("No API key: start the API (npx -y pnpm@12.21.0 start writes demo keys) or set SHIAN_KEY.");
  process.exit(2);
}

let csv = process.argv[2];
if (!csv) {
  const rows = Number(process.env.ROWS ?? 10_000);
  const today = new Date().toISOString().slice(0, 10);
  csv = here(`../.data/store-export-${today}-${rows}.csv`);
  if (!existsSync(csv)) {
    mkdirSync(here("../.data"), { recursive: true });
    writeFileSync(csv, generateExport(rows));
    console.error(`generated today's export: ${rows.toLocaleString("en")} items`);
  }
}

const client = createClient({ baseUrl: api, apiKey: key, headers: { "user-agent": "shian-nightly" } });
const stop = new AbortController();
process.once("SIGINT", () => {
  console.error("stopping after the current request…");
  stop.abort();
});
const summary = await runNightly({ client, csv, signal: stop.signal });
console.log(formatSummary({ ...summary, out: relative(process.cwd(), summary.out), state: relative(process.cwd(), summary.state) }));
process.exitCode = summary.failed.length ? 1 : summary.interrupted ? 130 : 0;
