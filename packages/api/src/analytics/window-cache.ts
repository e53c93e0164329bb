import type { CountRow } from "./clone-rules";
import { trimOldest } from "../lib/bounded-map";

/**
 * Each voucher's counter rows within the clone rules' look-back, as this process last read them
 * from the database plus what it wrote since, so a flush reads a voucher's stored rows at most
 * once per `refreshMs`. Counts in the database stay exact; only the clone evaluation may miss
 * another process's scans of a voucher for up to `refreshMs` (until the next read). Bounded:
 * the least recently used voucher is dropped first.
 */
export class WindowCache {
  private readonly entries = new Map<string, { readAt: number; rows: CountRow[] }>();

  constructor(private readonly options: { maxVouchers: number; refreshMs: number }) {}

  get size(): number {
    return this.entries.size;
  }

  /** The voucher's rows at or after `since` (an hour, `YYYY-MM-DDTHH:00Z`) if read within `refreshMs` of `at`, else undefined. */
  fresh(code: string, at: number, since: string): { readAt: number; rows: CountRow[] } | undefined {
    const entry = this.entries.get(code);
    if (!entry) return undefined;
    if (at - entry.readAt >= this.options.refreshMs || at < entry.readAt) {
      this.entries.delete(code);
      return undefined;
    }
    this.entries.delete(code);
    this.entries.set(code, entry);
    return { readAt: entry.readAt, rows: entry.rows.filter((row) => row.hour >= since) };
  }

  /** Stores a voucher's rows (stored and written) as of a read at `readAt`. */
  set(code: string, rows: CountRow[], readAt: number): void {
    if (this.options.maxVouchers <= 0 || this.options.refreshMs <= 0) return;
    this.entries.delete(code);
    this.entries.set(code, { readAt, rows });
    trimOldest(this.entries, this.options.maxVouchers);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** `rows` with `fresh` added in: counts summed and minute ranges widened for the same region and hour. New objects; the inputs are not changed. */
export function mergeRows(rows: CountRow[], fresh: CountRow[]): CountRow[] {
  const out = rows.map((row) => ({ ...row }));
  for (const add of fresh) {
    const same = out.find((row) => row.region === add.region && row.hour === add.hour);
    if (same) {
      same.count += add.count;
      if (add.firstMinute < same.firstMinute) same.firstMinute = add.firstMinute;
      if (add.lastMinute > same.lastMinute) same.lastMinute = add.lastMinute;
    } else out.push({ ...add });
  }
  return out;
}
