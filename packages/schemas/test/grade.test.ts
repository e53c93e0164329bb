import { describe, expect, it } from "vitest";
import {
  GradeRuleSet,
  NATIONAL_DEFAULT_RULE_SET,
  SHANGHAI_RULE_SET,
  BUILT_IN_RULE_SETS,
  bandInspection,
  computeGrade,
  gradeLabel,
  selectRuleSet,
} from "../src/grade";
import { Inspection } from "../src/inspection";

function inspection(id: string, inspectedAt: string, totalScore: number, failedKeys = 0): Inspection {
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
      { code: "G1", title: "环境卫生", passed: true },
    ],
  });
}

const AS_OF = "2026-12-31T16:00:00Z";

describe("per-inspection bands (national default)", () => {
  it.each([
    [10, "excellent"],
    [9.0, "excellent"],
    [8.9, "good"],
    [7.5, "good"],
    [7.4, "fair"],
    [6.0, "fair"],
    [5.9, "none"],
    [0, "none"],
  ] as const)("%s → %s", (score, band) => {
    expect(bandInspection(inspection("i", "2026-06-01T00:00:00Z", score), NATIONAL_DEFAULT_RULE_SET).band).toBe(band);
  });

  it("gives no grade when two key items failed, whatever the score", () => {
    const result = bandInspection(inspection("i", "2026-06-01T00:00:00Z", 9.5, 2), NATIONAL_DEFAULT_RULE_SET);
    expect(result).toMatchObject({ band: "none", reason: "key-items-failed", keyItemsFailed: 2, scoreTenths: 95 });
    expect(bandInspection(inspection("i", "2026-06-01T00:00:00Z", 9.5, 1), NATIONAL_DEFAULT_RULE_SET).band).toBe("excellent");
    expect(bandInspection(inspection("i", "2026-06-01T00:00:00Z", 5.9), NATIONAL_DEFAULT_RULE_SET).reason).toBe("below-minimum");
  });
});

describe("computeGrade", () => {
  it.each([
    [9.0, "A"],
    [8.9, "B"],
    [7.5, "B"],
    [7.4, "C"],
    [6.0, "C"],
    [5.9, null],
  ] as const)("a single inspection of %s gives %s", (score, grade) => {
    const result = computeGrade([inspection("i", "2026-06-01T00:00:00Z", score)], NATIONAL_DEFAULT_RULE_SET, AS_OF);
    expect(result.grade).toBe(grade);
    expect(result.reason).toBe(grade ? "graded" : "below-minimum");
  });

  it("averages in tenths and never rounds up into a better grade", () => {
    // (9.0 + 8.9) / 2 = 8.95 → B; 0.1+0.2-style float drift cannot push it to A
    const result = computeGrade(
      [inspection("a", "2026-03-01T00:00:00Z", 9.0), inspection("b", "2026-09-01T00:00:00Z", 8.9)],
      NATIONAL_DEFAULT_RULE_SET,
      AS_OF,
    );
    expect(result.grade).toBe("B");
    expect(result.averageTenths).toBe(89);
    expect(result.average).toBe(8.9);
    // (9.0 + 9.0 + 9.0) / 3 exactly 9.0 → A
    const exact = computeGrade(
      ["2026-02-01", "2026-05-01", "2026-08-01"].map((day, i) => inspection(`e${i}`, `${day}T00:00:00Z`, 9.0)),
      NATIONAL_DEFAULT_RULE_SET,
      AS_OF,
    );
    expect(exact.grade).toBe("A");
    expect(exact.averageTenths).toBe(90);
  });

  it("uses only the 12 months before asOf, oldest first", () => {
    const inspections = [
      inspection("too-old", "2025-12-31T16:00:00Z", 2.0), // exactly 12 months before: excluded
      inspection("late", "2026-11-01T00:00:00Z", 9.2),
      inspection("early", "2026-01-01T00:00:00Z", 9.0),
      inspection("future", "2027-01-05T00:00:00Z", 1.0),
    ];
    const result = computeGrade(inspections, NATIONAL_DEFAULT_RULE_SET, AS_OF);
    expect(result.used.map((i) => i.id)).toEqual(["early", "late"]);
    expect(result.bands.map((b) => b.band)).toEqual(["excellent", "excellent"]);
    expect(result.windowStart).toBe("2025-12-31T16:00:00.000Z");
    expect(result.grade).toBe("A");
  });

  it("counts an inspection that failed two key items with its score in the average", () => {
    const result = computeGrade(
      [inspection("ok", "2026-03-01T00:00:00Z", 9.0), inspection("keys", "2026-04-01T00:00:00Z", 9.0, 2)],
      NATIONAL_DEFAULT_RULE_SET,
      AS_OF,
    );
    expect(result.bands.map((b) => b.band)).toEqual(["excellent", "none"]);
    expect(result.bands[1]?.reason).toBe("key-items-failed");
    expect(result.grade).toBe("A");
  });

  it("has no grade without inspections", () => {
    const result = computeGrade([], NATIONAL_DEFAULT_RULE_SET, new Date(AS_OF));
    expect(result).toMatchObject({ grade: null, reason: "no-inspections", averageTenths: null, display: null, used: [] });
  });

  it("shows the grade with the rule set's colours", () => {
    const inspections = [inspection("a", "2026-06-01T00:00:00Z", 8.0)];
    const national = computeGrade(inspections, NATIONAL_DEFAULT_RULE_SET, AS_OF);
    const shanghai = computeGrade(inspections, SHANGHAI_RULE_SET, AS_OF);
    expect(national.grade).toBe("B");
    expect(national.display?.label["zh-CN"]).toBe("良好");
    expect(shanghai.grade).toBe("B");
    expect(shanghai.display).toEqual({ colour: "yellow", face: "flat", label: { "zh-CN": "一般", en: "Fair" } });
    expect(shanghai.ruleSet).toEqual({ id: "cn-sh-catering", jurisdiction: "CN-SH", version: 1 });
  });

  it("rejects an invalid asOf", () => {
    expect(() => computeGrade([], NATIONAL_DEFAULT_RULE_SET, "yesterday")).toThrow(RangeError);
  });
});

