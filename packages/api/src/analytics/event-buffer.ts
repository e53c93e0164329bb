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


/**
 * Scan events aggregated in memory as they come: one counter per (voucher digits, region, hour).
 * Only the minute of the hour is kept of an event's time; nothing else about the scanner.
 */
export class ScanEventBuffer {
  private counts = new Map<string, BufferedCount>();
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
    return this.counts.size;
  }

  add(digits: string, region: string, atMs: number, count = 1): void {
    const hourMs = Math.floor(atMs / HOUR_MS) * HOUR_MS;
    const minute = Math.floor((atMs - hourMs) / 60_000);
    const key = `${digits}|${region}|${hourMs}`;
    const entry = this.counts.get(key);
    if (entry) {
      entry.count += count;
      if (minute < entry.firstMinute) entry.firstMinute = minute;
      if (minute > entry.lastMinute) entry.lastMinute = minute;
    } else this.counts.set(key, { digits, region, hour: utcHour(atMs), count, firstMinute: minute, lastMinute: minute });
    if (this.events === 0) this.oldest = atMs;
    this.events += count;
  }

  /** Puts counters back (a failed flush), keeping at most `maxKeys` counters in all. */
  restore(entries: BufferedCount[], maxKeys: number): void {
    for (const entry of entries) {
      if (this.counts.size >= maxKeys) break;
      const hourMs = Date.parse(entry.hour);
      this.add(entry.digits, entry.region, hourMs + entry.firstMinute * 60_000, entry.count);
      if (entry.lastMinute !== entry.firstMinute) this.add(entry.digits, entry.region, hourMs + entry.lastMinute * 60_000, 0);
    }
  }

  /** Everything buffered, emptying the buffer. */
  take(): BufferedCount[] {
    const taken = [...this.counts.values()];
    this.counts = new Map();
    this.events = 0;
    this.oldest = 0;
    return taken;
  }
}
