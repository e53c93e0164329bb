import { z } from "zod";
import { EntityId, IsoDateTime, text } from "./primitives";

/** A score on the 10-point scale with at most one decimal (8.5, not 8.55). */
export const TenPointScore = z
  .number()
  .min(0, "score must be between 0 and 10")
  .max(10, "score must be between 0 and 10")
  .refine((score) => Math.abs(score * 10 - Math.round(score * 10)) < 1e-9, "score has at most one decimal (tenths)");

/** Converts a 10-point score to integer tenths (8.9 → 89) so comparisons have no float traps. */
export function scoreToTenths(score: number): number {
  return Math.round(score * 10);
}

export const InspectionItem = z
  .object({
    code: text(32),
    title: text(200),
    /** 关键项: two or more failed key items mean no grade for the inspection. */
    keyItem: z.boolean().default(false),
    passed: z.boolean(),
    score: z.number().min(0).max(1000).optional(),
    maxScore: z.number().positive().max(1000).optional(),
    note: text(500).optional(),
  })
  .strict()
  .refine((item) => item.score === undefined || item.maxScore === undefined || item.score <= item.maxScore, {
    message: "score must not exceed maxScore",
    path: ["score"],
  });
export type InspectionItem = z.output<typeof InspectionItem>;

/** A supervision inspection of a business with its items and total score (10-point scale). */
export const Inspection = z
  .object({
    id: EntityId,
    businessId: EntityId,
    inspector: z.object({ name: text(50), id: EntityId.optional() }).strict(),
    inspectedAt: IsoDateTime,
    items: z.array(InspectionItem).min(1, "an inspection has at least one item").max(500),
    totalScore: TenPointScore,
    /** The checklist (inspection guide) used. */
    checklistId: text(64).optional(),
  })
  .strict()
  .refine((i) => new Set(i.items.map((item) => item.code)).size === i.items.length, {
    message: "item codes repeat",
    path: ["items"],
  });
export type InspectionInput = z.input<typeof Inspection>;
export type Inspection = z.output<typeof Inspection>;

/** Number of key items the inspection failed. */
export function failedKeyItems(inspection: Pick<Inspection, "items">): number {
  return inspection.items.filter((item) => item.keyItem && !item.passed).length;
}
