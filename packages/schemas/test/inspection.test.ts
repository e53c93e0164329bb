import { describe, expect, it } from "vitest";
import { Inspection, TenPointScore, failedKeyItems, scoreToTenths } from "../src/inspection";

function inspection(id: string, inspectedAt: string, totalScore: number, failedKeys = 0) {
  return Inspection.parse({
    id,
    businessId: "restaurant-9",
    inspector: { name: "周监管" },
    inspectedAt,
    totalScore,
    items: [
      { code: "K1", title: "许可证照有效", keyItem: true, passed: failedKeys < 1 },
      { code: "K2", title: "原料进货查验", keyItem: true, passed: failedKeys < 2 },
      { code: "K3", title: "从业人员健康证", keyItem: true, passed: failedKeys < 3 },
      { code: "G1", title: "环境卫生", passed: true, score: 8, maxScore: 10 },
    ],
  });
}

describe("Inspection", () => {
  it("parses and counts failed key items", () => {
    const parsed = inspection("i1", "2026-03-01T10:00:00+08:00", 8.5, 2);
    expect(parsed.items[3]?.keyItem).toBe(false);
    expect(failedKeyItems(parsed)).toBe(2);
  });

  it("accepts scores in tenths from 0 to 10 only", () => {
    for (const score of [0, 5.9, 6, 7.4, 7.5, 8.9, 9, 10]) expect(TenPointScore.safeParse(score).success).toBe(true);
    expect(TenPointScore.safeParse(8.55).error?.issues[0]?.message).toBe("score has at most one decimal (tenths)");
    expect(TenPointScore.safeParse(10.1).success).toBe(false);
    expect(TenPointScore.safeParse(-0.1).success).toBe(false);
  });

  it("converts scores to integer tenths without float traps", () => {
    expect(scoreToTenths(8.9)).toBe(89);
    expect(scoreToTenths(0.1 + 0.2)).toBe(3);
    expect(scoreToTenths(7.5)).toBe(75);
  });

  it("rejects repeated item codes, an empty checklist and item scores above their maximum", () => {
    const base = { id: "x", businessId: "b", inspector: { name: "周" }, inspectedAt: "2026-03-01T00:00:00Z", totalScore: 9 };
    expect(Inspection.safeParse({ ...base, items: [] }).error?.issues[0]?.message).toBe("an inspection has at least one item");
    const twice = { code: "A", title: "a", passed: true };
    expect(Inspection.safeParse({ ...base, items: [twice, twice] }).error?.issues[0]?.message).toBe("item codes repeat");
    expect(Inspection.safeParse({ ...base, items: [{ ...twice, score: 11, maxScore: 10 }] }).success).toBe(false);
  });
});
