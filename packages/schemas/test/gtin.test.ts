import { describe, expect, it } from "vitest";
import { Gtin, gs1CheckDigit, isValidGtin, toGtin14 } from "../src/identifiers/gtin";

describe("GTIN", () => {
  it.each([
    ["96385074", "GTIN-8"],
    ["036000291452", "GTIN-12 (UPC-A)"],
    ["4006381333931", "GTIN-13"],
    ["6901234567892", "GTIN-13 (China prefix 690)"],
    ["10614141000415", "GTIN-14"],
    ["00012345600012", "GTIN-14 padded"],
  ])("accepts %s (%s)", (gtin) => {
    expect(isValidGtin(gtin)).toBe(true);
    expect(Gtin.parse(gtin)).toBe(gtin);
  });

  it.each(["96385075", "036000291453", "4006381333932", "10614141000416"])("rejects a wrong check digit: %s", (gtin) => {
    expect(isValidGtin(gtin)).toBe(false);
    expect(Gtin.safeParse(gtin).error?.issues[0]?.message).toBe("GTIN check digit does not match");
  });

  it.each(["1234567", "123456789", "12345678901", "123456789012345", "40063813339a1", ""])("rejects length/charset: %j", (gtin) => {
    expect(isValidGtin(gtin)).toBe(false);
    expect(Gtin.safeParse(gtin).error?.issues[0]?.message).toBe("GTIN must have 8, 12, 13 or 14 digits");
  });

  it("computes check digits and pads to 14", () => {
    expect(gs1CheckDigit("400638133393")).toBe(1);
    expect(gs1CheckDigit("9638507")).toBe(4);
    expect(gs1CheckDigit("03600029145")).toBe(2);
    expect(toGtin14("4006381333931")).toBe("04006381333931");
    expect(isValidGtin(toGtin14("96385074"))).toBe(true);
  });

  it("catches every single-digit error in a GTIN-13", () => {
    const gtin = "4006381333931";
    for (let i = 0; i < gtin.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === gtin[i]) continue;
        expect(isValidGtin(gtin.slice(0, i) + d + gtin.slice(i + 1))).toBe(false);
      }
    }
  });
});
