import { z } from "zod";
import { provinceDistanceKm } from "./province-seats";
import { provinceOf } from "./scan-region";

/**
 * When a voucher looks copied (see the API README, "Scan analytics"):
 * - `over-scanned`: more than max(`minScans`, `scansPerPiece` × pieces) scans within the last
 *   `windowHours` hours (UTC hour buckets, the current one included). Merchant codes (一店一码,
 *   scanned by every customer at the stall) are exempt.
 * - `distant-regions`: scans in two provinces whose seats are more than `distanceKm` apart
 *   within `distanceMinutes` of each other.
 */
export const CloneRule = z
  .object({
    minScans: z.number().int().min(1).max(1_000_000),
    scansPerPiece: z.number().min(0).max(10_000),
    windowHours: z.number().int().min(1).max(24 * 31),
    distanceKm: z.number().min(1).max(10_000),
    distanceMinutes: z.number().int().min(1).max(24 * 60),
  })
  .strict();
export type CloneRule = z.infer<typeof CloneRule>;

export const DEFAULT_CLONE_RULE: CloneRule = { minScans: 20, scansPerPiece: 5, windowHours: 24, distanceKm: 500, distanceMinutes: 60 };

export const FLAG_REASONS = ["over-scanned", "distant-regions"] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

/** Units counted in whole items: a quantity in one of these is a number of pieces a scan may stand for. */
const COUNTED_UNITS = new Set(["piece", "head", "bag", "box", "bottle", "basket"]);

export interface VoucherFacts {
  code: string;
  orgId: string;
  type: string;
  /** `claims.quantity` of the voucher, when it carries one. */
  quantity: number | null;
  batchQuantity: number | null;
  batchUnit: string | null;
}

/**
 * How many items one voucher stands for: its own `quantity` claim; else, for a batch voucher of
 * goods counted in items (boxes, bottles, …), the batch's quantity; else one (a sale voucher of
 * weighed goods is one package).
 */
export function piecesOf(voucher: VoucherFacts): number {
  if (voucher.quantity !== null && voucher.quantity > 0) return voucher.quantity;
  if (voucher.type === "batch" && voucher.batchUnit && COUNTED_UNITS.has(voucher.batchUnit) && voucher.batchQuantity) return voucher.batchQuantity;
  return 1;
}

export const scanLimit = (rule: CloneRule, voucher: VoucherFacts) => Math.max(rule.minScans, Math.ceil(rule.scansPerPiece * piecesOf(voucher)));

/** One counter row of a voucher: scans in a region within one UTC hour. */
export interface CountRow {
  region: string;
  /** `YYYY-MM-DDTHH:00Z` */
  hour: string;
  count: number;
  firstMinute: number;
  lastMinute: number;
}

export interface Flag {
  reason: FlagReason;
  regions: string[];
  evidence: Record<string, unknown>;
}

/**
 * The rules a voucher breaks, given its counter rows (stored and new, merged) and the current
 * hour. Rows older than the window are ignored. Each hour row's scans lie within
 * [firstMinute, lastMinute] of that hour, so two rows' scans come within `distanceMinutes` of
 * each other exactly when the gap between their intervals does (an hour row spans < 60 min).
 */
export function evaluate(rule: CloneRule, voucher: VoucherFacts, rows: CountRow[], nowHour: string): Flag[] {
  const flags: Flag[] = [];
  const nowMs = Date.parse(nowHour);
  const windowStart = nowMs - (rule.windowHours - 1) * 3_600_000;
  if (voucher.type !== "merchant") {
    let scans = 0;
    const regions = new Set<string>();
    for (const row of rows) {
      if (Date.parse(row.hour) < windowStart) continue;
      scans += row.count;
      regions.add(row.region);
    }
    const limit = scanLimit(rule, voucher);
    if (scans > limit) flags.push({ reason: "over-scanned", regions: [...regions].sort(), evidence: { scans, limit, pieces: piecesOf(voucher), windowHours: rule.windowHours } });
  }
  const distantStart = nowMs - (Math.ceil(rule.distanceMinutes / 60) + 1) * 3_600_000;
  const intervals: Array<{ province: string; region: string; start: number; end: number; count: number }> = [];
  for (const row of rows) {
    const province = provinceOf(row.region);
    const hourMs = Date.parse(row.hour);
    if (!province || hourMs < distantStart) continue;
    const base = hourMs / 60_000;
    intervals.push({ province, region: row.region, start: base + row.firstMinute, end: base + row.lastMinute, count: row.count });
  }
  let worst: { a: (typeof intervals)[number]; b: (typeof intervals)[number]; km: number; gap: number } | undefined;
  for (let i = 0; i < intervals.length; i++) {
    for (let j = i + 1; j < intervals.length; j++) {
      const a = intervals[i]!;
      const b = intervals[j]!;
      if (a.province === b.province) continue;
      const gap = Math.max(0, b.start - a.end, a.start - b.end);
      if (gap > rule.distanceMinutes) continue;
      const km = provinceDistanceKm(a.province, b.province);
      if (km === undefined || km <= rule.distanceKm) continue;
      if (!worst || km > worst.km) worst = { a, b, km, gap };
    }
  }
  if (worst) {
    const regions = [worst.a.region, worst.b.region].sort();
    flags.push({
      reason: "distant-regions",
      regions,
      evidence: { regions, distanceKm: Math.round(worst.km), minutesApart: worst.gap, scans: worst.a.count + worst.b.count, limitKm: rule.distanceKm, withinMinutes: rule.distanceMinutes },
    });
  }
  return flags;
}
