import { z } from "zod";
import { labelledEnum } from "./labels";

/**
 * Product categories as carried in vouchers. Each has a stable small number used by the
 * compact voucher codec: never renumber, only append.
 */
export const productCategories = labelledEnum({
  vegetable: { "zh-CN": "蔬菜", en: "Vegetables" },
  fruit: { "zh-CN": "水果", en: "Fruit" },
  "livestock-meat": { "zh-CN": "畜肉", en: "Livestock meat" },
  poultry: { "zh-CN": "禽肉", en: "Poultry" },
  egg: { "zh-CN": "蛋类", en: "Eggs" },
  aquatic: { "zh-CN": "水产品", en: "Aquatic products" },
  grain: { "zh-CN": "粮食", en: "Grain" },
  "edible-fungi": { "zh-CN": "食用菌", en: "Edible fungi" },
  "soy-product": { "zh-CN": "豆制品", en: "Soy products" },
  "live-poultry": { "zh-CN": "活禽", en: "Live poultry" },
  tea: { "zh-CN": "茶叶", en: "Tea" },
  "nut-seed": { "zh-CN": "坚果籽类", en: "Nuts and seeds" },
  dairy: { "zh-CN": "乳制品", en: "Dairy" },
  prepackaged: { "zh-CN": "预包装食品", en: "Prepackaged food" },
  condiment: { "zh-CN": "调味品", en: "Condiments" },
  other: { "zh-CN": "其他", en: "Other" },
});
export const ProductCategory = z.enum(productCategories.values);
export type ProductCategory = z.infer<typeof ProductCategory>;

/** Stable wire numbers (1-based position in the list above). */
export const PRODUCT_CATEGORY_CODES: ReadonlyMap<ProductCategory, number> = new Map(
  productCategories.values.map((category, index) => [category, index + 1]),
);
export const PRODUCT_CATEGORY_BY_CODE: ReadonlyMap<number, ProductCategory> = new Map(
  productCategories.values.map((category, index) => [index + 1, category]),
);
