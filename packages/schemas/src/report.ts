import { z } from "zod";
import { TraceCode } from "./identifiers/trace-code";
import { labelledEnum } from "./labels";
import { EntityId, IsoDateTime, text } from "./primitives";

/**
 * Anonymous reports (吹哨人 whistleblowing). The reporter chooses an identity code (身份代码) and a
 * report password (举报密码) at submission and later follows up and claims a reward with them.
 * Only `ReportSubmission` (the input) carries them; `StoredReport` keeps a slow hash of the pair
 * produced by the server and nothing that identifies the reporter: no IP, no user agent, no
 * device id (the schema is strict, so such fields are rejected).
 */

export const reportTargetKinds = labelledEnum({
  business: { "zh-CN": "经营者", en: "Business" },
  batch: { "zh-CN": "批次", en: "Batch" },
  voucher: { "zh-CN": "凭证", en: "Voucher" },
});
export const ReportTargetKind = z.enum(reportTargetKinds.values);
export type ReportTargetKind = z.infer<typeof ReportTargetKind>;

export const reportCategories = labelledEnum({
  "unlicensed-business": { "zh-CN": "无证经营", en: "Unlicensed business" },
  "expired-food": { "zh-CN": "过期变质食品", en: "Expired or spoiled food" },
  "illegal-additive": { "zh-CN": "非法添加", en: "Illegal additives" },
  "poor-hygiene": { "zh-CN": "卫生状况差", en: "Poor hygiene" },
  "false-labelling": { "zh-CN": "虚假标注", en: "False labelling or origin" },
  "no-trace-records": { "zh-CN": "无进货凭证", en: "No purchase or trace records" },
  "suspected-poisoning": { "zh-CN": "疑似食物中毒", en: "Suspected food poisoning" },
  counterfeit: { "zh-CN": "假冒伪劣", en: "Counterfeit goods" },
  other: { "zh-CN": "其他", en: "Other" },
});
export const ReportCategory = z.enum(reportCategories.values);
export type ReportCategory = z.infer<typeof ReportCategory>;

export const ReportTarget = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("business"),
      businessId: EntityId.optional(),
      name: text(200).optional(),
      address: text(300).optional(),
    })
    .strict()
    .refine((t) => t.businessId !== undefined || t.name !== undefined, {
      message: "name the business or give its id",
      path: ["name"],
    }),
  z.object({ kind: z.literal("batch"), batchCode: TraceCode }).strict(),
  z.object({ kind: z.literal("voucher"), voucherCode: TraceCode }).strict(),
]);
export type ReportTarget = z.output<typeof ReportTarget>;

/** Photo, video or document ids uploaded with the report (stripped of metadata by the server). */
export const EvidenceRef = text(200);

/** 身份代码: 6–20 letters or digits, chosen by the reporter. */
export const IdentityCode = z
  .string()
  .regex(/^[A-Za-z0-9]{6,20}$/, "identity code must be 6–20 letters or digits");

/** 举报密码: 8–64 characters with at least one letter and one digit. */
export const ReportPassword = z
  .string()
  .min(8, "password must be at least 8 characters")
  .max(64, "password must be at most 64 characters")
  .refine((value) => /[A-Za-z]/.test(value) && /\d/.test(value), "password needs at least one letter and one digit");

/** What a reporter submits. Never store this object as is. */
export const ReportSubmission = z
  .object({
    target: ReportTarget,
    category: ReportCategory,
    description: text(5000).refine((value) => value.length >= 10, "describe what happened in at least 10 characters"),
    evidenceRefs: z.array(EvidenceRef).max(20).default([]),
    identityCode: IdentityCode,
    password: ReportPassword,
  })
  .strict()
  .refine((s) => s.password.toLowerCase() !== s.identityCode.toLowerCase(), {
    message: "password must differ from the identity code",
    path: ["password"],
  });
export type ReportSubmissionInput = z.input<typeof ReportSubmission>;
export type ReportSubmission = z.output<typeof ReportSubmission>;

export const reportStatuses = labelledEnum({
  received: { "zh-CN": "已受理", en: "Received" },
  investigating: { "zh-CN": "调查中", en: "Under investigation" },
  substantiated: { "zh-CN": "查证属实", en: "Substantiated" },
  unsubstantiated: { "zh-CN": "查证不实", en: "Not substantiated" },
  closed: { "zh-CN": "已办结", en: "Closed" },
});
export const ReportStatus = z.enum(reportStatuses.values);
export type ReportStatus = z.infer<typeof ReportStatus>;

