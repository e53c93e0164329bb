import { z } from "zod";
import { labelledEnum } from "./labels";

/**
 * Units a quantity is counted in. Keep quantities as integers in the smallest unit that fits
 * (grams rather than kilograms) so that splits add up exactly.
 */
export const quantityUnits = labelledEnum({
  gram: { "zh-CN": "克", en: "gram" },
  kilogram: { "zh-CN": "千克", en: "kilogram" },
  jin: { "zh-CN": "斤", en: "jin (500 g)" },
  millilitre: { "zh-CN": "毫升", en: "millilitre" },
  litre: { "zh-CN": "升", en: "litre" },
  piece: { "zh-CN": "个", en: "piece" },
  head: { "zh-CN": "头/只", en: "head (live animal)" },
  bag: { "zh-CN": "袋", en: "bag" },
  box: { "zh-CN": "箱", en: "box" },
  bottle: { "zh-CN": "瓶", en: "bottle" },
  basket: { "zh-CN": "筐", en: "basket" },
});
export const QuantityUnit = z.enum(quantityUnits.values);
export type QuantityUnit = z.infer<typeof QuantityUnit>;

/** A whole-number quantity with its unit, e.g. `{ value: 2500, unit: "gram" }`. */
export const Quantity = z
  .object({
    value: z.number().int("quantity must be a whole number (use a smaller unit)").positive().max(Number.MAX_SAFE_INTEGER),
    unit: QuantityUnit,
  })
  .strict();
export type Quantity = z.infer<typeof Quantity>;
