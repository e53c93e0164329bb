import { describe, expect, it } from "vitest";
import { formatTraceCode } from "../src/identifiers/trace-code";
import {
  ENZYME_INHIBITION_THRESHOLDS,
  RAPID_TEST_ITEM_CATEGORY,
  RapidTestRecord,
  RapidTestThreshold,
  judgeQualitativeReading,
  judgeRapidTest,
  rapidTestCategories,
  rapidTestItems,
} from "../src/rapid-test";

const GB = { comparator: "gte", value: 50, unit: "%" } as const;
const NY = { comparator: "gte", value: 70, unit: "%" } as const;

const record = {
  sample: { name: "青菜", category: "vegetable", batchCode: formatTraceCode({ namespace: 4401, serial: 1001 }) },
  item: "organophosphate-carbamate",
  method: "enzyme-inhibition",
  standard: { code: "GB/T 5009.199-2003", title: "蔬菜中有机磷和氨基甲酸酯类农药残留量的快速检测" },
  threshold: GB,
  measured: { kind: "value", value: 62.5 },
  outcome: "fail",
  tester: { name: "陈检测" },
  testPoint: { id: "point-12", name: "三水批发市场快检室" },
  testedAt: "2026-03-02T06:15:00+08:00",
} as const;

describe("rapid-test vocabulary", () => {
  it("has seven categories and files every item under one", () => {
    expect(rapidTestCategories.values).toHaveLength(7);
    for (const item of rapidTestItems.values) {
      expect(rapidTestCategories.values).toContain(RAPID_TEST_ITEM_CATEGORY[item]);
    }
    expect(Object.keys(RAPID_TEST_ITEM_CATEGORY).sort()).toEqual([...rapidTestItems.values].sort());
    expect(RAPID_TEST_ITEM_CATEGORY.clenbuterol).toBe("veterinary-drug");
    expect(RAPID_TEST_ITEM_CATEGORY.formaldehyde).toBe("illegal-additive");
    expect(RAPID_TEST_ITEM_CATEGORY["sulfur-dioxide"]).toBe("additive-abuse");
  });

  it("includes the items the seeds name", () => {
    for (const item of ["organophosphate-carbamate", "clenbuterol", "ractopamine", "salbutamol", "formaldehyde", "sulfur-dioxide", "borax", "malachite-green", "nitrite"]) {
      expect(rapidTestItems.values).toContain(item);
    }
  });
});

describe("judgeRapidTest", () => {
  it("uses the threshold as data: 60% inhibition fails GB/T 5009.199 but passes NY/T 448", () => {
    expect(judgeRapidTest(60, GB)).toBe("fail");
    expect(judgeRapidTest(60, NY)).toBe("pass");
    expect(ENZYME_INHIBITION_THRESHOLDS["GB/T 5009.199"].value).toBe(50);
    expect(ENZYME_INHIBITION_THRESHOLDS["NY/T 448"].value).toBe(70);
  });

  it("is inclusive for gte and exclusive for gt at the boundary", () => {
    expect(judgeRapidTest(50, GB)).toBe("fail");
    expect(judgeRapidTest(49.9, GB)).toBe("pass");
    expect(judgeRapidTest(50, { ...GB, comparator: "gt" })).toBe("pass");
    expect(judgeRapidTest(70, NY)).toBe("fail");
    expect(judgeRapidTest(69.99, NY)).toBe("pass");
  });

  it("supports thresholds where a low value is positive", () => {
    const ratio = { comparator: "lte", value: 0.8, unit: "T/C" } as const;
    expect(judgeRapidTest(0.8, ratio)).toBe("fail");
    expect(judgeRapidTest(0.81, ratio)).toBe("pass");
    expect(judgeRapidTest(0.8, { ...ratio, comparator: "lt" })).toBe("pass");
  });

  it("has an optional suspicious band on the passing side", () => {
    const withBand = { ...GB, suspiciousFrom: 40 };
    expect(judgeRapidTest(39.9, withBand)).toBe("pass");
    expect(judgeRapidTest(40, withBand)).toBe("suspicious");
    expect(judgeRapidTest(50, withBand)).toBe("fail");
    const low = { comparator: "lt", value: 1, unit: "ratio", suspiciousFrom: 1.2 } as const;
    expect(judgeRapidTest(1.1, low)).toBe("suspicious");
    expect(judgeRapidTest(1.3, low)).toBe("pass");
  });

  it("refuses a band on the wrong side, and NaN readings", () => {
    const result = RapidTestThreshold.safeParse({ ...GB, suspiciousFrom: 60 });
    expect(result.error?.issues[0]?.message).toBe("suspiciousFrom must lie on the passing side of the threshold");
    expect(() => judgeRapidTest(Number.NaN, GB)).toThrow(RangeError);
  });

  it("judges kit readings", () => {
    expect(judgeQualitativeReading("negative")).toBe("pass");
    expect(judgeQualitativeReading("weak-positive")).toBe("suspicious");
    expect(judgeQualitativeReading("positive")).toBe("fail");
  });
});

describe("RapidTestRecord", () => {
  it("parses a record that stores standard and threshold", () => {
    const parsed = RapidTestRecord.parse(record);
    expect(parsed.threshold).toEqual(GB);
    expect(parsed.outcome).toBe("fail");
  });

  it("refuses an outcome the measurement does not give", () => {
    const result = RapidTestRecord.safeParse({ ...record, outcome: "pass" });
    expect(result.error?.issues[0]).toMatchObject({
      path: ["outcome"],
      message: "outcome is pass but the measurement gives fail under the stored threshold",
    });
    // the same value under NY/T 448 is a pass
    expect(RapidTestRecord.safeParse({ ...record, threshold: NY, standard: { code: "NY/T 448-2001" }, outcome: "pass" }).success).toBe(true);
  });

  it("parses a colloidal-gold reading", () => {
    const clenbuterol = {
      ...record,
      sample: { name: "猪肉" },
      item: "clenbuterol",
      method: "colloidal-gold",
      standard: { code: "农业部1025号公告-6-2008" },
      threshold: { comparator: "gte", value: 3, unit: "µg/kg" },
      measured: { kind: "reading", reading: "negative" },
      outcome: "pass",
    };
    expect(RapidTestRecord.parse(clenbuterol).measured).toEqual({ kind: "reading", reading: "negative" });
  });

  it("rejects not-tested, unknown items and missing tester or time", () => {
    expect(RapidTestRecord.safeParse({ ...record, outcome: "not-tested" }).success).toBe(false);
    expect(RapidTestRecord.safeParse({ ...record, item: "glyphosate" }).success).toBe(false);
    const { tester: _t, ...noTester } = record;
    expect(RapidTestRecord.safeParse(noTester).success).toBe(false);
    expect(RapidTestRecord.safeParse({ ...record, testedAt: "2026-03-02 06:15" }).error?.issues[0]?.message).toMatch(/ISO 8601/);
  });
});
