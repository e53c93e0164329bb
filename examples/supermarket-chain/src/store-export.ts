/**
 * A store system's nightly item export, as a chain's ERP writes it (one row per labelled item
 * on the shelf) — and a generator of realistic ones for trying the job at any size.
 */
import type { ProductCategory } from "@shian/schemas";

/** The export's columns, in order. */
export const EXPORT_COLUMNS = [
  "store_code",
  "item_id",
  "sku",
  "barcode",
  "item_name",
  "category",
  "origin_region",
  "receiving_lot",
  "net_weight_g",
  "pack_qty",
  "price_fen",
  "best_before",
] as const;
export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string>;

interface Product {
  name: string;
  category: ProductCategory;
  origin: string;
  /** Packed by weight (grams, varying per pack) or by count. */
  weight?: [number, number];
  count?: number;
  /** Price per pack (count) or per 500 g (weight), in fen. */
  priceFen: number;
  shelfDays: number;
}

const PRODUCTS: Product[] = [
  { name: "菜心", category: "vegetable", origin: "530424", weight: [300, 600], priceFen: 450, shelfDays: 3 },
  { name: "上海青", category: "vegetable", origin: "440607", weight: [300, 500], priceFen: 350, shelfDays: 3 },
  { name: "西兰花", category: "vegetable", origin: "530112", weight: [350, 550], priceFen: 680, shelfDays: 5 },
  { name: "豇豆", category: "vegetable", origin: "460200", weight: [250, 450], priceFen: 790, shelfDays: 4 },
  { name: "红富士苹果", category: "fruit", origin: "370682", weight: [800, 1500], priceFen: 990, shelfDays: 20 },
  { name: "砂糖橘", category: "fruit", origin: "451100", weight: [1000, 2500], priceFen: 590, shelfDays: 12 },
  { name: "鸡蛋 10枚装", category: "egg", origin: "440606", count: 10, priceFen: 1590, shelfDays: 30 },
  { name: "鲈鱼", category: "aquatic", origin: "440606", weight: [450, 900], priceFen: 2380, shelfDays: 2 },
  { name: "基围虾", category: "aquatic", origin: "440883", weight: [250, 500], priceFen: 4980, shelfDays: 2 },
  { name: "三黄鸡", category: "poultry", origin: "440783", weight: [1100, 1600], priceFen: 1880, shelfDays: 3 },
  { name: "五常大米 5kg", category: "grain", origin: "230184", count: 1, priceFen: 6990, shelfDays: 365 },
  { name: "鲜牛奶 950ml", category: "dairy", origin: "440604", count: 1, priceFen: 1690, shelfDays: 12 },
];
const STORES = ["FS-SS01", "FS-SS02", "FS-NH03", "GZ-TH04", "SZ-NS05"];

/** EAN-13 with its check digit (GS1 prefix 69x: products registered in China). */
export function ean13(body12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body12[i]) * (i % 2 === 0 ? 1 : 3);
  return `${body12}${(10 - (sum % 10)) % 10}`;
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same export. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const csvField = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * `rows` items across five stores, received in lots of about 20 items (a lot is one delivery of
 * one product to one store); best-before dates count from `date` (the export's day).
 */
export function generateExport(rows: number, options: { seed?: number; date?: Date } = {}): string {
  const next = random(options.seed ?? 20261124);
  const day = options.date ?? new Date();
  const ymd = day.toISOString().slice(0, 10).replace(/-/g, "");
  const lines = [EXPORT_COLUMNS.join(",")];
  let lot = 0;
  let left = 0;
  let product = PRODUCTS[0]!;
  let store = STORES[0]!;
  for (let i = 0; i < rows; i++) {
    if (left === 0) {
      product = PRODUCTS[Math.floor(next() * PRODUCTS.length)]!;
      store = STORES[Math.floor(next() * STORES.length)]!;
      left = 8 + Math.floor(next() * 25);
      lot++;
    }
    left--;
    const index = PRODUCTS.indexOf(product);
    const grams = product.weight ? product.weight[0] + Math.floor(next() * (product.weight[1] - product.weight[0])) : undefined;
    const price = grams ? Math.round((grams / 500) * product.priceFen) : product.priceFen;
    const bestBefore = new Date(day.getTime() + product.shelfDays * 86_400_000);
    const row: ExportRow = {
      store_code: store,
      item_id: `${ymd}-${String(i + 1).padStart(6, "0")}`,
      sku: `SKU${String(100200 + index * 7).padStart(6, "0")}`,
      barcode: ean13(`69${String(20345 + index).padStart(5, "0")}${String(10000 + index * 13).slice(-5)}`),
      item_name: product.name,
      category: product.category,
      origin_region: product.origin,
      receiving_lot: `${store.slice(3)}-${ymd.slice(2)}-${String(lot).padStart(4, "0")}`, // GS1 AI 10: at most 20 characters
      net_weight_g: grams ? String(grams) : "",
      pack_qty: product.count ? String(product.count) : "",
      price_fen: String(price),
      best_before: `${bestBefore.toISOString().slice(0, 10)}T23:59:59+08:00`,
    };
    lines.push(EXPORT_COLUMNS.map((column) => csvField(row[column])).join(","));
  }
  return `${lines.join("\n")}\n`;
}
