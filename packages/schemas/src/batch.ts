import { z } from "zod";
import { RegionCode } from "./identifiers/region";
import { TraceCode } from "./identifiers/trace-code";
import { labelledEnum } from "./labels";
import { EntityId, IntegerAmount, IsoDate, IsoDateTime, text } from "./primitives";
import { Product } from "./product";
import { QuantityUnit } from "./unit";

/**
 * Status of a batch (and of every voucher that points at it). The order matches the SDK's
 * status-list wire values: valid 0, suspended 1, revoked 2, recalled 3. Append only.
 */
export const itemStatuses = labelledEnum({
  valid: { "zh-CN": "有效", en: "Valid" },
  suspended: { "zh-CN": "暂停销售", en: "Suspended" },
  revoked: { "zh-CN": "已撤销", en: "Revoked" },
  recalled: { "zh-CN": "已召回", en: "Recalled" },
});
export const ItemStatus = z.enum(itemStatuses.values);
export type ItemStatus = z.infer<typeof ItemStatus>;

/** A reference to a certificate carried with the goods (certificate number or trace code). */
export const CertificateRef = text(64);
export type CertificateRef = z.infer<typeof CertificateRef>;

/**
 * A batch (lot, 批次): one arrival or one production run of one product, under one trace code.
 * A split lot names its parent; quantities are integers in `unit`, so splits add up exactly.
 */
export const Batch = z
  .object({
    code: TraceCode,
    product: Product,
    /** The organisation holding the batch. */
    holderId: EntityId,
    originRegion: RegionCode,
    /** Farm, base or market of origin, as written on the certificate. */
    originDetail: text(200).optional(),
    quantity: IntegerAmount.refine((value) => value > 0, "quantity must be positive"),
    unit: QuantityUnit,
    netWeightGrams: IntegerAmount.optional(),
    productionDate: IsoDate.optional(),
    arrivalDate: IsoDate.optional(),
    /** Set for a lot split off another batch. */
    parentCode: TraceCode.optional(),
    certificateRefs: z.array(CertificateRef).max(50).default([]),
    status: ItemStatus.default("valid"),
    createdAt: IsoDateTime.optional(),
  })
  .strict()
  .refine((batch) => batch.parentCode === undefined || batch.parentCode !== batch.code, {
    message: "a batch cannot be its own parent",
    path: ["parentCode"],
  })
  .refine(
    (batch) => !batch.productionDate || !batch.arrivalDate || batch.productionDate <= batch.arrivalDate,
    { message: "arrivalDate must not be before productionDate", path: ["arrivalDate"] },
  );
export type BatchInput = z.input<typeof Batch>;
export type Batch = z.output<typeof Batch>;

export type SplitCheckResult =
  | { ok: true; total: number }
  | {
      ok: false;
      total: number;
      /** parent − sum of children: positive means some is unaccounted for, negative means too much. */
      difference: number;
      errors: string[];
    };

/**
 * Checks that a split lot's children add up exactly to the parent. All quantities must be
 * positive safe integers in the same unit (grams, pieces): no floats, no rounding.
 */
export function checkSplit(parentQuantity: number, childQuantities: readonly number[]): SplitCheckResult {
  const errors: string[] = [];
  if (!Number.isSafeInteger(parentQuantity) || parentQuantity <= 0) {
    errors.push(`parent quantity must be a positive whole number, got ${parentQuantity}`);
  }
  if (childQuantities.length === 0) errors.push("a split needs at least one child");
  childQuantities.forEach((quantity, index) => {
    if (!Number.isSafeInteger(quantity) || quantity <= 0) {
      errors.push(`child ${index + 1} quantity must be a positive whole number, got ${quantity}`);
    }
  });
  const total = childQuantities.reduce((sum, quantity) => sum + quantity, 0);
  if (errors.length > 0) return { ok: false, total, difference: parentQuantity - total, errors };
  if (!Number.isSafeInteger(total)) {
    return { ok: false, total, difference: parentQuantity - total, errors: ["children total is too large"] };
  }
  if (total !== parentQuantity) {
    const difference = parentQuantity - total;
    const message =
      difference > 0
        ? `children add up to ${total}, ${difference} short of the parent's ${parentQuantity}`
        : `children add up to ${total}, ${-difference} more than the parent's ${parentQuantity}`;
    return { ok: false, total, difference, errors: [message] };
  }
  return { ok: true, total };
}
