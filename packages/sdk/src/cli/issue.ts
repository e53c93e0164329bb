import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { ShianClient } from "../client/client";
import type { BulkItem } from "../client/types";
import { encodeQr, toPng } from "../qr/index";
import { csvLine, parseCsv } from "./csv";
import { readText, UsageError } from "./io";

/**
 * CSV columns of `shian issue`, one row per voucher. Each maps to the bulk route's item field
 * of the same name; empty cells are left out. All columns are optional, but the header row
 * must name only these.
 */
export const ISSUE_COLUMNS = {
  ref: "your own reference for the row (copied to the output, not sent)",
  idempotencyKey: "the row's idempotency key (default: derived from the CSV file name, the row number and the row's text)",
  type: "voucher type: sale (default), batch, merchant or certificate",
  batchCode: "the trace code of one of your batches: origin, category and rapid-test result come from it",
  buyerOrgId: "the buying organisation's id",
  netWeightGrams: "net weight in grams (integer)",
  quantity: "number of items (integer)",
  unitPriceFen: "unit price in fen (integer)",
  expiresAt: "expiry, ISO 8601 with offset",
  gtin: "GS1 GTIN (8, 12, 13 or 14 digits)",
  lot: "GS1 lot / batch number (AI 10, up to 20 characters)",
} as const;
const INTEGER_COLUMNS = new Set(["netWeightGrams", "quantity", "unitPriceFen"]);

interface Row {
  index: number;
  line: number;
  values: Record<string, string>;
  fields: string[];
  key: string;
  item: BulkItem;
}
interface Done {
  row: number;
  key: string;
  code: string;
  url: string;
}

export interface IssueFlags {
  api: string;
  key: string;
  csv: string;
  out?: string;
  state?: string;
  labels?: string;
  chunk?: number;
}

function readRows(path: string): { header: string[]; rows: Row[] } {
  let parsed;
  try {
    parsed = parseCsv(readText(path));
  } catch (error) {
    throw new UsageError(`${path}: ${(error as Error).message}`);
  }
  const [head, ...body] = parsed;
  if (!head) throw new UsageError(`${path} is empty: it needs a header row (${Object.keys(ISSUE_COLUMNS).join(", ")})`);
  const header = head.fields.map((name) => name.trim());
  const unknown = header.filter((name) => !(name in ISSUE_COLUMNS));
  if (unknown.length > 0) throw new UsageError(`${path}: unknown column(s) ${unknown.join(", ")}; the columns are ${Object.keys(ISSUE_COLUMNS).join(", ")}`);
  const file = basename(path);
  const rows = body.map((row, index): Row => {
    const values: Record<string, string> = {};
    header.forEach((name, i) => {
      const value = (row.fields[i] ?? "").trim();
      if (value !== "") values[name] = value;
    });
    const item: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(values)) {
      if (name === "ref" || name === "idempotencyKey") continue;
      if (INTEGER_COLUMNS.has(name)) {
        if (!/^\d+$/.test(value)) throw new UsageError(`${path} line ${row.line}: ${name} must be a whole number, not ${JSON.stringify(value)}`);
        item[name] = Number(value);
      } else item[name] = value;
    }
    // Deterministic: the same file and row give the same key on every run, so a rerun issues nothing twice.
    const key = values.idempotencyKey ?? `csv-${createHash("sha256").update(`${file}\n${index + 1}\n${row.raw}`).digest("hex").slice(0, 40)}`;
    return { index, line: row.line, values, fields: row.fields, key, item: { ...item, idempotencyKey: key } as BulkItem };
  });
  return { header, rows };
}

function readState(path: string): Map<string, Done> {
  const done = new Map<string, Done>();
  if (!existsSync(path)) return done;
  let content = readFileSync(path, "utf8");
  if (content.length > 0 && !content.endsWith("\n")) {
    // A crash cut the last line short: drop it before appending more.
    content = content.slice(0, content.lastIndexOf("\n") + 1);
    writeFileSync(`${path}.tmp`, content);
    renameSync(`${path}.tmp`, path);
  }
  for (const text of content.split("\n")) {
    if (!text.trim()) continue;
    try {
      const entry = JSON.parse(text) as Done;
      if (typeof entry.key === "string" && typeof entry.url === "string") done.set(entry.key, entry);
    } catch {
      // a line cut short by a crash: its row is issued again under the same key (and replayed)
    }
  }
  return done;
}

