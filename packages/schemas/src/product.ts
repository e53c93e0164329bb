import { z } from "zod";
import { Gtin } from "./identifiers/gtin";
import { EntityId, text } from "./primitives";
import { ProductCategory } from "./product-category";
import { QuantityUnit } from "./unit";

/** A product as sold: the kind of thing a batch is a lot of. */
export const Product = z
  .object({
    id: EntityId.optional(),
    name: text(100),
    category: ProductCategory,
    gtin: Gtin.optional(),
    brand: text(100).optional(),
    /** 规格, as printed: `500g/袋`, `散装`. */
    specification: text(100).optional(),
    /** 保质期 in days; omitted for loose edible farm produce that has none. */
    shelfLifeDays: z.number().int("shelf life is a whole number of days").min(0).max(36_500).optional(),
    /** The unit the product is counted or weighed in. */
    unit: QuantityUnit,
  })
  .strict();
export type Product = z.infer<typeof Product>;
