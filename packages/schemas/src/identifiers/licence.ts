import { z } from "zod";
import { labelledEnum } from "../labels";
import { lookupRegion, type RegionInfo } from "./region";

/**
 * Food licence numbers. Neither publishes its check-digit algorithm, so the last digit is not
 * validated.
 *
 * - 食品经营许可证 food business licence: `JY` + 14 digits = 1 main-business (主体业态) digit,
 *   2+2+2 province/city/county (GB/T 2260), 6 sequence digits, 1 check digit.
 * - 食品生产许可证 food production licence: `SC` + 14 digits = 3-digit food category
 *   (first digit 1 food / 2 food additive, then the 2-digit class number), 2+2+2 region,
 *   4 sequence digits, 1 check digit (食品生产许可管理办法, 2015, art. 29). The region
 *   therefore sits after the 3-digit category, not after the first digit.
 */
export const FOOD_BUSINESS_LICENCE_PATTERN = /^JY[1-3]\d{13}$/;
export const FOOD_PRODUCTION_LICENCE_PATTERN = /^SC[12]\d{13}$/;

export const foodLicenceKinds = labelledEnum({
  business: { "zh-CN": "食品经营许可证", en: "Food business licence" },
  production: { "zh-CN": "食品生产许可证", en: "Food production licence" },
});
export const FoodLicenceKind = z.enum(foodLicenceKinds.values);
export type FoodLicenceKind = z.infer<typeof FoodLicenceKind>;

/** JY main-business digit (主体业态). */
export const foodBusinessCategories = labelledEnum({
  "1": { "zh-CN": "食品销售经营者", en: "Food retailer" },
  "2": { "zh-CN": "餐饮服务经营者", en: "Catering business" },
  "3": { "zh-CN": "单位食堂", en: "Canteen" },
});
export const FoodBusinessCategory = z.enum(foodBusinessCategories.values);
export type FoodBusinessCategory = z.infer<typeof FoodBusinessCategory>;

/** SC first digit: food or food additive. */
export const foodProductionCategories = labelledEnum({
  "1": { "zh-CN": "食品", en: "Food" },
  "2": { "zh-CN": "食品添加剂", en: "Food additive" },
});
export const FoodProductionCategory = z.enum(foodProductionCategories.values);
export type FoodProductionCategory = z.infer<typeof FoodProductionCategory>;

export interface FoodLicenceInfo {
  kind: FoodLicenceKind;
  number: string;
  /** JY: the main-business digit; SC: the food/additive digit. */
  category: FoodBusinessCategory | FoodProductionCategory;
  /** SC only: the two-digit food (or additive) class after the category digit, e.g. `22`. */
  foodClass: string | undefined;
  /** The six-digit province/city/county code as written. */
  regionCode: string;
  /** The region when the code is in the current GB/T 2260 table (a retired code gives undefined). */
  region: RegionInfo | undefined;
  sequence: string;
  checkDigit: string;
}

/** Splits a JY or SC number into its parts; undefined when the number does not match either pattern. */
export function parseFoodLicence(input: string): FoodLicenceInfo | undefined {
  if (typeof input !== "string") return undefined;
  const number = input.trim().toUpperCase();
  if (FOOD_BUSINESS_LICENCE_PATTERN.test(number)) {
    const regionCode = number.slice(3, 9);
    return {
      kind: "business",
      number,
      category: number[2] as FoodBusinessCategory,
      foodClass: undefined,
      regionCode,
      region: lookupRegion(regionCode),
      sequence: number.slice(9, 15),
      checkDigit: number.slice(15),
    };
  }
  if (FOOD_PRODUCTION_LICENCE_PATTERN.test(number)) {
    const regionCode = number.slice(5, 11);
    return {
      kind: "production",
      number,
      category: number[2] as FoodProductionCategory,
      foodClass: number.slice(3, 5),
      regionCode,
      region: lookupRegion(regionCode),
      sequence: number.slice(11, 15),
      checkDigit: number.slice(15),
    };
  }
  return undefined;
}

function licenceSchema(pattern: RegExp, message: string) {
  return z
    .string()
    .trim()
    .toUpperCase()
    .regex(pattern, message);
}

/** 食品经营许可证 number, e.g. `JY13101150012345`. */
export const FoodBusinessLicenceNumber = licenceSchema(
  FOOD_BUSINESS_LICENCE_PATTERN,
  "food business licence must be JY, a main-business digit 1–3 and 13 more digits",
);
export type FoodBusinessLicenceNumber = z.output<typeof FoodBusinessLicenceNumber>;

/** 食品生产许可证 number, e.g. `SC12233010801205`. */
export const FoodProductionLicenceNumber = licenceSchema(
  FOOD_PRODUCTION_LICENCE_PATTERN,
  "food production licence must be SC, a category digit 1–2 and 13 more digits",
);
export type FoodProductionLicenceNumber = z.output<typeof FoodProductionLicenceNumber>;

/** Either licence number. */
export const FoodLicenceNumber = z
  .string()
  .trim()
  .toUpperCase()
  .refine(
    (value) => FOOD_BUSINESS_LICENCE_PATTERN.test(value) || FOOD_PRODUCTION_LICENCE_PATTERN.test(value),
    "licence must be a food business (JY + 14 digits) or production (SC + 14 digits) licence number",
  );
export type FoodLicenceNumber = z.output<typeof FoodLicenceNumber>;