export async function issue(flags: IssueFlags): Promise<number> {
  const { header, rows } = readRows(flags.csv);
  const statePath = flags.state ?? `${flags.csv}.state`;
  const outPath = flags.out ?? flags.csv.replace(/(\.csv)?$/i, ".issued.csv");
  const done = readState(statePath);
  const pending = rows.filter((row) => !done.has(row.key));
  const total = rows.length;
  const failures = new Map<number, string>();
  const client = new ShianClient({ baseUrl: flags.api, apiKey: flags.key, headers: { "user-agent": "shian-cli" } });

  let stopping = false;
  const onSignal = () => {
    if (stopping) process.exit(130); // a second Ctrl-C: leave now (the state file has every finished row)
    stopping = true;
    process.stderr.write("\nstopping after the current request… (Ctrl-C again to quit at once)\n");
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const started = Date.now();
  let issuedNow = 0;
  let lastProgress = 0;
  const progress = (force = false) => {
    const now = Date.now();
    if (!force && now - lastProgress < 200) return;
    lastProgress = now;
    const finished = done.size;
    const rate = issuedNow / Math.max(0.001, (now - started) / 1000);
    const width = 30;
    const filled = total === 0 ? width : Math.round((finished / total) * width);
    process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${finished}/${total} issued${failures.size ? `, ${failures.size} failed` : ""} · ${rate.toFixed(0)} rows/s `);
  };

  let buffered = "";
  const flush = () => {
    if (buffered) appendFileSync(statePath, buffered);
    buffered = "";
  };
  const byIndex = new Map(pending.map((row, i) => [i, row]));
  async function* items() {
    for (const row of pending) {
      if (stopping) return;
      yield row.item;
    }
  }
  try {
    progress(true);
    for await (const result of client.vouchers.bulkIssue(items(), { itemsPerRequest: flags.chunk ?? 200 })) {
      const row = byIndex.get(result.index)!;
      if (result.ok) {
        const entry = { row: row.index + 1, key: row.key, code: result.voucher.code, url: result.voucher.url };
        done.set(row.key, entry);
        buffered += `${JSON.stringify(entry)}\n`;
        issuedNow++;
      } else failures.set(row.index, `${result.error.code}: ${result.error.message}`);
      if (buffered.length > 64 * 1024) flush();
      progress();
    }
  } finally {
    flush();
    progress(true);
    process.stderr.write("\n");
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  if (stopping) {
    process.stderr.write(`interrupted: ${done.size}/${total} rows issued, recorded in ${statePath}; run the same command again to continue\n`);
    return 130;
  }

  if (flags.labels) mkdirSync(flags.labels, { recursive: true });
  const width = String(total).length;
  let out = csvLine([...header, "code", "url", ...(failures.size ? ["error"] : [])]);
  for (const row of rows) {
    const entry = done.get(row.key);
    const cells = header.map((_, i) => row.fields[i] ?? "");
    out += csvLine([...cells, entry?.code ?? "", entry?.url ?? "", ...(failures.size ? [failures.get(row.index) ?? ""] : [])]);
    if (entry && flags.labels) {
      const file = join(flags.labels, `${String(row.index + 1).padStart(width, "0")}-${entry.code}.png`);
      if (!existsSync(file)) writeFileSync(file, toPng(encodeQr(entry.url, { ecc: "M" }), { scale: 8 }));
    }
  }
  writeFileSync(`${outPath}.tmp`, out);
  renameSync(`${outPath}.tmp`, outPath);
  process.stderr.write(`${done.size}/${total} rows issued (${issuedNow} in this run); vouchers in ${outPath}${flags.labels ? `, labels in ${flags.labels}` : ""}\n`);
  for (const [index, error] of [...failures].slice(0, 20)) process.stderr.write(`  row ${index + 1} (line ${rows[index]!.line}): ${error}\n`);
  if (failures.size > 20) process.stderr.write(`  … and ${failures.size - 20} more (see the error column)\n`);
  return failures.size ? 1 : 0;
}
