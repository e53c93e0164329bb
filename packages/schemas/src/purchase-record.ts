import { z } from "zod";
import { ChinesePhone } from "./contact";
import { FoodLicenceNumber } from "./identifiers/licence";
import { TraceCode } from "./identifiers/trace-code";
import { UsccLenient } from "./identifiers/uscc";
import { addDays, addMonths, laterDate } from "./internal/dates";
import { EntityId, IsoDate, text } from "./primitives";
import { ProductCategory } from "./product-category";
import { Quantity } from "./unit";

/**
 * 进货查验记录: a purchase (incoming inspection) record with the fields the Food Safety Law
 * requires (arts. 50, 53, 65): product name, specification, quantity, production date or batch,
 * shelf life, purchase date, and the supplier's name, address and contact.
 *
 * Edible farm produce (食用农产品, art. 65) often has no shelf life; mark it with
 * `edibleFarmProduce: true` and the shelf life becomes optional. A scanned sales voucher
 * (销售凭证) can fill the record: keep its URL and batch code.
 */
export const PurchaseRecord = z
  .object({
    id: EntityId.optional(),
    /** The buying business whose ledger this line is in. */
    buyerId: EntityId,
    productName: text(100),
    category: ProductCategory.optional(),
    /** 规格, e.g. `500g/袋`; `散装` for loose goods. */
    specification: text(100),
    quantity: Quantity,
    productionDate: IsoDate.optional(),
    /** The supplier's batch / lot number as printed. */
    batchNumber: text(64).optional(),
    /** 保质期 in days. Required unless `edibleFarmProduce`. */
    shelfLifeDays: z.number().int("shelf life is a whole number of days").min(0).max(36_500).optional(),
    edibleFarmProduce: z.boolean().default(false),
    purchaseDate: IsoDate,
    supplier: z
      .object({
        name: text(200),
        address: text(300),
        contactName: text(50).optional(),
        phone: ChinesePhone,
        uscc: UsccLenient.optional(),
        licenceNumber: FoodLicenceNumber.optional(),
      })
      .strict(),
    /** The sales voucher (QR) this line was created from. */
    sourceVoucherUrl: z.url({ protocol: /^https$/, message: "voucher URL must be an https URL" }).max(2000).optional(),
    sourceBatchCode: TraceCode.optional(),
    /** Certificates checked on receipt (索证索票). */
    certificateRefs: z.array(text(64)).max(50).default([]),
  })
  .strict()
  .refine((r) => r.productionDate !== undefined || r.batchNumber !== undefined || r.sourceBatchCode !== undefined, {
    message: "give the production date or the batch",
    path: ["productionDate"],
  })
  .refine((r) => r.edibleFarmProduce || r.shelfLifeDays !== undefined, {
    message: "shelf life is required (except for edible farm produce)",
    path: ["shelfLifeDays"],
  })
  .refine((r) => r.productionDate === undefined || r.productionDate <= r.purchaseDate, {
    message: "productionDate must not be after purchaseDate",
    path: ["productionDate"],
  });
export type PurchaseRecordInput = z.input<typeof PurchaseRecord>;
export type PurchaseRecord = z.output<typeof PurchaseRecord>;

/**
 * How long records are kept. Defaults follow the Food Safety Law with a conservative floor:
 * - art. 50/53: at least 6 months after the shelf life ends; 2 years when there is no clear
 *   shelf life. The default also never keeps a record less than 2 years after purchase
 *   (`minimumYears`), which is the stricter reading many local rules use.
 * - art. 65: edible farm produce at least 6 months (after purchase).
 */
export const RetentionPolicy = z
  .object({
    monthsAfterShelfLife: z.number().int().min(0).max(600).default(6),
    minimumYears: z.number().int().min(0).max(100).default(2),
    noShelfLifeYears: z.number().int().min(0).max(100).default(2),
    edibleFarmProduceMonths: z.number().int().min(0).max(1200).default(6),
  })
  .strict();
export type RetentionPolicy = z.output<typeof RetentionPolicy>;
export type RetentionPolicyInput = z.input<typeof RetentionPolicy>;

export const DEFAULT_RETENTION_POLICY: RetentionPolicy = RetentionPolicy.parse({});

type RetentionInput = Pick<PurchaseRecord, "purchaseDate" | "productionDate" | "shelfLifeDays"> & {
  edibleFarmProduce?: boolean;
};

/**
 * The date until which the record must be kept (`YYYY-MM-DD`); it may be deleted after it.
 *
 * Shelf life runs from the production date; when only a batch is known, from the purchase date
 * (later than the true production date, so the answer errs on keeping longer).
 */
export function retentionUntil(record: RetentionInput, policy: RetentionPolicyInput = {}): string {
  const rules = RetentionPolicy.parse(policy);
  const purchased = record.purchaseDate;
  if (record.edibleFarmProduce && record.shelfLifeDays === undefined) {
    return addMonths(purchased, rules.edibleFarmProduceMonths);
  }
  let until: string;
  if (record.shelfLifeDays === undefined) {
    until = addMonths(purchased, rules.noShelfLifeYears * 12);
  } else {
    const shelfLifeEnds = addDays(record.productionDate ?? purchased, record.shelfLifeDays);
    until = addMonths(shelfLifeEnds, rules.monthsAfterShelfLife);
  }
  if (record.edibleFarmProduce) {
    // Farm produce with a shelf life: the farm-produce minimum applies, not the 2-year floor.
    return laterDate(until, addMonths(purchased, rules.edibleFarmProduceMonths));
  }
  return laterDate(until, addMonths(purchased, rules.minimumYears * 12));
}
