import { z } from "zod";
import { RegionCode } from "./identifiers/region";
import { TraceCode } from "./identifiers/trace-code";
import { labelledEnum } from "./labels";
import { EntityId, IsoDateTime, text } from "./primitives";

/**
 * Recall levels of 食品召回管理办法 (2015, art. 13): level 1 for food that has caused or may
 * cause serious harm or death, level 2 for general harm, level 3 for false labelling.
 */
export const recallLevels = labelledEnum({
  "level-1": { "zh-CN": "一级召回", en: "Level 1 recall" },
  "level-2": { "zh-CN": "二级召回", en: "Level 2 recall" },
  "level-3": { "zh-CN": "三级召回", en: "Level 3 recall" },
});
export const RecallLevel = z.enum(recallLevels.values);
export type RecallLevel = z.infer<typeof RecallLevel>;

/** Start and completion deadlines per level (hours after learning of the risk; working days). */
export const RECALL_DEADLINES: { readonly [K in RecallLevel]: { startWithinHours: number; completeWithinWorkingDays: number } } = {
  "level-1": { startWithinHours: 24, completeWithinWorkingDays: 10 },
  "level-2": { startWithinHours: 48, completeWithinWorkingDays: 20 },
  "level-3": { startWithinHours: 72, completeWithinWorkingDays: 30 },
};

/** Voluntary (主动召回, by the business) or ordered (责令召回, by the regulator). */
export const recallInitiations = labelledEnum({
  voluntary: { "zh-CN": "主动召回", en: "Voluntary recall" },
  ordered: { "zh-CN": "责令召回", en: "Ordered recall" },
});
export const RecallInitiation = z.enum(recallInitiations.values);
export type RecallInitiation = z.infer<typeof RecallInitiation>;

export const recallReasons = labelledEnum({
  "test-failed": { "zh-CN": "检测不合格", en: "Failed test" },
  contamination: { "zh-CN": "污染", en: "Contamination" },
  "illegal-additive": { "zh-CN": "非法添加", en: "Illegal additive" },
  "labelling-error": { "zh-CN": "标签标识问题", en: "Labelling error" },
  "foodborne-illness": { "zh-CN": "食源性疾病", en: "Foodborne illness" },
  other: { "zh-CN": "其他", en: "Other" },
});
export const RecallReason = z.enum(recallReasons.values);
export type RecallReason = z.infer<typeof RecallReason>;

/**
 * A recall of a batch. With `includeDescendants` (default) it reaches every lot split off the
 * batch and every voucher pointing at those lots: the batch and its descendants get status
 * `recalled`.
 */
export const Recall = z
  .object({
    id: EntityId,
    batchCode: TraceCode,
    reason: RecallReason,
    description: text(2000),
    level: RecallLevel,
    initiation: RecallInitiation,
    initiatedBy: z.object({ organisationId: EntityId, name: text(200).optional() }).strict(),
    initiatedAt: IsoDateTime,
    scope: z
      .object({
        includeDescendants: z.boolean().default(true),
        /** Limit to these regions; empty = everywhere the goods went. */
        regions: z.array(RegionCode).max(100).default([]),
      })
      .strict()
      .default({ includeDescendants: true, regions: [] }),
    closedAt: IsoDateTime.optional(),
  })
  .strict()
  .refine((r) => !r.closedAt || Date.parse(r.closedAt) >= Date.parse(r.initiatedAt), {
    message: "closedAt must not be before initiatedAt",
    path: ["closedAt"],
  });
export type RecallInput = z.input<typeof Recall>;
export type Recall = z.output<typeof Recall>;
