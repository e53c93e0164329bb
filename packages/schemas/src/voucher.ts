import { z } from "zod";
import { Gtin } from "./identifiers/gtin";
import { RegionCode } from "./identifiers/region";
import { TraceCode } from "./identifiers/trace-code";
import { labelledEnum } from "./labels";
import { ProductCategory } from "./product-category";
import { RapidTestOutcome } from "./rapid-test-outcome";

/** What a signed QR voucher stands for. Order is the compact codec's wire number: append only. */
export const voucherTypes = labelledEnum({
  sale: { "zh-CN": "销售凭证", en: "Sale voucher" },
  batch: { "zh-CN": "批次码", en: "Batch code" },
  merchant: { "zh-CN": "一店一码", en: "Merchant code" },
  certificate: { "zh-CN": "承诺达标合格证", en: "Compliance certificate" },
});
export const VoucherType = z.enum(voucherTypes.values);
export type VoucherType = z.infer<typeof VoucherType>;

/** An ISO 8601 time with offset, whole seconds; normalised to UTC (`2026-11-24T00:30:00Z`). */
const WholeSecondTime = z.iso
  .datetime({ offset: true })
  .refine((value) => new Date(value).getMilliseconds() === 0, "times are signed to the whole second")
  .transform((value) => new Date(value).toISOString().replace(".000Z", "Z"));

/** GS1 AI (10) batch/lot: up to 20 characters of GS1's 82-character set. */
export const Gs1Lot = z
  .string()
  .min(1)
  .max(20)
  .regex(/^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/, "lot must use GS1 AI 82 characters");

/**
 * The claims a voucher carries. Everything but type, code and issue time is optional, and
 * each optional field costs bytes in the QR: carry what a scanner needs offline, look the
 * rest up online.
 */
export const VoucherClaims = z
  .object({
    type: VoucherType.default("sale"),
    /** The voucher's own trace code, in the issuer's namespace. */
    code: TraceCode,
    issuedAt: WholeSecondTime,
    expiresAt: WholeSecondTime.optional(),
    /** The batch (lot) this voucher belongs to: a recall of the batch reaches the voucher. */
    batchCode: TraceCode.optional(),
    originRegion: RegionCode.optional(),
    productCategory: ProductCategory.optional(),
    netWeightGrams: z.number().int().min(0).max(1_000_000_000).optional(),
    quantity: z.number().int().min(0).max(1_000_000_000).optional(),
    unitPriceFen: z.number().int().min(0).max(1_000_000_000).optional(),
    rapidTest: RapidTestOutcome.optional(),
    /** Trace code of a compliance certificate (合格证) or test report carried with the goods. */
    certificateRef: TraceCode.optional(),
    gtin: Gtin.optional(),
    lot: Gs1Lot.optional(),
  })
  .strict()
  .refine((claims) => !claims.expiresAt || Date.parse(claims.expiresAt) > Date.parse(claims.issuedAt), {
    message: "expiresAt must be after issuedAt",
    path: ["expiresAt"],
  });
export type VoucherClaimsInput = z.input<typeof VoucherClaims>;
export type VoucherClaims = z.output<typeof VoucherClaims>;
