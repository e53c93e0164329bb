import { createWriteStream, renameSync, rmSync } from "node:fs";
import { once } from "node:events";
import { ShianClient } from "../client/client";
import { UsageError } from "./io";

export interface Fsma204Flags {
  api: string;
  key: string;
  out: string;
  lot?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  format?: string | undefined;
  /** Where the progress line goes (stderr). */
  progress?: NodeJS.WritableStream;
  now?: () => number;
}

/**
 * Counts CSV records in a byte stream: line feeds outside quoted fields. A quote inside a
 * field is doubled, which toggles twice, so the state stays right across chunks.
 */
export class CsvRecordCounter {
  records = 0;
  private quoted = false;

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === 0x22) this.quoted = !this.quoted;
      else if (byte === 0x0a && !this.quoted) this.records++;
    }
  }
}

const megabytes = (bytes: number) => (bytes / 1_048_576).toFixed(1);

/**
 * Streams the FSMA 204 sortable spreadsheet to a file (written to <out>.part, renamed when
 * complete), printing a progress line on stderr: rows and rows/s for CSV (counted as the
 * bytes pass), megabytes and MB/s for XLSX (its rows are inside the compressed sheet).
 */
export async function fsma204(flags: Fsma204Flags): Promise<number> {
  const format = flags.format ?? "csv";
  if (format !== "csv" && format !== "xlsx") throw new UsageError("--format must be csv or xlsx");
  if (!flags.lot && !(flags.from && flags.to)) throw new UsageError("give --lot, or --from and --to");
  const progress = flags.progress ?? process.stderr;
  const now = flags.now ?? (() => performance.now());
  const client = new ShianClient({ baseUrl: flags.api, apiKey: flags.key, headers: { "user-agent": "shian-cli" } });
  const started = now();
  const sheet = await client.fsma204.export({ lot: flags.lot, from: flags.from, to: flags.to, format });

  const part = `${flags.out}.part`;
  const file = createWriteStream(part);
  const counter = new CsvRecordCounter();
  let bytes = 0;
  let shown = 0;
  const line = () => {
    const seconds = Math.max((now() - started) / 1000, 0.001);
    const rows = Math.max(counter.records - 1, 0);
    return format === "csv"
      ? `${rows} rows · ${(rows / seconds).toFixed(0)} rows/s · ${megabytes(bytes)} MB · ${seconds.toFixed(1)} s`
      : `${megabytes(bytes)} MB · ${(bytes / 1_048_576 / seconds).toFixed(1)} MB/s · ${seconds.toFixed(1)} s`;
  };
  try {
    const reader = sheet.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      if (format === "csv") counter.push(value);
      if (!file.write(value)) await once(file, "drain");
      if (now() - shown >= 250) {
        shown = now();
        progress.write(`\r${line()} `);
      }
    }
    file.end();
    await once(file, "finish");
  } catch (error) {
    file.destroy();
    rmSync(part, { force: true });
    throw error;
  }
  renameSync(part, flags.out);
  progress.write(`\r${line()} \n${flags.out} written (${sheet.fileName})\n`);
  return 0;
}
