import type { AnalyticsFlush, KnownVoucherFacts } from "./count-writer";
import type { BufferedCount } from "./event-buffer";

/**
 * Flushes held by the writer thread to be written in one transaction: their counters one after
 * another, the known facts of their vouchers, and the time of the latest. Counters of the same
 * voucher, region and hour from two flushes stay two entries: the writer's upsert adds the
 * second to the first, and its window merge does the same for the clone rules.
 */
export class HeldFlushes {
  readonly ids: number[] = [];
  private counts: BufferedCount[] = [];
  private known: Array<[count: number, facts: KnownVoucherFacts]> = [];
  private at = 0;

  /** Counters held. */
  get counters(): number {
    return this.counts.length;
  }

  add(id: number, flush: AnalyticsFlush): void {
    this.ids.push(id);
    const offset = this.counts.length;
    if (offset === 0) {
      this.counts = flush.counts;
      this.known = flush.known;
    } else {
      for (const count of flush.counts) this.counts.push(count);
      for (const [index, facts] of flush.known) this.known.push([index + offset, facts]);
    }
    if (flush.at > this.at) this.at = flush.at;
  }

  merged(): AnalyticsFlush {
    return { at: this.at, counts: this.counts, known: this.known };
  }
}
