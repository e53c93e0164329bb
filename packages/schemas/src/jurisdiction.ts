import { type GradeRuleSet, selectRuleSet } from "./grade";

/**
 * ISO 3166-2:CN subdivision of each GB/T 2260 province-level code (the first two digits of a
 * region code). Grade rule sets name their jurisdiction this way: `CN` for the national default,
 * `CN-SH` for Shanghai.
 */
export const PROVINCE_ISO_3166_2: Readonly<Record<string, string>> = {
  "11": "CN-BJ", "12": "CN-TJ", "13": "CN-HE", "14": "CN-SX", "15": "CN-NM",
  "21": "CN-LN", "22": "CN-JL", "23": "CN-HL",
  "31": "CN-SH", "32": "CN-JS", "33": "CN-ZJ", "34": "CN-AH", "35": "CN-FJ", "36": "CN-JX", "37": "CN-SD",
  "41": "CN-HA", "42": "CN-HB", "43": "CN-HN", "44": "CN-GD", "45": "CN-GX", "46": "CN-HI",
  "50": "CN-CQ", "51": "CN-SC", "52": "CN-GZ", "53": "CN-YN", "54": "CN-XZ",
  "61": "CN-SN", "62": "CN-GS", "63": "CN-QH", "64": "CN-NX", "65": "CN-XJ",
  "71": "CN-TW", "81": "CN-HK", "82": "CN-MO",
};

/** Jurisdictions whose rules may apply to a region, most specific first: `["CN-SH", "CN"]`. */
export function jurisdictionsOfRegion(region: string | null | undefined): string[] {
  const province = region && /^\d{6}$/.test(region) ? PROVINCE_ISO_3166_2[region.slice(0, 2)] : undefined;
  return province ? [province, "CN"] : ["CN"];
}

/**
 * The rule set that grades a business in `region` on `asOf` (`YYYY-MM-DD`): the newest version
 * in force of the most specific jurisdiction that has one (province, then national). Adding a
 * province's rule set is adding data to `ruleSets`; no code changes.
 */
export function ruleSetForRegion(
  ruleSets: readonly GradeRuleSet[],
  region: string | null | undefined,
  asOf: string,
): GradeRuleSet | undefined {
  for (const jurisdiction of jurisdictionsOfRegion(region)) {
    const found = selectRuleSet(ruleSets, jurisdiction, asOf);
    if (found) return found;
  }
  return undefined;
}
