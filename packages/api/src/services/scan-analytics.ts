import type { Database } from "../db/database";
import { type BufferedCount, ScanEventBuffer } from "../analytics/event-buffer";
import type { CloneRule } from "../analytics/clone-rules";
import { type AnalyticsFlush, type AnalyticsWriter, CountWriter, type KnownVoucherFacts } from "../analytics/count-writer";
import { coarseRegion } from "../analytics/scan-region";
import type { VoucherRow } from "./vouchers";

export { FLAG_REFRESH_MS, WINDOW_REFRESH_MS } from "../analytics/count-writer";

/** The parts of a voucher row the clone rules use, which never change once issued. */
export type KnownVoucher = Pick<VoucherRow, "code" | "orgId" | "type" | "claims" | "batchCode">;

export interface ScanAnalyticsOptions {
  /** Flush when this many events are buffered. */
  flushEvents: number;
  /** Flush when the oldest buffered event is this old (checked as events arrive, and by the Node entry's timer). */
  flushMs: number;
  rule: CloneRule;
  /**
   * A voucher's stored counter rows are read again for the clone rules at most this often
   * (default WINDOW_REFRESH_MS); in between, the rows the writer read and wrote are used.
   * 0 reads them on every flush. Only used when the service makes its own writer from a database.
   */
  windowRefreshMs?: number;
}

/** Counters kept in memory at most, should flushes keep failing (older failed counts are dropped). */
const MAX_BUFFERED_KEYS = 200_000;

/**
 * Scan analytics, the request thread's side: scans are recorded in memory (no await, no I/O on
 * the scan path) and handed, one flush at a time, to an AnalyticsWriter that writes them as
 * aggregated counters — one upsert per (voucher, region, hour) — together with the clone flags
 * they raise. The writer runs in this thread (CountWriter) or in a worker thread with its own
 * connection (ThreadedCountWriter, the Node entry on a database file). Writes use the database
 * without the scan cache's write notification: counters never change what a scan answers.
 */
export class ScanAnalyticsService {
  private readonly buffer = new ScanEventBuffer();
  private readonly writer: AnalyticsWriter;
  private flushing: Promise<void> = Promise.resolve();
  /** Flushes handed to `writeLater` and not yet written. */
  private held = 0;

  constructor(
    /** A database (the service writes in this thread) or a writer. */
    storage: Database | AnalyticsWriter,
    private readonly options: ScanAnalyticsOptions,
    private readonly now: () => Date,
    /** Voucher rows this process already holds (the scan cache's), so their facts need no query. */
    private readonly knownRow: (digits: string) => KnownVoucher | undefined = () => undefined,
  ) {
    this.writer = isWriter(storage) ? storage : new CountWriter(storage, { rule: options.rule, ...(options.windowRefreshMs !== undefined ? { windowRefreshMs: options.windowRefreshMs } : {}) });
  }

  get rule(): CloneRule {
    return this.options.rule;
  }

  /** Events waiting for the next flush. */
  get pending(): number {
    return this.buffer.size;
  }

  /**
   * Counts one scan of the voucher URL `digits` in `region` (any GB/T 2260 code, made coarse
   * here; anything else counts as `unknown`). Returns the flush it started when the buffer was
   * due, for the caller to hand to `waitUntil` (Workers) or leave running (Node); else undefined.
   */
  record(digits: string, region: string | undefined): Promise<void> | undefined {
    const at = this.now().getTime();
    this.buffer.add(digits, coarseRegion(region), at);
    if (this.buffer.size >= this.options.flushEvents || at - this.buffer.oldestAt >= this.options.flushMs) return this.send(true);
    return undefined;
  }

  /**
   * Writes what is buffered, and what the writer holds; resolves when all of it is written.
   * Never rejects (a failure is logged and the counts kept for the next flush).
   */
  flush(): Promise<void> {
    return this.send(false);
  }

  /**
   * Hands what is buffered to the writer. A writer with `writeLater` (the thread) takes a flush
   * due by size or age at once and may hold it to commit with the next ones; otherwise flushes
   * run one after another.
   */
  private send(later: boolean): Promise<void> {
    const taken = this.buffer.take();
    const holds = this.writer.writeLater !== undefined;
    // Nothing buffered: nothing to send, unless flush() has to make the writer commit what it holds.
    if (taken.length === 0 && (later || !holds || this.held === 0)) return this.flushing;
    const failed = (error: unknown) => {
      if (taken.length === 0) return; // a flush that only asked the writer to commit what it holds: those report it
      console.error("scan analytics flush failed; counts kept for the next flush", error);
      this.buffer.restore(taken, MAX_BUFFERED_KEYS);
    };
    if (!holds) {
      this.flushing = this.flushing.then(() => this.writer.write(this.flushOf(taken)).catch(failed));
      return this.flushing;
    }
    // Sent now, written in order by the writer; `flushing` settles once every flush sent so far has.
    const flush = this.flushOf(taken);
    const written = later ? this.writeHeld(flush) : this.writer.write(flush);
    this.flushing = Promise.all([this.flushing, written.catch(failed)]).then(() => undefined);
    return this.flushing;
  }

  /** A flush the writer may hold (see AnalyticsWriter.writeLater), counted in `held` until it is written. */
  private writeHeld(flush: AnalyticsFlush): Promise<void> {
    this.held++;
    return this.writer.writeLater!(flush).finally(() => this.held--);
  }

  /** Flushes what is buffered, waits for it, then releases the writer (the Node entry's shutdown). */
  async close(): Promise<void> {
    await this.flush();
    await this.writer.close();
  }

  /** The flush as plain data: the counters, their time, and the facts of the vouchers the scan cache holds. */
  private flushOf(counts: BufferedCount[]): AnalyticsFlush {
    const known: Array<[number, KnownVoucherFacts]> = [];
    const seen = new Set<string>();
    for (let index = 0; index < counts.length; index++) {
      const { digits } = counts[index]!;
      if (seen.has(digits)) continue;
      seen.add(digits);
      const row = this.knownRow(digits);
      if (!row) continue;
      const quantity = (row.claims as { quantity?: unknown }).quantity;
      // As json_extract(claims, '$.quantity') reads it: a number, else none.
      known.push([index, { code: row.code, orgId: row.orgId, type: row.type, quantity: typeof quantity === "number" ? quantity : null, batchCode: row.batchCode ?? null }]);
    }
    return { at: this.now().getTime(), counts, known };
  }
}

function isWriter(storage: Database | AnalyticsWriter): storage is AnalyticsWriter {
  return typeof (storage as Partial<AnalyticsWriter>).write === "function" && typeof (storage as Partial<AnalyticsWriter>).close === "function";
}
