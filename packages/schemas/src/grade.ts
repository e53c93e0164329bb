import { z } from "zod";
import { failedKeyItems, scoreToTenths, type Inspection } from "./inspection";
import { labelledEnum, type Label } from "./labels";
import { IsoDate, text } from "./primitives";

/**
 * Quantitative grading (量化分级, 三色码) as versioned DATA. Thresholds are integer tenths of a
 * point on the 10-point scale (9.0 → 90) so that no comparison depends on float rounding.
 */

/** What one inspection earns. */
export const inspectionBands = labelledEnum({
  excellent: { "zh-CN": "优秀", en: "Excellent" },
  good: { "zh-CN": "良好", en: "Good" },
  fair: { "zh-CN": "一般", en: "Fair" },
  none: { "zh-CN": "不予评级", en: "No grade" },
});
export const InspectionBand = z.enum(inspectionBands.values);
export type InspectionBand = z.infer<typeof InspectionBand>;

/** The annual grade letters. What a letter *means* (优秀 or 良好…) is in the rule set's display map. */
export const annualGrades = labelledEnum({
  A: { "zh-CN": "A级", en: "Grade A" },
  B: { "zh-CN": "B级", en: "Grade B" },
  C: { "zh-CN": "C级", en: "Grade C" },
});
export const AnnualGrade = z.enum(annualGrades.values);
export type AnnualGrade = z.infer<typeof AnnualGrade>;

export const gradeColours = labelledEnum({
  green: { "zh-CN": "绿色", en: "Green" },
  yellow: { "zh-CN": "黄色", en: "Yellow" },
  red: { "zh-CN": "红色", en: "Red" },
});
export const GradeColour = z.enum(gradeColours.values);
export type GradeColour = z.infer<typeof GradeColour>;

export const gradeFaces = labelledEnum({
  smile: { "zh-CN": "笑脸", en: "Smiling face" },
  flat: { "zh-CN": "平脸", en: "Flat face" },
  sad: { "zh-CN": "哭脸", en: "Sad face" },
});
export const GradeFace = z.enum(gradeFaces.values);
export type GradeFace = z.infer<typeof GradeFace>;

const LabelSchema = z.object({ "zh-CN": text(50), en: text(50) }).strict();
const Tenths = z.number().int("thresholds are integer tenths (9.0 → 90)").min(0).max(100);

/** How a grade is shown publicly. */
export const GradeDisplay = z.object({ colour: GradeColour, face: GradeFace, label: LabelSchema }).strict();
export type GradeDisplay = z.infer<typeof GradeDisplay>;

function strictlyDescending(list: readonly { minTenths: number }[]): boolean {
  return list.every((band, index) => index === 0 || band.minTenths < list[index - 1]!.minTenths);
}

export const GradeRuleSet = z
  .object({
    id: text(64),
    /** ISO 3166 / 3166-2 code of the jurisdiction: `CN`, `CN-SH`. */
    jurisdiction: text(16),
    version: z.number().int().min(1),
    effectiveFrom: IsoDate,
    name: LabelSchema,
    source: text(300).optional(),
    /** Per-inspection bands, highest first; below the last band (or too many key failures): `none`. */
    inspectionBands: z
      .array(z.object({ band: InspectionBand.exclude(["none"]), minTenths: Tenths }).strict())
      .min(1)
      .refine(strictlyDescending, "inspection bands must be listed highest first, thresholds strictly falling"),
    /** This many failed key items (or more) give the inspection no grade. */
    keyItemFailureLimit: z.number().int().min(1),
    /** Months before `asOf` whose inspections count. */
    windowMonths: z.number().int().min(1).max(60),
    /** Annual grade from the window's average score, highest first; below the last: no grade. */
    annualBands: z
      .array(z.object({ grade: AnnualGrade, minTenths: Tenths }).strict())
      .min(1)
      .refine(strictlyDescending, "annual bands must be listed highest first, thresholds strictly falling"),
    display: z.object({ A: GradeDisplay, B: GradeDisplay, C: GradeDisplay }).strict(),
  })
  .strict();
