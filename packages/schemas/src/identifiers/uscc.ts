import { z } from "zod";
import { labelledEnum } from "../labels";
import { lookupRegion, type RegionInfo } from "./region";

/**
 * USCC 统一社会信用代码 (GB 32100-2015): 18 characters.
 *
 * | position | meaning |
 * |---|---|
 * | 1 | registration authority (登记管理部门) |
 * | 2 | entity type (机构类别) |
 * | 3–8 | GB/T 2260 region of the registering authority |
 * | 9–17 | organisation code (主体标识码, GB 11714: 8 characters + its own check) |
 * | 18 | check character over positions 1–17 |
 */
export const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Registration authorities (position 1). `9` is market regulation: almost every food business. */
export const usccRegistrationAuthorities = labelledEnum({
  "1": { "zh-CN": "机构编制", en: "Institutional establishment authority" },
  "2": { "zh-CN": "外交", en: "Foreign affairs" },
  "3": { "zh-CN": "司法行政", en: "Justice administration" },
  "4": { "zh-CN": "文化", en: "Culture" },
  "5": { "zh-CN": "民政", en: "Civil affairs" },
  "6": { "zh-CN": "旅游", en: "Tourism" },
  "7": { "zh-CN": "宗教", en: "Religious affairs" },
  "8": { "zh-CN": "工会", en: "Trade unions" },
  "9": { "zh-CN": "市场监管（工商）", en: "Market regulation (business registration)" },
  A: { "zh-CN": "中央军委改革和编制办公室", en: "Central Military Commission establishment office" },
  N: { "zh-CN": "农业农村", en: "Agriculture and rural affairs" },
  Y: { "zh-CN": "其他", en: "Other" },
});
export const UsccRegistrationAuthority = z.enum(usccRegistrationAuthorities.values);
export type UsccRegistrationAuthority = z.infer<typeof UsccRegistrationAuthority>;

/** Entity types (positions 1–2) from GB 32100-2015 table 1. Other pairs exist; they are reported as unknown. */
export const usccEntityTypes = labelledEnum({
  "11": { "zh-CN": "机关", en: "Government body" },
  "12": { "zh-CN": "事业单位", en: "Public institution" },
  "13": { "zh-CN": "中央编办直接管理机构编制的群众团体", en: "Mass organisation (central establishment office)" },
  "19": { "zh-CN": "其他（机构编制）", en: "Other (establishment authority)" },
  "51": { "zh-CN": "社会团体", en: "Social organisation" },
  "52": { "zh-CN": "民办非企业单位", en: "Private non-enterprise unit" },
  "53": { "zh-CN": "基金会", en: "Foundation" },
  "59": { "zh-CN": "其他（民政）", en: "Other (civil affairs)" },
  "91": { "zh-CN": "企业", en: "Enterprise" },
  "92": { "zh-CN": "个体工商户", en: "Individual business" },
  "93": { "zh-CN": "农民专业合作社", en: "Farmers' cooperative" },
  Y1: { "zh-CN": "其他", en: "Other" },
});
export const UsccEntityType = z.enum(usccEntityTypes.values);
export type UsccEntityType = z.infer<typeof UsccEntityType>;

const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The check character (position 18) for the first 17 characters. Throws on a character outside the alphabet. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError("USCC check needs exactly 17 characters");
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17[i]!);
    if (value < 0) throw new RangeError(`'${first17[i]}' is not a USCC character`);
    sum += value * USCC_WEIGHTS[i]!;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** GB 11714 check character of the 9-character organisation code (positions 9–17); informational only. */
export function organisationCodeCheckChar(first8: string): string | undefined {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const value = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".indexOf(first8[i] ?? "");
    if (value < 0) return undefined;
    sum += value * weights[i]!;
  }
  const check = 11 - (sum % 11);
  return check === 10 ? "X" : check === 11 ? "0" : String(check);
}

export interface UsccCheckOptions {
  /** Accept a well-formed code whose check character is wrong (old registrations), with a warning. */
  lenient?: boolean;
}

