import { describe, expect, it } from "vitest";
import { USCC_ALPHABET, Uscc, UsccLenient, checkUscc, usccCheckChar } from "../src/identifiers/uscc";

const VALID = ["91310110666007217T", "91310115591693856A", "91320621MA1MRHG205"];

describe("USCC check character (GB 32100-2015)", () => {
  it.each(VALID)("accepts %s in strict mode", (code) => {
    const result = checkUscc(code);
    expect(result.valid).toBe(true);
    expect(result.checkChar).toEqual({ expected: code[17], actual: code[17], matches: true });
    expect(result.errors).toEqual([]);
    expect(Uscc.parse(code)).toBe(code);
  });

  it("computes the check character from the 17 first characters", () => {
    expect(usccCheckChar("91310110666007217")).toBe("T");
    expect(usccCheckChar("91310115591693856")).toBe("A");
    expect(usccCheckChar("91320621MA1MRHG20")).toBe("5");
  });

  it("rejects a wrong check character in strict mode with the expected character", () => {
    const result = checkUscc("91320621MA1MRHG207");
    expect(result.valid).toBe(false);
    expect(result.wellFormed).toBe(true);
    expect(result.checkChar).toEqual({ expected: "5", actual: "7", matches: false });
    expect(result.errors).toEqual(["check character is 7, expected 5"]);
    const parsed = Uscc.safeParse("91320621MA1MRHG207");
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe("USCC: check character is 7, expected 5");
  });

  it("accepts a wrong check character in lenient mode, with a warning", () => {
    const result = checkUscc("91320621MA1MRHG207", { lenient: true });
    expect(result.valid).toBe(true);
    expect(result.checkChar.matches).toBe(false);
    expect(result.warnings[0]).toMatch(/check character is 7, expected 5.*lenient/);
    expect(UsccLenient.parse("91320621MA1MRHG207")).toBe("91320621MA1MRHG207");
  });

  it("decodes authority, entity type, region and organisation code", () => {
    const result = checkUscc("91310115591693856A");
    expect(result.registrationAuthority).toBe("9");
    expect(result.registrationAuthorityKnown).toBe(true);
    expect(result.entityType).toBe("91");
    expect(result.entityTypeKnown).toBe(true);
    expect(result.regionCode).toBe("310115");
    expect(result.region?.path).toEqual(["上海市", "浦东新区"]);
    expect(result.organisationCode).toBe("591693856");
    expect(result.warnings).toEqual([]);
  });

  it("reports a retired region code as unknown instead of failing", () => {
    // 320621 (海安县) became 320685 (海安市) and is no longer in the GB/T 2260 table.
    const result = checkUscc("91320621MA1MRHG205");
    expect(result.valid).toBe(true);
    expect(result.regionCode).toBe("320621");
    expect(result.region).toBeUndefined();
    expect(result.warnings.join()).toMatch(/320621 is not in the current GB\/T 2260 table/);
  });

  it("normalises case and surrounding space", () => {
    expect(Uscc.parse(" 91320621ma1mrhg205 ")).toBe("91320621MA1MRHG205");
  });

  it("catches every single-character substitution", () => {
    const code = "91310110666007217T";
    for (let i = 0; i < 18; i++) {
      for (const char of USCC_ALPHABET) {
        if (char === code[i]) continue;
        const changed = code.slice(0, i) + char + code.slice(i + 1);
        expect(checkUscc(changed).valid, changed).toBe(false);
      }
    }
  });

  it.each([
    ["9131011066600721", "18 characters, got 16"],
    ["91310110666007217TT", "18 characters, got 19"],
    ["91310110666OO7217T", "'O' is not a USCC character"],
    ["913101I0666007217T", "'I' is not a USCC character"],
    ["9131A110666007217T", "positions 3–8 must be a six-digit region code"],
    ["", "18 characters, got 0"],
  ])("rejects malformed %j", (code, message) => {
    const result = checkUscc(code, { lenient: true });
    expect(result.valid).toBe(false);
    expect(result.wellFormed).toBe(false);
    expect(result.errors[0]).toContain(message);
    expect(UsccLenient.safeParse(code).success).toBe(false);
  });

  it("warns when the embedded organisation code fails its own GB 11714 check", () => {
    const first17 = "91310110666007218"; // organisation code 66600721-8 (should end in 7)
    const code = first17 + usccCheckChar(first17);
    const result = checkUscc(code);
    expect(result.valid).toBe(true);
    expect(result.warnings).toContain("organisation code (positions 9–17) fails its GB 11714 check");
  });
});
