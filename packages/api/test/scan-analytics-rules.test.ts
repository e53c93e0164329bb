/**
 * The pure parts of scan analytics: coarse regions, Cloudflare locations, distances between
 * provinces, the event buffer, and the clone rules (see the API README, "Scan analytics").
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_CLONE_RULE, evaluate, piecesOf, scanLimit, type VoucherFacts } from "../src/analytics/clone-rules";
import { ScanEventBuffer } from "../src/analytics/event-buffer";
import { greatCircleKm, PROVINCE_SEATS, provinceDistanceKm } from "../src/analytics/province-seats";
import { coarseRegion, regionFromCf } from "../src/analytics/scan-region";
import { PROVINCE_ISO_3166_2 } from "@shian/schemas";

const sale: VoucherFacts = { code: "1001-1-1", orgId: "org", type: "sale", quantity: null, batchQuantity: 100_000, batchUnit: "gram" };
const HOUR = "2026-05-10T02:00Z";

describe("regions", () => {
  it("keeps provinces and cities, turns counties into their city (or province) and anything else into unknown", () => {
    expect(coarseRegion("440000")).toBe("440000");
    expect(coarseRegion("440100")).toBe("440100");
    expect(coarseRegion("440106")).toBe("440100");
    expect(coarseRegion("310115")).toBe("310000"); // Shanghai's districts have no city level in the table
    for (const bad of ["", "44", "999999", "44010x", "440106 OR 1=1", undefined, null]) expect(coarseRegion(bad)).toBe("unknown");
  });

  it("reads the province of a Cloudflare location (ISO letters or GB/T digits; HK, MO, TW by country)", () => {
    expect(regionFromCf({ country: "CN", regionCode: "GD" })).toBe("440000");
    expect(regionFromCf({ country: "CN", regionCode: "CN-SH" })).toBe("310000");
    expect(regionFromCf({ country: "CN", regionCode: "44" })).toBe("440000");
    expect(regionFromCf({ country: "HK" })).toBe("810000");
    expect(regionFromCf({ country: "US", regionCode: "CA" })).toBe("unknown");
    expect(regionFromCf({ country: "CN", regionCode: "ZZ" })).toBe("unknown");
    expect(regionFromCf(undefined)).toBe("unknown");
  });

  it("has a seat for every province-level division, and measures great circles", () => {
    expect(Object.keys(PROVINCE_SEATS).sort()).toEqual(Object.keys(PROVINCE_ISO_3166_2).sort());
    // A quarter of the equator: π/2 × the mean Earth radius.
    expect(greatCircleKm({ lat: 0, lon: 0 }, { lat: 0, lon: 90 })).toBeCloseTo((Math.PI / 2) * 6371.0088, 6);
    // Beijing–Shanghai is about 1,070 km as the crow flies; Shanghai–Hangzhou about 165 km.
    expect(provinceDistanceKm("110000", "310000")).toBeGreaterThan(1040);
    expect(provinceDistanceKm("110000", "310000")).toBeLessThan(1100);
    expect(provinceDistanceKm("310000", "330100")).toBeLessThan(200);
    expect(provinceDistanceKm("unknown", "310000")).toBeUndefined();
  });
});

describe("event buffer", () => {
  it("aggregates per digits, region and hour, keeping the first and last minute only", () => {
    const buffer = new ScanEventBuffer();
    const t = Date.parse("2026-05-10T02:10:30Z");
    buffer.add("123", "440100", t);
    buffer.add("123", "440100", t + 40 * 60_000);
    buffer.add("123", "440100", t + 55 * 60_000); // 03:05, the next hour
    buffer.add("123", "310000", t);
    expect(buffer.size).toBe(4);
    expect(buffer.take()).toEqual([
      { digits: "123", region: "440100", hour: "2026-05-10T02:00Z", count: 2, firstMinute: 10, lastMinute: 50 },
      { digits: "123", region: "440100", hour: "2026-05-10T03:00Z", count: 1, firstMinute: 5, lastMinute: 5 },
      { digits: "123", region: "310000", hour: "2026-05-10T02:00Z", count: 1, firstMinute: 10, lastMinute: 10 },
    ]);
    expect(buffer.size).toBe(0);
  });

  it("matches a plain per-(digits, region, hour) aggregation for many interleaved events", () => {
    const buffer = new ScanEventBuffer();
    const reference = new Map<string, { digits: string; region: string; hour: string; count: number; firstMinute: number; lastMinute: number }>();
    const start = Date.parse("2026-05-10T01:30:00Z");
    let seed = 99;
    const next = (max: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % max;
    };
    for (let i = 0; i < 5_000; i++) {
      const digits = String(1_000 + next(40));
      const region = ["440100", "310000", "unknown"][next(3)]!;
      const at = start + next(3 * 3_600_000);
      buffer.add(digits, region, at);
      const hour = `${new Date(Math.floor(at / 3_600_000) * 3_600_000).toISOString().slice(0, 13)}:00Z`;
      const minute = new Date(at).getUTCMinutes();
      const key = `${digits}|${region}|${hour}`;
      const entry = reference.get(key);
      if (!entry) reference.set(key, { digits, region, hour, count: 1, firstMinute: minute, lastMinute: minute });
      else {
        entry.count++;
        entry.firstMinute = Math.min(entry.firstMinute, minute);
        entry.lastMinute = Math.max(entry.lastMinute, minute);
      }
    }
    expect(buffer.keys).toBe(reference.size);
    const byKey = (a: { digits: string; region: string; hour: string }, b: typeof a) => `${a.digits}|${a.region}|${a.hour}`.localeCompare(`${b.digits}|${b.region}|${b.hour}`);
    expect(buffer.take().sort(byKey)).toEqual([...reference.values()].sort(byKey));
  });

  it("puts back what a failed flush took, up to a cap", () => {
    const buffer = new ScanEventBuffer();
    buffer.restore([{ digits: "1", region: "unknown", hour: HOUR, count: 3, firstMinute: 4, lastMinute: 9 }, { digits: "2", region: "unknown", hour: HOUR, count: 1, firstMinute: 0, lastMinute: 0 }], 1);
    expect(buffer.take()).toEqual([{ digits: "1", region: "unknown", hour: HOUR, count: 3, firstMinute: 4, lastMinute: 9 }]);
  });
});

describe("clone rules", () => {
  it("allows max(minScans, scansPerPiece × pieces) scans in the window", () => {
    expect(piecesOf(sale)).toBe(1);
    expect(piecesOf({ ...sale, quantity: 12 })).toBe(12);
    expect(piecesOf({ ...sale, type: "batch", batchQuantity: 40, batchUnit: "box" })).toBe(40);
    expect(piecesOf({ ...sale, type: "batch", batchQuantity: 40_000, batchUnit: "gram" })).toBe(1);
    expect(scanLimit(DEFAULT_CLONE_RULE, sale)).toBe(20);
    expect(scanLimit(DEFAULT_CLONE_RULE, { ...sale, quantity: 12 })).toBe(60);
    const rows = (count: number, hour = HOUR) => [{ region: "440100", hour, count, firstMinute: 0, lastMinute: 1 }];
    expect(evaluate(DEFAULT_CLONE_RULE, sale, rows(20), HOUR)).toEqual([]);
    expect(evaluate(DEFAULT_CLONE_RULE, sale, rows(21), HOUR)).toMatchObject([{ reason: "over-scanned", evidence: { scans: 21, limit: 20 } }]);
    // Scans 24 hours back have left the window.
    expect(evaluate(DEFAULT_CLONE_RULE, sale, rows(21, "2026-05-09T02:00Z"), HOUR)).toEqual([]);
    expect(evaluate(DEFAULT_CLONE_RULE, sale, rows(21, "2026-05-09T03:00Z"), HOUR)).toHaveLength(1);
    // Merchant codes hang on the wall: every customer scans them.
    expect(evaluate(DEFAULT_CLONE_RULE, { ...sale, type: "merchant" }, rows(500), HOUR)).toEqual([]);
    expect(evaluate({ ...DEFAULT_CLONE_RULE, minScans: 500 }, sale, rows(500), HOUR)).toEqual([]);
  });

  it("measures the time between provinces' scans from the first and last minutes of their hours", () => {
    const shanghai = (hour: string, first: number, last: number) => ({ region: "310000", hour, count: 1, firstMinute: first, lastMinute: last });
    const urumqi = (hour: string, first: number, last: number) => ({ region: "650100", hour, count: 1, firstMinute: first, lastMinute: last });
    const reasons = (rows: ReturnType<typeof shanghai>[]) => evaluate(DEFAULT_CLONE_RULE, sale, rows, "2026-05-10T03:00Z").map((f) => f.reason);
    expect(reasons([shanghai("2026-05-10T02:00Z", 0, 0), urumqi("2026-05-10T03:00Z", 0, 0)])).toEqual(["distant-regions"]); // exactly 60 minutes
    expect(reasons([shanghai("2026-05-10T02:00Z", 0, 0), urumqi("2026-05-10T03:00Z", 1, 1)])).toEqual([]); // 61 minutes
    expect(reasons([shanghai("2026-05-10T02:00Z", 5, 50), urumqi("2026-05-10T02:00Z", 20, 20)])).toEqual(["distant-regions"]);
    expect(reasons([shanghai("2026-05-10T03:00Z", 0, 59), { region: "330100", hour: "2026-05-10T03:00Z", count: 9, firstMinute: 0, lastMinute: 0 }])).toEqual([]);
    expect(reasons([shanghai("2026-05-10T03:00Z", 0, 59), { region: "unknown", hour: "2026-05-10T03:00Z", count: 9, firstMinute: 0, lastMinute: 0 }])).toEqual([]);
  });
});
