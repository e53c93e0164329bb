import { describe, expect, it } from "vitest";
import { REGION_COUNT, RegionCode, isRegionCode, lookupRegion, regionLevel } from "../src/identifiers/region";

describe("GB/T 2260 region codes", () => {
  it("looks up 310115 as 上海市 / 浦东新区", () => {
    expect(lookupRegion("310115")).toEqual({
      code: "310115",
      level: "county",
      name: "浦东新区",
      path: ["上海市", "浦东新区"],
    });
  });

  it("gives provinces, cities and counties their full path", () => {
    expect(lookupRegion("440000")).toMatchObject({ level: "province", name: "广东省", path: ["广东省"] });
    expect(lookupRegion("440600")).toMatchObject({ level: "city", path: ["广东省", "佛山市"] });
    expect(lookupRegion("440607")?.path).toEqual(["广东省", "佛山市", "三水区"]);
  });

  it("rejects 999999 and malformed codes", () => {
    expect(lookupRegion("999999")).toBeUndefined();
    expect(isRegionCode("999999")).toBe(false);
    const result = RegionCode.safeParse("999999");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("not a current GB/T 2260 region code");
    expect(RegionCode.safeParse("31011").error?.issues[0]?.message).toBe("region code must be six digits (GB/T 2260)");
    expect(lookupRegion("31011a")).toBeUndefined();
  });

  it("has a plausible table size and levels", () => {
    expect(REGION_COUNT).toBeGreaterThan(3000);
    expect(regionLevel("310000")).toBe("province");
    expect(regionLevel("310100")).toBe("city");
    expect(regionLevel("310115")).toBe("county");
    expect(RegionCode.parse("310115")).toBe("310115");
  });
});
