import type { AnalyticsFlush, KnownVoucherFacts } from "./count-writer";
import type { BufferedCount } from "./event-buffer";

/**
 * A flush as it crosses to the writer thread: columns instead of one object per counter.
 * Structured clone writes every object with its property names; here the strings travel
 * joined (digits and hours never contain a newline, regions are codes or `unknown`) and the
 * numbers in one transferred buffer, which costs the request thread a fraction of it.
 */
export interface PackedFlush {
  at: number;
  digits: string;
  regions: string;
  hours: string;
  /** count, firstMinute, lastMinute per counter. */
  numbers: Int32Array<ArrayBuffer>;
  /** The known facts as JSON: [count index, code, orgId, type, quantity, batchCode] per voucher. */
  known: string;
}

type KnownTuple = [number, string, string, string, number | null, string | null];

export function packFlush(flush: AnalyticsFlush): PackedFlush {
  const n = flush.counts.length;
  const digits = new Array<string>(n);
  const regions = new Array<string>(n);
  const hours = new Array<string>(n);
  const numbers = new Int32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const count = flush.counts[i]!;
    digits[i] = count.digits;
    regions[i] = count.region;
    hours[i] = count.hour;
    numbers[i * 3] = count.count;
    numbers[i * 3 + 1] = count.firstMinute;
    numbers[i * 3 + 2] = count.lastMinute;
  }
  const known = flush.known.map(([index, f]): KnownTuple => [index, f.code, f.orgId, f.type, f.quantity, f.batchCode]);
  return { at: flush.at, digits: digits.join("\n"), regions: regions.join("\n"), hours: hours.join("\n"), numbers, known: JSON.stringify(known) };
}

export function unpackFlush(packed: PackedFlush): AnalyticsFlush {
  const n = packed.numbers.length / 3;
  const counts: BufferedCount[] = new Array(n);
  if (n > 0) {
    const digits = packed.digits.split("\n");
    const regions = packed.regions.split("\n");
    const hours = packed.hours.split("\n");
    const numbers = packed.numbers;
    for (let i = 0; i < n; i++) {
      counts[i] = { digits: digits[i]!, region: regions[i]!, hour: hours[i]!, count: numbers[i * 3]!, firstMinute: numbers[i * 3 + 1]!, lastMinute: numbers[i * 3 + 2]! };
    }
  }
  const known = (JSON.parse(packed.known) as KnownTuple[]).map(([index, code, orgId, type, quantity, batchCode]): [number, KnownVoucherFacts] => [index, { code, orgId, type, quantity, batchCode }]);
  return { at: packed.at, counts, known };
}