describe("rule sets", () => {
  it("Shanghai: A good green smile, B fair yellow flat, C poor red", () => {
    expect(SHANGHAI_RULE_SET.display.A).toMatchObject({ colour: "green", face: "smile" });
    expect(gradeLabel(SHANGHAI_RULE_SET, "A")["zh-CN"]).toBe("良好");
    expect(SHANGHAI_RULE_SET.display.B).toMatchObject({ colour: "yellow", face: "flat" });
    expect(gradeLabel(SHANGHAI_RULE_SET, "B").en).toBe("Fair");
    expect(SHANGHAI_RULE_SET.display.C.colour).toBe("red");
    expect(gradeLabel(SHANGHAI_RULE_SET, "C").en).toBe("Poor");
    expect(gradeLabel(NATIONAL_DEFAULT_RULE_SET, "A")["zh-CN"]).toBe("优秀");
  });

  it("national default thresholds are data in tenths", () => {
    expect(NATIONAL_DEFAULT_RULE_SET.inspectionBands).toEqual([
      { band: "excellent", minTenths: 90 },
      { band: "good", minTenths: 75 },
      { band: "fair", minTenths: 60 },
    ]);
    expect(NATIONAL_DEFAULT_RULE_SET.keyItemFailureLimit).toBe(2);
    expect(NATIONAL_DEFAULT_RULE_SET.windowMonths).toBe(12);
  });

  it("rejects unordered bands and float thresholds", () => {
    const unordered = GradeRuleSet.safeParse({
      ...NATIONAL_DEFAULT_RULE_SET,
      inspectionBands: [
        { band: "good", minTenths: 75 },
        { band: "excellent", minTenths: 90 },
      ],
    });
    expect(unordered.error?.issues[0]?.message).toMatch(/highest first/);
    const floats = GradeRuleSet.safeParse({ ...NATIONAL_DEFAULT_RULE_SET, annualBands: [{ grade: "A", minTenths: 8.95 }] });
    expect(floats.error?.issues[0]?.message).toMatch(/integer tenths/);
  });

  it("selects the newest version in force", () => {
    const v2 = { ...SHANGHAI_RULE_SET, version: 2, effectiveFrom: "2027-01-01" };
    const sets = [...BUILT_IN_RULE_SETS, v2];
    expect(selectRuleSet(sets, "CN-SH", "2026-12-31")?.version).toBe(1);
    expect(selectRuleSet(sets, "CN-SH", "2027-01-01")?.version).toBe(2);
    expect(selectRuleSet(sets, "CN", "2026-01-01")?.id).toBe("cn-catering-2012");
    expect(selectRuleSet(sets, "CN-GD", "2026-01-01")).toBeUndefined();
  });
});
