import type { AnalyticsFlush, KnownVoucherFacts } from "./count-writer";
import { ScanEventBuffer } from "./event-buffer";

/**
 * Flushes held by the writer thread to be written in one transaction: their counters merged
 * (one per voucher, region and hour, as if they had been one flush), the known facts of each
 * voucher once, and the time of the latest.
 */
export class HeldFlushes {
  readonly ids: number[] = [];
  private readonly buffer = new ScanEventBuffer();
  private readonly known = new Map<string, KnownVoucherFacts>();
  private at = 0;

  /** Distinct counters held. */
  get counters(): number {
    return this.buffer.keys;
  }

  add(id: number, flush: AnalyticsFlush): void {
    this.ids.push(id);
    this.buffer.restore(flush.counts, Number.POSITIVE_INFINITY);
    for (const [index, facts] of flush.known) this.known.set(flush.counts[index]!.digits, facts);
    if (flush.at > this.at) this.at = flush.at;
  }

  merged(): AnalyticsFlush {
    const counts = this.buffer.take();
    const known: AnalyticsFlush["known"] = [];
    for (let index = 0; index < counts.length; index++) {
      const { digits } = counts[index]!;
      const facts = this.known.get(digits);
      if (facts) {
        this.known.delete(digits); // once per voucher
        known.push([index, facts]);
      }
    }
    return { at: this.at, counts, known };
  }
}
