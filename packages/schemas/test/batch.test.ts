import { describe, expect, it } from "vitest";
import { Batch, ItemStatus, checkSplit, itemStatuses } from "../src/batch";
import { formatTraceCode } from "../src/identifiers/trace-code";

const code = formatTraceCode({ namespace: 4401, serial: 1001 });
const parent = formatTraceCode({ namespace: 4401, serial: 1000 });

const batch = {
  code,
  product: { name: "青菜", category: "vegetable", unit: "gram" },
  holderId: "wholesaler-7",
  originRegion: "440607",
  quantity: 500_000,
  unit: "gram",
  productionDate: "2026-03-01",
  arrivalDate: "2026-03-02",
  parentCode: parent,
};

describe("ItemStatus", () => {
  it("has the SDK status-list order valid, suspended, revoked, recalled", () => {
    expect(itemStatuses.values).toEqual(["valid", "suspended", "revoked", "recalled"]);
    expect(ItemStatus.options).toEqual(["valid", "suspended", "revoked", "recalled"]);
    expect(itemStatuses.labels.recalled["zh-CN"]).toBe("已召回");
  });
});

describe("Batch", () => {
  it("parses with defaults (status valid, no certificates)", () => {
    const parsed = Batch.parse(batch);
    expect(parsed.status).toBe("valid");
    expect(parsed.certificateRefs).toEqual([]);
  });

  it("rejects its own code as parent", () => {
    const result = Batch.safeParse({ ...batch, parentCode: code });
    expect(result.error?.issues[0]).toMatchObject({ path: ["parentCode"], message: "a batch cannot be its own parent" });
  });

  it("rejects arrival before production", () => {
    const result = Batch.safeParse({ ...batch, arrivalDate: "2026-02-28" });
    expect(result.error?.issues[0]?.message).toBe("arrivalDate must not be before productionDate");
  });

  it("rejects fractional or zero quantities, bad trace codes, unknown statuses and fields", () => {
    expect(Batch.safeParse({ ...batch, quantity: 1.5 }).success).toBe(false);
    expect(Batch.safeParse({ ...batch, quantity: 0 }).error?.issues[0]?.message).toBe("quantity must be positive");
    const wrongCheck = code.slice(0, -1) + (code.endsWith("0") ? "1" : "0");
    expect(Batch.safeParse({ ...batch, code: wrongCheck }).error?.issues[0]?.message).toBe(
      "trace code check character does not match",
    );
    expect(Batch.safeParse({ ...batch, status: "expired" }).success).toBe(false);
    expect(Batch.safeParse({ ...batch, price: 3 }).success).toBe(false);
  });
});

describe("checkSplit", () => {
  it("accepts children that add up exactly", () => {
    expect(checkSplit(500_000, [200_000, 150_000, 150_000])).toEqual({ ok: true, total: 500_000 });
    expect(checkSplit(7, [7])).toEqual({ ok: true, total: 7 });
  });

  it("reports a shortfall and an excess", () => {
    expect(checkSplit(1000, [300, 600])).toEqual({
      ok: false,
      total: 900,
      difference: 100,
      errors: ["children add up to 900, 100 short of the parent's 1000"],
    });
    const over = checkSplit(1000, [600, 500]);
    expect(over).toMatchObject({ ok: false, difference: -100 });
    expect(!over.ok && over.errors[0]).toBe("children add up to 1100, 100 more than the parent's 1000");
  });

  it("refuses floats, zero, negatives and empty splits", () => {
    // 0.1 + 0.2 !== 0.3 is exactly why quantities are integers.
    const floats = checkSplit(0.3, [0.1, 0.2]);
    expect(floats.ok).toBe(false);
    expect(!floats.ok && floats.errors[0]).toMatch(/parent quantity must be a positive whole number/);
    expect(checkSplit(10, [10, 0]).ok).toBe(false);
    expect(checkSplit(10, [15, -5]).ok).toBe(false);
    const empty = checkSplit(10, []);
    expect(!empty.ok && empty.errors).toContain("a split needs at least one child");
  });
});
