/**
 * The nightly job: every item of the store system's export gets a signed trace code through
 * the API's bulk route (SDK client `vouchers.bulkIssue`), one batch per receiving lot.
 *
 * Resumable like `shian issue`: each finished row is appended to a state file (JSON lines) as
 * its result arrives, and every row and lot carries an idempotency key derived from the item
 * itself, so a rerun (after Ctrl-C, a crash, or the same export again) issues nothing twice.
 */
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { ProductCategory } from "@shian/schemas";
import type { BulkItem, ShianClient } from "@shian/sdk";
import { EXPORT_COLUMNS, type ExportRow } from "./store-export";

export interface NightlyOptions {
  client: ShianClient;
  /** The store system's export (CSV, EXPORT_COLUMNS). */
  csv: string;
  /** Output CSV: the export's columns plus trace_code, voucher_url (and error). Default `<csv>.issued.csv`. */
  out?: string;
  /** Progress and results of finished rows. Default `<csv>.state`. */
  state?: string;
  /** Items per bulk request (default 500). */
  itemsPerRequest?: number;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
  /** Set it to stop after the current request (Ctrl-C). */
  signal?: AbortSignal;
}

export interface NightlySummary {
  rows: number;
  /** Rows finished by an earlier run (in the state file). */
  alreadyDone: number;
  /** Vouchers the API created in this run. */
  issued: number;
  /** Rows the API already held under the same idempotency key (an earlier run that lost its state). */
  replayed: number;
  failed: Array<{ itemId: string; line: number; error: string }>;
  lotsCreated: number;
  seconds: number;
  perSecond: number;
  out: string;
  state: string;
  interrupted: boolean;
}

interface Row {
  line: number;
  fields: string[];
  values: ExportRow;
  key: string;
}

/** RFC 4180 fields (quotes, doubled quotes); the export has one row per line. */
function parseLine(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") fields.push(field), (field = "");
    else field += c;
  }
  fields.push(field);
  return fields;
}
const csvField = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const csvLine = (values: string[]) => `${values.map(csvField).join(",")}\n`;
const hash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 40);

export function readExport(path: string): { header: string[]; rows: Row[] } {
  const lines = readFileSync(path, "utf8").replace(/^\ufeff/, "").split(/\r?\n/);
  const header = parseLine(lines[0] ?? "").map((name) => name.trim());
  const missing = EXPORT_COLUMNS.filter((name) => !header.includes(name));
  if (missing.length > 0) throw new Error(`${path}: missing column(s) ${missing.join(", ")}`);
  const rows: Row[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]!.trim()) continue;
    const fields = parseLine(lines[i]!);
    const values = Object.fromEntries(header.map((name, j) => [name, (fields[j] ?? "").trim()])) as ExportRow;
    // The item itself names the key: a re-export of the same item is the same voucher.
    const key = `item-${hash(`${values.store_code}\n${values.item_id}\n${values.barcode}\n${values.receiving_lot}`)}`;
    rows.push({ line: i + 1, fields, values, key });
  }
  return { header, rows };
}

interface StateLine {
  key?: string;
  itemId?: string;
  code?: string;
  url?: string;
  lot?: string;
  batchCode?: string;
}

function readState(path: string): { done: Map<string, StateLine>; lots: Map<string, string> } {
  const done = new Map<string, StateLine>();
  const lots = new Map<string, string>();
  if (!existsSync(path)) return { done, lots };
  let content = readFileSync(path, "utf8");
  if (content.length > 0 && !content.endsWith("\n")) {
    // a crash cut the last line short: drop it (its row is sent again under the same key)
    content = content.slice(0, content.lastIndexOf("\n") + 1);
    writeFileSync(`${path}.tmp`, content);
    renameSync(`${path}.tmp`, path);
  }
  for (const text of content.split("\n")) {
    if (!text.trim()) continue;
    const entry = JSON.parse(text) as StateLine;
    if (entry.key && entry.url) done.set(entry.key, entry);
    if (entry.lot && entry.batchCode) lots.set(entry.lot, entry.batchCode);
  }
  return { done, lots };
}

/** Batch quantity of a lot: the grams (or pieces) of its items. */
function lotBatch(rows: Row[]) {
  const first = rows[0]!.values;
  const byWeight = rows.every((row) => row.values.net_weight_g !== "");
  const quantity = rows.reduce((sum, row) => sum + Number(byWeight ? row.values.net_weight_g : row.values.pack_qty || 1), 0);
  return {
    product: { name: first.item_name, category: first.category as ProductCategory },
    originRegion: first.origin_region,
    quantity,
    unit: byWeight ? ("gram" as const) : ("piece" as const),
  };
}

