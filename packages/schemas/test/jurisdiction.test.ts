import { describe, expect, it } from "vitest";
import { BUILT_IN_RULE_SETS, GradeRuleSet, jurisdictionsOfRegion, NATIONAL_DEFAULT_RULE_SET, ruleSetForRegion, SHANGHAI_RULE_SET } from "../src/index";

describe("jurisdictionsOfRegion / ruleSetForRegion", () => {
  it("maps GB/T 2260 provinces to ISO 3166-2:CN, national last", () => {
    expect(jurisdictionsOfRegion("310112")).toEqual(["CN-SH", "CN"]);
    expect(jurisdictionsOfRegion("440607")).toEqual(["CN-GD", "CN"]);
    expect(jurisdictionsOfRegion(undefined)).toEqual(["CN"]);
    expect(jurisdictionsOfRegion("99")).toEqual(["CN"]);
  });

  it("Shanghai businesses get the Shanghai set, others the national default", () => {
    expect(ruleSetForRegion(BUILT_IN_RULE_SETS, "310112", "2026-06-01")).toBe(SHANGHAI_RULE_SET);
    expect(ruleSetForRegion(BUILT_IN_RULE_SETS, "440607", "2026-06-01")).toBe(NATIONAL_DEFAULT_RULE_SET);
  });

  it("a new province rule set is data: it applies from its effective date, a newer version wins", () => {
    const gd1 = GradeRuleSet.parse({ ...NATIONAL_DEFAULT_RULE_SET, id: "cn-gd", jurisdiction: "CN-GD", version: 1, effectiveFrom: "2026-07-01" });
    const gd2 = GradeRuleSet.parse({ ...gd1, version: 2, effectiveFrom: "2027-01-01" });
    const sets = [...BUILT_IN_RULE_SETS, gd1, gd2];
    expect(ruleSetForRegion(sets, "440607", "2026-06-30")).toBe(NATIONAL_DEFAULT_RULE_SET);
    expect(ruleSetForRegion(sets, "440607", "2026-07-01")).toBe(gd1);
    expect(ruleSetForRegion(sets, "440607", "2027-01-01")).toBe(gd2);
  });
});