export interface UsccCheckResult {
  /** Accepted under the chosen mode. */
  valid: boolean;
  /** The input trimmed and upper-cased. */
  normalised: string;
  /** 18 characters from the USCC alphabet with a six-digit region. */
  wellFormed: boolean;
  checkChar: { expected: string | undefined; actual: string | undefined; matches: boolean };
  /** Position 1, e.g. `9`; undefined when not well-formed. */
  registrationAuthority: string | undefined;
  registrationAuthorityKnown: boolean;
  /** Positions 1–2, e.g. `91` (enterprise). */
  entityType: string | undefined;
  entityTypeKnown: boolean;
  /** Positions 3–8 as written. */
  regionCode: string | undefined;
  /** The region when the code is in the current GB/T 2260 table; undefined for retired or unknown codes. */
  region: RegionInfo | undefined;
  /** Positions 9–17. */
  organisationCode: string | undefined;
  /** Why the code is not valid. */
  errors: string[];
  /** Accepted but worth a look (wrong check in lenient mode, retired region, …). */
  warnings: string[];
}

/** Checks a USCC and explains it; never throws. */
export function checkUscc(input: string, options: UsccCheckOptions = {}): UsccCheckResult {
  const normalised = typeof input === "string" ? input.trim().toUpperCase() : "";
  const result: UsccCheckResult = {
    valid: false,
    normalised,
    wellFormed: false,
    checkChar: { expected: undefined, actual: undefined, matches: false },
    registrationAuthority: undefined,
    registrationAuthorityKnown: false,
    entityType: undefined,
    entityTypeKnown: false,
    regionCode: undefined,
    region: undefined,
    organisationCode: undefined,
    errors: [],
    warnings: [],
  };
  if (normalised.length !== 18) {
    result.errors.push(`USCC must have 18 characters, got ${normalised.length}`);
    return result;
  }
  const bad = [...normalised].find((char) => !USCC_ALPHABET.includes(char));
  if (bad !== undefined) {
    result.errors.push(`'${bad}' is not a USCC character (I, O, Z, S and V are never used)`);
    return result;
  }
  if (!USCC_SHAPE.test(normalised)) {
    result.errors.push("USCC positions 3–8 must be a six-digit region code");
    return result;
  }
  result.wellFormed = true;
  const expected = usccCheckChar(normalised.slice(0, 17));
  const actual = normalised[17]!;
  result.checkChar = { expected, actual, matches: expected === actual };
  result.registrationAuthority = normalised[0]!;
  result.registrationAuthorityKnown = (usccRegistrationAuthorities.values as string[]).includes(normalised[0]!);
  result.entityType = normalised.slice(0, 2);
  result.entityTypeKnown = (usccEntityTypes.values as string[]).includes(result.entityType);
  result.regionCode = normalised.slice(2, 8);
  result.region = lookupRegion(result.regionCode);
  result.organisationCode = normalised.slice(8, 17);

  if (!result.region) {
    result.warnings.push(
      `region ${result.regionCode} is not in the current GB/T 2260 table (retired or unknown code)`,
    );
  }
  if (organisationCodeCheckChar(result.organisationCode.slice(0, 8)) !== result.organisationCode[8]) {
    result.warnings.push("organisation code (positions 9–17) fails its GB 11714 check");
  }
  if (!result.registrationAuthorityKnown) {
    result.warnings.push(`registration authority '${result.registrationAuthority}' is not a known code`);
  }
  if (result.checkChar.matches) {
    result.valid = true;
  } else if (options.lenient) {
    result.valid = true;
    result.warnings.unshift(
      `check character is ${actual}, expected ${expected}: accepted in lenient mode (old registrations exist)`,
    );
  } else {
    result.errors.push(`check character is ${actual}, expected ${expected}`);
  }
  return result;
}

function usccSchema(lenient: boolean) {
  return z
    .string()
    .max(64)
    .transform((value, ctx) => {
      const checked = checkUscc(value, { lenient });
      if (!checked.valid) {
        for (const message of checked.errors) ctx.addIssue({ code: "custom", message: `USCC: ${message}` });
        return z.NEVER;
      }
      return checked.normalised;
    });
}

/** A USCC whose check character is right; parses to upper case. */
export const Uscc = usccSchema(false);
export type Uscc = z.output<typeof Uscc>;

/**
 * A well-formed USCC, check character not enforced: for imported records of old registrations.
 * Use `checkUscc(code, { lenient: true })` to get the warning to show.
 */
export const UsccLenient = usccSchema(true);
export type UsccLenient = z.output<typeof UsccLenient>;
