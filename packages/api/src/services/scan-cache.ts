import type { VoucherRow } from "./vouchers";
import { trimOldest } from "../lib/bounded-map";

/** The two counters a scan answer depends on besides the voucher row itself. */
export interface ScanVersions {
  statusEpoch: number;
  trustVersion: number;
}

/**
 * Keeps scan lookups off the database. Voucher rows are cached with the status epoch they
 * were read at and served only while that epoch is still current. The current epoch is
 * trusted for `freshnessMs` after it was read, and forgotten at once when this process
 * commits a write, so a recall made here shows on the next scan; a recall made by another
 * process sharing the database shows within `freshnessMs`.
 */
export class ScanCache {
  private observed: (ScanVersions & { at: number }) | undefined;
  private invalidated = true;
  private writes = 0;
  private readonly rows = new Map<string, { epoch: number; row: VoucherRow; used: number }>();
  /** Counts insertions and moves to the back of `rows`: an entry's `used` is its place in that order. */
  private uses = 0;

  constructor(
    private readonly options: { maxEntries: number; freshnessMs: number },
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** The versions to trust now, or undefined when they must be read again. */
  current(): ScanVersions | undefined {
    const seen = this.observed;
    if (!seen || this.invalidated || this.clock() - seen.at >= this.options.freshnessMs) return undefined;
    return seen;
  }

  /** How many writes this process has committed: take it before reading the versions, pass it to `observe`. */
  generation(): number {
    return this.writes;
  }

  /**
   * Records versions just read from the database. With `since` (the `generation()` taken
   * before the read), versions read while a local write committed are remembered but not
   * trusted: the next scan reads them again.
   */
  observe(versions: ScanVersions, since?: number): void {
    this.observed = { ...versions, at: this.clock() };
    this.invalidated = since !== undefined && since !== this.writes;
  }

  /** The last status epoch read, fresh or not: what a writer tags the rows it stores with. */
  lastSeenEpoch(): number | undefined {
    return this.observed?.statusEpoch;
  }

  /** Called after every committed write of this process. */
  invalidate(): void {
    this.invalidated = true;
    this.writes++;
  }

  /**
   * A cached row, if it was read or written at the given epoch. Least recently used rows are
   * evicted first, but a row used within the last maxEntries / 2 insertions or moves is not
   * moved again: a hit then costs one map lookup.
   */
  row(digits: string, statusEpoch: number): VoucherRow | undefined {
    const entry = this.rows.get(digits);
    if (!entry || entry.epoch !== statusEpoch) return undefined;
    if (this.uses - entry.used > this.options.maxEntries / 2) {
      this.rows.delete(digits);
      entry.used = this.uses++;
      this.rows.set(digits, entry);
    }
    return entry.row;
  }

  /** A cached row whatever its epoch, without touching its recency: for what never changes once issued (code, issuer, type, claims, batch). */
  peek(digits: string): VoucherRow | undefined {
    return this.rows.get(digits)?.row;
  }

  /**
   * Remembers a row as of an epoch. Writers pass `lastSeenEpoch()` taken before their write;
   * if that was already out of date the entry never matches and the row is read again.
   */
  remember(row: VoucherRow, statusEpoch: number | undefined): void {
    if (statusEpoch === undefined || this.options.maxEntries <= 0) return;
    this.rows.delete(row.digits);
    this.rows.set(row.digits, { epoch: statusEpoch, row, used: this.uses++ });
    trimOldest(this.rows, this.options.maxEntries);
  }
}
