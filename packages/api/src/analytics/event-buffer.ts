import { HOUR_MS, utcHour } from "./utc-hour";

/** Scans of one voucher URL in one region and UTC hour, with the first and last minute seen. */
export interface BufferedCount {
  digits: string;
  region: string;
  /** UTC hour, `YYYY-MM-DDTHH:00Z`. */
  hour: string;
  count: number;
  firstMinute: number;
  lastMinute: number;
}

/** One voucher's counter for a region and hour; a voucher's counters form a short list. */
interface Counter {
  region: string;
  hourMs: number;
  count: number;
  firstMinute: number;
  lastMinute: number;
  next: Counter | undefined;
}

/**
 * Scan events aggregated in memory as they come: one counter per (voucher digits, region, hour).
 * Only the minute of the hour is kept of an event's time; nothing else about the scanner. This
 * runs on every scan, so counters are found by the digits string itself (whose hash the scan
 * has already computed) and the hour is written as text only when the counters are taken.
 */
export class ScanEventBuffer {
  private counts = new Map<string, Counter>();
  private counters = 0;
  private events = 0;
  private oldest = 0;

  /** Events added since the last `take`. */
  get size(): number {
    return this.events;
  }

  /** Epoch ms of the oldest event not yet taken (0 when empty). */
  get oldestAt(): number {
    return this.oldest;
  }

  /** Distinct counters held. */
  get keys(): number {
    return this.counters;
  }

  add(digits: string, region: string, atMs: number, count = 1): void {
    const hourMs = Math.floor(atMs / HOUR_MS) * HOUR_MS;
    const minute = Math.floor((atMs - hourMs) / 60_000);
    let counter = this.counts.get(digits);
    let last: Counter | undefined;
    while (counter && (counter.hourMs !== hourMs || counter.region !== region)) {
      last = counter;
      counter = counter.next;
    }
    if (counter) {
      counter.count += count;
      if (minute < counter.firstMinute) counter.firstMinute = minute;
      if (minute > counter.lastMinute) counter.lastMinute = minute;
    } else {
      const fresh: Counter = { region, hourMs, count, firstMinute: minute, lastMinute: minute, next: undefined };
      if (last) last.next = fresh;
      else this.counts.set(digits, fresh);
      this.counters++;
    }
    if (this.events === 0) this.oldest = atMs;
    this.events += count;
  }

  /** Puts counters back (a failed flush), keeping at most `maxKeys` counters in all. */
  restore(entries: BufferedCount[], maxKeys: number): void {
    for (const entry of entries) {
      if (this.counters >= maxKeys) break;
      const hourMs = Date.parse(entry.hour);
      this.add(entry.digits, entry.region, hourMs + entry.firstMinute * 60_000, entry.count);
      if (entry.lastMinute !== entry.firstMinute) this.add(entry.digits, entry.region, hourMs + entry.lastMinute * 60_000, 0);
    }
  }

  /** Everything buffered, emptying the buffer. */
  take(): BufferedCount[] {
    const taken: BufferedCount[] = [];
    let hourMs = Number.NaN;
    let hour = "";
    for (const [digits, first] of this.counts) {
      for (let counter: Counter | undefined = first; counter; counter = counter.next) {
        if (counter.hourMs !== hourMs) hour = utcHour((hourMs = counter.hourMs));
        taken.push({ digits, region: counter.region, hour, count: counter.count, firstMinute: counter.firstMinute, lastMinute: counter.lastMinute });
      }
    }
    this.counts = new Map();
    this.counters = 0;
    this.events = 0;
    this.oldest = 0;
    return taken;
  }
}
