import { createWriteStream, renameSync, rmSync } from "node:fs";
import { once } from "node:events";
import { Unzip, UnzipInflate } from "fflate";
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

/** Counts the occurrences of an ASCII pattern in a byte stream, across chunk boundaries. */
class PatternCounter {
  count = 0;
  private matched = 0;
  private readonly bytes: Uint8Array;

  constructor(pattern: string) {
    this.bytes = new TextEncoder().encode(pattern);
  }

  push(chunk: Uint8Array): void {
    const { bytes } = this;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      // The pattern's first byte occurs in it only once, so a mismatch restarts at 0 or 1.
      if (byte === bytes[this.matched]) this.matched++;
      else this.matched = byte === bytes[0] ? 1 : 0;
      if (this.matched === bytes.length) {
        this.count++;
        this.matched = 0;
      }
    }
  }
}

/**
 * Counts the data rows of an XLSX as its bytes pass: the worksheets are inflated on the fly
 * (fflate's streaming unzip) and their `</row>` ends counted, less each sheet's header row.
 */
export class XlsxRowCounter {
  private readonly rowEnds = new PatternCounter("</row>");
  private sheets = 0;
  private readonly unzip = new Unzip((file) => {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(file.name)) return;
    this.sheets++;
    file.ondata = (error, data) => {
      if (error) throw error;
      this.rowEnds.push(data);
    };
    file.start();
  });

  constructor() {
    this.unzip.register(UnzipInflate);
  }

  get records(): number {
    return Math.max(this.rowEnds.count - this.sheets, 0);
  }

  push(chunk: Uint8Array): void {
    this.unzip.push(chunk);
  }
}

const megabytes = (bytes: number) => (bytes / 1_048_576).toFixed(1);

/**
 * Streams the FSMA 204 sortable spreadsheet to a file (written to <out>.part, renamed when
 * complete), printing a progress line on stderr: rows, rows/s, megabytes and seconds, the rows
 * counted as the bytes pass (CSV records; XLSX rows in the sheets, inflated on the fly).
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
  const csv = new CsvRecordCounter();
  const xlsx = new XlsxRowCounter();
  let bytes = 0;
  let shown = 0;
  const line = () => {
    const seconds = Math.max((now() - started) / 1000, 0.001);
    const rows = format === "csv" ? Math.max(csv.records - 1, 0) : xlsx.records;
    return `${rows} rows · ${(rows / seconds).toFixed(0)} rows/s · ${megabytes(bytes)} MB · ${seconds.toFixed(1)} s`;
  };
  try {
    const reader = sheet.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      if (format === "csv") csv.push(value);
      else xlsx.push(value);
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
