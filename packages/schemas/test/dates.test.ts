import { describe, expect, it } from "vitest";
import { addDays, addMonths, dateAtOffset, daysBetween } from "../src/internal/dates";
import { IsoDate, IsoDateTime } from "../src/primitives";

describe("internal date arithmetic (UTC, time-zone independent)", () => {
  it("adds months with end-of-month clamping", () => {
    expect(addMonths("2026-08-31", 6)).toBe("2027-02-28");
    expect(addMonths("2027-08-31", 6)).toBe("2028-02-29");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2026-03-15", -3)).toBe("2025-12-15");
    expect(addMonths("2024-02-29", 24)).toBe("2026-02-28");
  });

  it("adds days across leap days and counts days between", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(daysBetween("2026-01-01", "2027-01-01")).toBe(365);
    expect(daysBetween("2026-01-02", "2026-01-01")).toBe(-1);
  });

  it("reads the calendar date in a fixed offset", () => {
    expect(dateAtOffset(new Date("2026-06-30T15:59:59Z"), 480)).toBe("2026-06-30");
    expect(dateAtOffset(new Date("2026-06-30T16:00:00Z"), 480)).toBe("2026-07-01");
  });

  it("throws on a malformed date", () => {
    expect(() => addDays("2026/03/01", 1)).toThrow(RangeError);
  });
});

describe("date schemas", () => {
  it("IsoDate accepts real dates only", () => {
    expect(IsoDate.safeParse("2028-02-29").success).toBe(true);
    expect(IsoDate.safeParse("2026-02-29").success).toBe(false);
    expect(IsoDate.safeParse("2026-3-1").error?.issues[0]?.message).toBe("expected a date as YYYY-MM-DD");
  });

  it("IsoDateTime needs an offset or Z", () => {
    expect(IsoDateTime.safeParse("2026-03-01T08:30:00+08:00").success).toBe(true);
    expect(IsoDateTime.safeParse("2026-03-01T00:30:00Z").success).toBe(true);
    expect(IsoDateTime.safeParse("2026-03-01T08:30:00").success).toBe(false);
  });
});
