import { describe, expect, it } from "vitest";
import type { AnalyticsFlush } from "../src/analytics/count-writer";
import { packFlush, unpackFlush } from "../src/analytics/flush-wire";

// The writer thread's wire form of a flush: columns that must come back as the same flush.
describe("flush wire form", () => {
  const flush: AnalyticsFlush = {
    at: Date.parse("2026-05-10T02:30:00Z"),
    counts: [
      { digits: "70000000001", region: "440100", hour: "2026-05-10T02:00Z", count: 3, firstMinute: 5, lastMinute: 29 },
      { digits: "70000000001", region: "unknown", hour: "2026-05-10T01:00Z", count: 1, firstMinute: 59, lastMinute: 59 },
      { digits: "70000000002", region: "110000", hour: "2026-05-10T02:00Z", count: 2_000_000, firstMinute: 0, lastMinute: 0 },
    ],
    known: [
      [0, { code: "9101-1-1", orgId: "org-a", type: "sale", quantity: 10, batchCode: "9101-1-9" }],
      [2, { code: "9101-1-2", orgId: "org-a", type: "custodial", quantity: null, batchCode: null }],
    ],
  };

  it("unpacks to the flush it was packed from", () => {
    const packed = packFlush(flush);
    expect(unpackFlush(structuredClone(packed, { transfer: [packed.numbers.buffer] }))).toEqual(flush);
  });

  it("carries the strings joined and the numbers in one buffer (no object per counter)", () => {
    const packed = packFlush(flush);
    expect(packed.digits).toBe("70000000001\n70000000001\n70000000002");
    expect(packed.regions).toBe("440100\nunknown\n110000");
    expect([...packed.numbers]).toEqual([3, 5, 29, 1, 59, 59, 2_000_000, 0, 0]);
  });

  it("handles an empty flush", () => {
    const empty: AnalyticsFlush = { at: 1, counts: [], known: [] };
    expect(unpackFlush(packFlush(empty))).toEqual(empty);
  });
});