export type GradeRuleSet = z.infer<typeof GradeRuleSet>;

/**
 * National default (餐饮服务食品安全监督量化分级管理, 2012 guidance).
 *
 * Per inspection: ≥ 9.0 excellent 优秀, 7.5–8.9 good 良好, 6.0–7.4 fair 一般; < 6.0 or ≥ 2
 * failed key items: no grade.
 *
 * Annual grade — our documented choice: the 12-month average is banded with the same cut-offs,
 * A = average ≥ 9.0 (优秀), B = 7.5 ≤ average < 9.0 (良好), C = 6.0 ≤ average < 7.5 (一般),
 * below 6.0 no grade. The average is compared exactly (sum of tenths against threshold × count),
 * so 8.95 stays B: an average is never rounded up into a better grade. Every inspection in the
 * window counts with its score, including one that got no grade for key-item failures.
 */
export const NATIONAL_DEFAULT_RULE_SET: GradeRuleSet = GradeRuleSet.parse({
  id: "cn-catering-2012",
  jurisdiction: "CN",
  version: 1,
  effectiveFrom: "2012-01-01",
  name: { "zh-CN": "餐饮服务食品安全监督量化分级（全国默认）", en: "Catering quantitative grading (national default)" },
  source: "餐饮服务食品安全监督量化分级管理指导意见 (2012)",
  inspectionBands: [
    { band: "excellent", minTenths: 90 },
    { band: "good", minTenths: 75 },
    { band: "fair", minTenths: 60 },
  ],
  keyItemFailureLimit: 2,
  windowMonths: 12,
  annualBands: [
    { grade: "A", minTenths: 90 },
    { grade: "B", minTenths: 75 },
    { grade: "C", minTenths: 60 },
  ],
  display: {
    A: { colour: "green", face: "smile", label: { "zh-CN": "优秀", en: "Excellent" } },
    B: { colour: "yellow", face: "flat", label: { "zh-CN": "良好", en: "Good" } },
    C: { colour: "red", face: "sad", label: { "zh-CN": "一般", en: "Fair" } },
  },
});

/**
 * Shanghai: the national thresholds with Shanghai's public display — A 良好 (green smile),
 * B 一般 (yellow flat face), C 较差 (red).
 */
export const SHANGHAI_RULE_SET: GradeRuleSet = GradeRuleSet.parse({
  ...NATIONAL_DEFAULT_RULE_SET,
  id: "cn-sh-catering",
  jurisdiction: "CN-SH",
  version: 1,
  name: { "zh-CN": "上海市餐饮服务食品安全量化分级", en: "Shanghai catering quantitative grading" },
  source: "Shanghai three-colour display (A good / B fair / C poor)",
  display: {
    A: { colour: "green", face: "smile", label: { "zh-CN": "良好", en: "Good" } },
    B: { colour: "yellow", face: "flat", label: { "zh-CN": "一般", en: "Fair" } },
    C: { colour: "red", face: "sad", label: { "zh-CN": "较差", en: "Poor" } },
  },
});

export const BUILT_IN_RULE_SETS: readonly GradeRuleSet[] = [NATIONAL_DEFAULT_RULE_SET, SHANGHAI_RULE_SET];