/**
 * A report as stored. `secretHash` is a slow password hash (PHC string such as `$argon2id$…`
 * or `$scrypt$…`) of the identity code and password, computed by the server; the secrets
 * themselves and anything identifying the reporter are never stored.
 */
export const StoredReport = z
  .object({
    id: EntityId,
    target: ReportTarget,
    category: ReportCategory,
    description: text(5000),
    evidenceRefs: z.array(EvidenceRef).max(20).default([]),
    secretHash: z.string().regex(/^\$[a-z0-9-]+\$[!-~]{16,500}$/, "secretHash must be a PHC-format slow hash"),
    submittedAt: IsoDateTime,
    status: ReportStatus.default("received"),
    /** When the reporter was told of a reward; the claim window runs from here. */
    rewardNoticeAt: IsoDateTime.optional(),
  })
  .strict();
export type StoredReportInput = z.input<typeof StoredReport>;
export type StoredReport = z.output<typeof StoredReport>;

/**
 * Reward tiers of the 2021 national rules (市场监管领域重大违法行为举报奖励暂行办法). The regulator
 * picks the tier from the evidence:
 * 1 — detailed facts and direct evidence, fully matching the violation found: 5%, at least ¥5,000;
 * 2 — facts and direct evidence, matching: 3%, at least ¥3,000;
 * 3 — basic facts and related evidence, basically matching: 1%, at least ¥1,000.
 * Every tier is capped at ¥1,000,000 per case. Local top-ups are not modelled.
 */
export const rewardTiers = labelledEnum({
  "1": { "zh-CN": "一级（5%，不低于5000元）", en: "Tier 1 (5%, at least ¥5,000)" },
  "2": { "zh-CN": "二级（3%，不低于3000元）", en: "Tier 2 (3%, at least ¥3,000)" },
  "3": { "zh-CN": "三级（1%，不低于1000元）", en: "Tier 3 (1%, at least ¥1,000)" },
});
export const RewardTier = z.enum(rewardTiers.values);
export type RewardTier = z.infer<typeof RewardTier>;

export const REWARD_TIER_RULES: { readonly [K in RewardTier]: { percent: number; minimumYuan: number } } = {
  "1": { percent: 5, minimumYuan: 5_000 },
  "2": { percent: 3, minimumYuan: 3_000 },
  "3": { percent: 1, minimumYuan: 1_000 },
};
export const REWARD_CAP_YUAN = 1_000_000;

export interface WhistleblowerReward {
  tier: RewardTier;
  percent: number;
  /** Fines and confiscations of the case, whole yuan (the input). */
  fineYuan: number;
  /** `percent` of the fine, in fen (exact: 1% of a whole yuan is a whole fen). */
  proportionalFen: number;
  /** The reward, in fen, after the minimum and the cap. */
  rewardFen: number;
  minimumApplied: boolean;
  capApplied: boolean;
}

/**
 * The reward for a case. Money: the fine in integer yuan in, amounts in integer fen out
 * (¥1 = 100 fen), so no amount is ever a float. `tier` defaults to 1.
 */
export function whistleblowerReward(fineYuan: number, tier: RewardTier | 1 | 2 | 3 = "1"): WhistleblowerReward {
  if (!Number.isSafeInteger(fineYuan) || fineYuan < 0) throw new RangeError("fineYuan must be a whole number of yuan ≥ 0");
  const key = String(tier) as RewardTier;
  const rule = REWARD_TIER_RULES[key];
  if (!rule) throw new RangeError(`reward tier must be 1, 2 or 3, got ${String(tier)}`);
  const proportionalFen = fineYuan * rule.percent; // fine × percent / 100 yuan = fine × percent fen
  const minimumFen = rule.minimumYuan * 100;
  const capFen = REWARD_CAP_YUAN * 100;
  const minimumApplied = proportionalFen < minimumFen;
  let rewardFen = Math.max(proportionalFen, minimumFen);
  const capApplied = rewardFen > capFen;
  if (capApplied) rewardFen = capFen;
  return { tier: key, percent: rule.percent, fineYuan, proportionalFen, rewardFen, minimumApplied, capApplied };
}

/** `123456` fen → `¥1,234.56`. */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError("fen must be a whole number");
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, "0")}`;
}