export async function runNightly(options: NightlyOptions): Promise<NightlySummary> {
  const { client } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const statePath = options.state ?? `${options.csv}.state`;
  const outPath = options.out ?? options.csv.replace(/(\.csv)?$/i, ".issued.csv");
  const { header, rows } = readExport(options.csv);
  const { done, lots } = readState(statePath);
  const alreadyDone = rows.filter((row) => done.has(row.key)).length;
  const pending = rows.filter((row) => !done.has(row.key));
  const started = performance.now();
  log(`${rows.length.toLocaleString("en")} items in ${options.csv.split("/").pop()}; ${alreadyDone.toLocaleString("en")} done by an earlier run, ${pending.length.toLocaleString("en")} to issue`);

  // One batch per receiving lot (idempotent: the lot names its key).
  const byLot = new Map<string, Row[]>();
  for (const row of pending) byLot.set(row.values.receiving_lot, [...(byLot.get(row.values.receiving_lot) ?? []), row]);
  const newLots = [...byLot].filter(([lot]) => !lots.has(lot));
  let lotsCreated = 0;
  for (let i = 0; i < newLots.length; i += 8) {
    await Promise.all(
      newLots.slice(i, i + 8).map(async ([lot, lotRows]) => {
        const batch = await client.batches.create(lotBatch(lotRows), { idempotencyKey: `lot-${hash(`${lotRows[0]!.values.store_code}\n${lot}`)}` });
        lots.set(lot, batch.code);
        appendFileSync(statePath, `${JSON.stringify({ lot, batchCode: batch.code })}\n`);
        lotsCreated++;
      }),
    );
  }
  if (newLots.length) log(`${newLots.length} receiving lots → batches`);

  const failed: NightlySummary["failed"] = [];
  let issued = 0;
  let replayed = 0;
  let buffered = "";
  let lastLog = 0;
  const flush = () => {
    if (buffered) appendFileSync(statePath, buffered);
    buffered = "";
  };
  const progress = (force = false) => {
    const now = performance.now();
    if (!force && now - lastLog < 1000) return;
    lastLog = now;
    const finished = alreadyDone + issued + replayed + failed.length;
    const rate = (issued + replayed) / Math.max(0.001, (now - started) / 1000);
    log(`  ${finished.toLocaleString("en")}/${rows.length.toLocaleString("en")} (${Math.floor((finished / Math.max(1, rows.length)) * 100)} %) · ${Math.round(rate)} items/s${failed.length ? ` · ${failed.length} failed` : ""}`);
  };
  async function* items(): AsyncGenerator<BulkItem> {
    for (const row of pending) {
      if (options.signal?.aborted) return;
      const v = row.values;
      yield {
        type: "sale",
        batchCode: lots.get(v.receiving_lot)!,
        ...(v.net_weight_g ? { netWeightGrams: Number(v.net_weight_g) } : {}),
        ...(v.pack_qty ? { quantity: Number(v.pack_qty) } : {}),
        ...(v.price_fen ? { unitPriceFen: Number(v.price_fen) } : {}),
        ...(v.best_before ? { expiresAt: v.best_before } : {}),
        ...(v.barcode ? { gtin: v.barcode } : {}),
        lot: v.receiving_lot,
        idempotencyKey: row.key,
      };
    }
  }
  try {
    for await (const result of client.vouchers.bulkIssue(items(), { itemsPerRequest: options.itemsPerRequest ?? 500 })) {
      const row = pending[result.index]!;
      if (result.ok) {
        const entry = { key: row.key, itemId: row.values.item_id, code: result.voucher.code, url: result.voucher.url };
        done.set(row.key, entry);
        buffered += `${JSON.stringify(entry)}\n`;
        if (result.created) issued++;
        else replayed++;
      } else failed.push({ itemId: row.values.item_id, line: row.line, error: `${result.error.code}: ${result.error.message}` });
      if (buffered.length > 64 * 1024) flush();
      progress();
    }
  } finally {
    flush();
  }
  progress(true);

  const failures = new Map(failed.map((f) => [f.itemId, f.error]));
  let out = csvLine([...header, "trace_code", "voucher_url", ...(failed.length ? ["error"] : [])]);
  for (const row of rows) {
    const entry = done.get(row.key);
    out += csvLine([...header.map((_, i) => row.fields[i] ?? ""), entry?.code ?? "", entry?.url ?? "", ...(failed.length ? [failures.get(row.values.item_id) ?? ""] : [])]);
  }
  writeFileSync(`${outPath}.tmp`, out);
  renameSync(`${outPath}.tmp`, outPath);
  const seconds = (performance.now() - started) / 1000;
  return {
    rows: rows.length,
    alreadyDone,
    issued,
    replayed,
    failed,
    lotsCreated,
    seconds,
    perSecond: (issued + replayed) / Math.max(0.001, seconds),
    out: outPath,
    state: statePath,
    interrupted: options.signal?.aborted ?? false,
  };
}

export function formatSummary(summary: NightlySummary): string {
  const n = (value: number) => value.toLocaleString("en");
  const lines = [
    "── nightly issue summary ──",
    `items in export     ${n(summary.rows)}`,
    `issued this run     ${n(summary.issued)}`,
    `done before         ${n(summary.alreadyDone)}`,
    `replayed (had them) ${n(summary.replayed)}`,
    `failed              ${n(summary.failed.length)}`,
    `new lots → batches  ${n(summary.lotsCreated)}`,
    `time                ${summary.seconds.toFixed(1)} s (${n(Math.round(summary.perSecond))} items/s)`,
    `output CSV          ${summary.out}`,
    `state file          ${summary.state}${summary.interrupted ? " (interrupted: run again to continue)" : ""}`,
  ];
  for (const failure of summary.failed.slice(0, 10)) lines.push(`  line ${failure.line} (${failure.itemId}): ${failure.error}`);
  if (summary.failed.length > 10) lines.push(`  … and ${summary.failed.length - 10} more (error column of the output CSV)`);
  return lines.join("\n");
}