/** The newest version of a jurisdiction's rule set in force on `asOf` (`YYYY-MM-DD`). */
export function selectRuleSet(
  ruleSets: readonly GradeRuleSet[],
  jurisdiction: string,
  asOf: string,
): GradeRuleSet | undefined {
  return ruleSets
    .filter((set) => set.jurisdiction === jurisdiction && set.effectiveFrom <= asOf)
    .sort((a, b) => (a.effectiveFrom === b.effectiveFrom ? b.version - a.version : a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0];
}

export interface InspectionBandResult {
  id: string;
  inspectedAt: string;
  scoreTenths: number;
  keyItemsFailed: number;
  band: InspectionBand;
  /** Why `none`: below the lowest band or too many key items failed. */
  reason: "scored" | "below-minimum" | "key-items-failed";
}

/** Band of one inspection under a rule set. */
export function bandInspection(
  inspection: Pick<Inspection, "id" | "inspectedAt" | "totalScore" | "items">,
  ruleSet: GradeRuleSet,
): InspectionBandResult {
  const scoreTenths = scoreToTenths(inspection.totalScore);
  const keyItemsFailed = failedKeyItems(inspection);
  const base = { id: inspection.id, inspectedAt: inspection.inspectedAt, scoreTenths, keyItemsFailed };
  if (keyItemsFailed >= ruleSet.keyItemFailureLimit) return { ...base, band: "none", reason: "key-items-failed" };
  const band = ruleSet.inspectionBands.find((b) => scoreTenths >= b.minTenths);
  return band ? { ...base, band: band.band, reason: "scored" } : { ...base, band: "none", reason: "below-minimum" };
}

export interface GradeResult {
  ruleSet: { id: string; jurisdiction: string; version: number };
  asOf: string;
  /** Inspections after this instant (and not after `asOf`) count. */
  windowStart: string;
  grade: AnnualGrade | null;
  /** Why there is no grade, or `graded`. */
  reason: "graded" | "no-inspections" | "below-minimum";
  display: GradeDisplay | null;
  /** Average of the used inspections' scores in tenths, rounded down; null without inspections. */
  averageTenths: number | null;
  /** `averageTenths / 10`, for display. */
  average: number | null;
  /** Band of each used inspection, oldest first. */
  bands: InspectionBandResult[];
  /** The inspections the grade is computed from (the evidence), oldest first. */
  used: Inspection[];
}

function toInstant(value: Date | string): Date {
  const instant = typeof value === "string" ? new Date(value) : new Date(value.getTime());
  if (Number.isNaN(instant.getTime())) throw new RangeError(`not a date-time: ${String(value)}`);
  return instant;
}

function minusMonths(instant: Date, months: number): Date {
  const result = new Date(instant.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

/**
 * Computes the annual grade from inspections in the `windowMonths` before `asOf`
 * (windowStart < inspectedAt ≤ asOf). Pure: never reads the clock.
 */
export function computeGrade(
  inspections: readonly Inspection[],
  ruleSet: GradeRuleSet,
  asOf: Date | string,
): GradeResult {
  const end = toInstant(asOf);
  const start = minusMonths(end, ruleSet.windowMonths);
  const used = inspections
    .filter((inspection) => {
      const at = Date.parse(inspection.inspectedAt);
      return at > start.getTime() && at <= end.getTime();
    })
    .sort((a, b) => Date.parse(a.inspectedAt) - Date.parse(b.inspectedAt));
  const bands = used.map((inspection) => bandInspection(inspection, ruleSet));
  const base = {
    ruleSet: { id: ruleSet.id, jurisdiction: ruleSet.jurisdiction, version: ruleSet.version },
    asOf: end.toISOString(),
    windowStart: start.toISOString(),
    bands,
    used,
  };
  if (used.length === 0) {
    return { ...base, grade: null, reason: "no-inspections", display: null, averageTenths: null, average: null };
  }
  const sumTenths = bands.reduce((sum, band) => sum + band.scoreTenths, 0);
  const averageTenths = Math.floor(sumTenths / used.length);
  // Exact: average ≥ threshold ⇔ sum ≥ threshold × count, all integers.
  const annual = ruleSet.annualBands.find((band) => sumTenths >= band.minTenths * used.length);
  const grade = annual?.grade ?? null;
  return {
    ...base,
    grade,
    reason: grade ? "graded" : "below-minimum",
    display: grade ? ruleSet.display[grade] : null,
    averageTenths,
    average: averageTenths / 10,
  };
}

/** The public label of a grade under a rule set, e.g. Shanghai A → 良好. */
export function gradeLabel(ruleSet: GradeRuleSet, grade: AnnualGrade): Label {
  return ruleSet.display[grade].label;
}
