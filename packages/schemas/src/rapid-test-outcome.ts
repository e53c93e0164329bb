import { z } from "zod";
import { labelledEnum } from "./labels";

/** The outcome of a rapid test (快检). Order is the compact codec's wire number: append only. */
export const rapidTestOutcomes = labelledEnum({
  "not-tested": { "zh-CN": "未检测", en: "Not tested" },
  pass: { "zh-CN": "合格", en: "Pass" },
  fail: { "zh-CN": "不合格", en: "Fail" },
  suspicious: { "zh-CN": "可疑", en: "Suspicious" },
});
export const RapidTestOutcome = z.enum(rapidTestOutcomes.values);
export type RapidTestOutcome = z.infer<typeof RapidTestOutcome>;
