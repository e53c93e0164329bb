import { describe, expect, it } from "vitest";
import {
  FoodBusinessLicenceNumber,
  FoodLicenceNumber,
  FoodProductionLicenceNumber,
  parseFoodLicence,
} from "../src/identifiers/licence";

describe("food licence numbers", () => {
  it("parses a food business licence (JY): main business digit and region", () => {
    const info = parseFoodLicence("JY23101150012345");
    expect(info).toMatchObject({
      kind: "business",
      category: "2",
      foodClass: undefined,
      regionCode: "310115",
      sequence: "001234",
      checkDigit: "5",
    });
    expect(info?.region?.name).toBe("浦东新区");
  });

  it("parses a food production licence (SC): 3-digit category, then the region", () => {
    const info = parseFoodLicence("SC12233010801205");
    expect(info).toMatchObject({
      kind: "production",
      category: "1",
      foodClass: "22",
      regionCode: "330108",
      sequence: "0120",
      checkDigit: "5",
    });
    expect(info?.region?.path).toEqual(["浙江省", "杭州市", "滨江区"]);
  });

  it("does not validate the last digit (no public algorithm)", () => {
    for (let d = 0; d <= 9; d++) expect(FoodBusinessLicenceNumber.safeParse(`JY1310115001234${d}`).success).toBe(true);
  });

  it("reports a region code missing from the table as undefined without failing", () => {
    const info = parseFoodLicence("JY19999990000011");
    expect(info?.regionCode).toBe("999999");
    expect(info?.region).toBeUndefined();
  });

  it.each([
    "JY43101150012345", // main business digit 4
    "JY0310115001234", // too short
    "JY131011500123456", // too long
    "JX13101150012345",
    "SC32233010801205", // category 3
    "SC1223301080120A",
  ])("rejects %s", (number) => {
    expect(FoodLicenceNumber.safeParse(number).success).toBe(false);
    expect(parseFoodLicence(number)).toBeUndefined();
  });

  it("keeps the two kinds apart and explains the format", () => {
    const result = FoodBusinessLicenceNumber.safeParse("SC12233010801205");
    expect(result.error?.issues[0]?.message).toMatch(/JY, a main-business digit 1–3/);
    expect(FoodProductionLicenceNumber.safeParse("JY13101150012345").success).toBe(false);
  });

  it("normalises case", () => {
    expect(FoodLicenceNumber.parse(" jy13101150012345")).toBe("JY13101150012345");
  });
});
