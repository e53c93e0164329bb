import { lookupRegion, PROVINCE_ISO_3166_2 } from "@shian/schemas";

/** A scan's region when nothing better is known. */
export const UNKNOWN_REGION = "unknown";

/** ISO 3166-2:CN subdivision letters (`GD`) → the province's two GB/T 2260 digits (`44`). */
const PROVINCE_OF_ISO = new Map(Object.entries(PROVINCE_ISO_3166_2).map(([digits, iso]) => [iso.slice(3), digits]));
/** Hong Kong, Macao and Taiwan have their own ISO country codes. */
const COUNTRY_PROVINCE: Record<string, string> = { HK: "81", MO: "82", TW: "71" };

/**
 * A GB/T 2260 code made coarse for storage: a county becomes its city (or its province when the
 * city level does not exist, as for municipalities' districts), a city or province stays.
 * Anything that is not a current code is `unknown`.
 */
export function coarseRegion(code: string | undefined | null): string {
  const info = code ? lookupRegion(code.trim()) : undefined;
  if (!info) return UNKNOWN_REGION;
  if (info.level !== "county") return info.code;
  const city = `${info.code.slice(0, 4)}00`;
  return lookupRegion(city) ? city : `${info.code.slice(0, 2)}0000`;
}

/**
 * The province of a Cloudflare `request.cf` location: `country` CN with a `regionCode` given
 * as ISO 3166-2 letters (`GD`) or GB/T digits (`44`), or the country HK/MO/TW.
 */
export function regionFromCf(cf: { country?: unknown; regionCode?: unknown } | undefined): string {
  if (!cf || typeof cf.country !== "string") return UNKNOWN_REGION;
  const country = cf.country.toUpperCase();
  let digits = COUNTRY_PROVINCE[country];
  if (!digits && country === "CN" && typeof cf.regionCode === "string") {
    const code = cf.regionCode.toUpperCase().replace(/^CN-/, "");
    digits = /^\d{2}$/.test(code) ? code : PROVINCE_OF_ISO.get(code);
  }
  return digits ? coarseRegion(`${digits}0000`) : UNKNOWN_REGION;
}

/** The province (`440000`) of a stored region, or undefined for `unknown`. */
export const provinceOf = (region: string) => (region === UNKNOWN_REGION ? undefined : `${region.slice(0, 2)}0000`);
