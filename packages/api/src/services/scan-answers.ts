import type { ScanCache, ScanVersions } from "./scan-cache";
import type { ScanVariant } from "./response-cache";
import { trimOldest } from "../lib/bounded-map";

const UTF8 = new TextEncoder();

/** A finished scan answer: the body as UTF-8 bytes (the headers are the route's, fixed per representation). */
export interface ScanAnswer {
  body: Uint8Array<ArrayBuffer>;
}

/**
 * Finished scan answers (JSON, and the HTML page per locale) kept in this process: a bounded
 * LRU keyed by the exact voucher digits and the representation, all stamped with one status
 * epoch and trust bundle version. An answer is served only while the scan cache trusts the
 * versions it was made at (`ScanCache.current()`: read within `scanFreshnessMs`, and never after
 * a write of this process until they are read again), and everything is dropped when the
 * versions move — so a recall, suspension or key change made through this process shows on the
 * next scan, one made by another process within `scanFreshnessMs`, as for the scan cache itself.
 * Answers also expire `maxAgeMs` after they were made (the answer's `verification.at`, and an
 * expiry time a voucher may carry, are at most that old).
 *
 * Most vouchers are scanned once, so answers about a voucher are kept only from its second scan
 * (in any representation) within the last one to two `maxEntries` scans that were not answered
 * from here: scans of many different vouchers cost a set lookup instead of filling the cache
 * with answers nobody asks for again. Everything is keyed by the digits string itself (one map
 * per representation), so its hash is computed once per request.
 */
export class ScanAnswerCache {
  private stamp: ScanVersions | undefined;
  private readonly entries = new Map<ScanVariant, Map<string, { answer: ScanAnswer; madeAt: number }>>();
  private served = 0;
  /** Digits offered once (as `offerId`), in two generations of at most `maxEntries` each. */
  private offers = new Set<number>();
  private olderOffers = new Set<number>();

  constructor(
    private readonly options: { maxEntries: number; maxAgeMs: number },
    private readonly versions: ScanCache,
    private readonly now: () => Date,
  ) {}

  get enabled(): boolean {
    return this.options.maxEntries > 0 && this.options.maxAgeMs > 0;
  }

  /** Answers served from this cache so far. */
  get hits(): number {
    return this.served;
  }

  /** Answers held, all representations together. */
  get size(): number {
    let size = 0;
    for (const answers of this.entries.values()) size += answers.size;
    return size;
  }

  /** The stored answer for exactly these digits and this representation, if made at the versions trusted now and not too old. */
  get(digits: string, variant: ScanVariant): ScanAnswer | undefined {
    if (!this.enabled || !this.current()) return undefined;
    const answers = this.entries.get(variant);
    const entry = answers?.get(digits);
    if (!entry) return undefined;
    const age = this.now().getTime() - entry.madeAt;
    answers!.delete(digits);
    if (age < 0 || age >= this.options.maxAgeMs) return undefined;
    answers!.set(digits, entry);
    this.served++;
    return entry.answer;
  }

  /**
   * Stores an answer made at `madeWith` (the versions its scan was resolved at) and `madeAt`
   * (epoch ms). Ignored unless those are still the versions trusted now (a write committed
   * meanwhile, or versions read since, leave it out), and on a voucher's first scan.
   */
  put(digits: string, variant: ScanVariant, madeWith: ScanVersions, madeAt: number, body: string): void {
    if (!this.enabled) return;
    const current = this.current();
    if (!current || current.statusEpoch !== madeWith.statusEpoch || current.trustVersion !== madeWith.trustVersion) return;
    if (!this.seenBefore(digits)) return;
    let answers = this.entries.get(variant);
    if (!answers) this.entries.set(variant, (answers = new Map()));
    answers.delete(digits);
    // Kept as UTF-8 bytes: outside the JS heap, so kept answers do not weigh on the young generation.
    answers.set(digits, { answer: { body: UTF8.encode(body) as Uint8Array<ArrayBuffer> }, madeAt });
    trimOldest(answers, this.options.maxEntries);
  }

  /** Whether `digits` were offered before (recently); remembers them if not. */
  private seenBefore(digits: string): boolean {
    const id = offerId(digits);
    if (this.offers.has(id) || this.olderOffers.has(id)) return true;
    if (this.offers.size >= this.options.maxEntries) {
      this.olderOffers = this.offers;
      this.offers = new Set();
    }
    this.offers.add(id);
    return false;
  }

  /** The versions trusted now, dropping every entry when they differ from the ones the entries were made at. */
  private current(): ScanVersions | undefined {
    const current = this.versions.current();
    if (!current) return undefined;
    const stamp = this.stamp;
    if (!stamp || stamp.statusEpoch !== current.statusEpoch || stamp.trustVersion !== current.trustVersion) {
      this.entries.clear();
      this.stamp = { statusEpoch: current.statusEpoch, trustVersion: current.trustVersion };
    }
    return current;
  }
}

/**
 * What the offer sets remember of a voucher's digits: their last 9 digits as a small integer
 * (they encode the end of the signature, so they differ between vouchers), to keep no string
 * or number object per scan alive. Two vouchers sharing them would only let an answer be kept
 * one scan early.
 */
function offerId(digits: string): number {
  return Number(digits.length > 9 ? digits.slice(-9) : digits);
}
