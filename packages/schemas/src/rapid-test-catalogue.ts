import { z } from "zod";
import { labelledEnum } from "./labels";
import { text } from "./primitives";
import {
  RAPID_TEST_ITEM_CATEGORY,
  RapidTestCategory,
  RapidTestItem,
  RapidTestMethod,
  RapidTestThreshold,
  rapidTestItems,
  TestStandard,
  type RapidTestThreshold as Threshold,
} from "./rapid-test";

/**
 * The rapid-test catalogue (快检项目目录): 65 items in 7 categories.
 *
 * Source: seed 002 (Minhang district, Shanghai) counts "常见的七大类共65个快检项目"
 * (pesticide residues, β-agonists, nitrite, sulfur dioxide, illegal additions in health
 * foods, …) without listing them. The items below are the ones Chinese market and canteen
 * test points commonly run, each with the method its kits use, the standard the judging
 * value comes from, and that value:
 * - quantitative readouts (enzyme inhibition, colorimetry) are judged against the limit
 *   of the named standard (GB/T 5009.199 inhibition rate, GB 2760 additive use levels,
 *   GB 2762 contaminants, GB 2761 mycotoxins, GB 2716 edible oil, GB 2757 spirits);
 * - qualitative kits (colloidal gold cards, strips) read negative / positive; their threshold
 *   is the cut-off concentration at which the kit turns positive (the KJ 2017xx methods of the
 *   former CFDA for β-agonists, malachite green and chloramphenicol; kit cut-offs typical of
 *   the market for the others), or the residue limit of GB 2763 / GB 31650 for permitted
 *   substances. Banned substances (MARA announcement 250, the non-food substance list) have
 *   no limit: any detection fails.
 * Check the values against the current edition of each standard and the kit's own leaflet
 * before using the catalogue for enforcement; a record always stores the threshold it used.
 */

export const rapidTestReadouts = labelledEnum({
  quantitative: { "zh-CN": "定量（测得数值）", en: "Quantitative (a measured value)" },
  qualitative: { "zh-CN": "定性（阴性/阳性）", en: "Qualitative (negative / positive)" },
});
export const RapidTestReadout = z.enum(rapidTestReadouts.values);
export type RapidTestReadout = z.infer<typeof RapidTestReadout>;

export const RapidTestCatalogueItem = z
  .object({
    code: RapidTestItem.exclude(["other"]),
    name: z.object({ "zh-CN": text(100), en: text(200) }).strict(),
    category: RapidTestCategory,
    method: RapidTestMethod,
    readout: RapidTestReadout,
    standard: TestStandard,
    threshold: RapidTestThreshold,
    /** What is usually sampled for this item. */
    matrices: z.array(text(50)).min(1).max(10),
  })
  .strict()
  .refine((item) => item.category === RAPID_TEST_ITEM_CATEGORY[item.code], { message: "category must match RAPID_TEST_ITEM_CATEGORY", path: ["category"] });
export type RapidTestCatalogueItem = z.infer<typeof RapidTestCatalogueItem>;

type Code = Exclude<RapidTestItem, "other">;
type Method = z.infer<typeof RapidTestMethod>;

const GB2763 = { code: "GB 2763-2021", title: "食品安全国家标准 食品中农药最大残留限量" };
const GB31650 = { code: "GB 31650-2019", title: "食品安全国家标准 食品中兽药最大残留限量" };
const MARA250 = { code: "农业农村部公告第250号", title: "食品动物中禁止使用的药品及其他化合物清单" };
const KJ201706 = { code: "KJ 201706", title: "动物源性食品中克伦特罗、莱克多巴胺及沙丁胺醇的快速检测 胶体金免疫层析法" };
const NON_FOOD = { code: "非食用物质名单", title: "食品中可能违法添加的非食用物质和易滥用的食品添加剂品种名单" };
const DRUGS = { code: "食品安全法 第三十八条", title: "生产经营的食品中不得添加药品" };
const GB2760 = { code: "GB 2760-2024", title: "食品安全国家标准 食品添加剂使用标准" };
const GB2762 = { code: "GB 2762-2022", title: "食品安全国家标准 食品中污染物限量" };
const GB2761 = { code: "GB 2761-2017", title: "食品安全国家标准 食品中真菌毒素限量" };

const VEG = ["蔬菜", "水果"];
const MEAT = ["畜禽肉", "内脏", "尿液"];
const AQUA = ["水产品"];

/** Qualitative kit: positive at or above the cut-off. */
const cutoff = (value: number, unit: string): Threshold => ({ comparator: "gte", value, unit });
/** Limit: a measured value above it fails. */
const limit = (value: number, unit: string): Threshold => ({ comparator: "gt", value, unit });

const row = (code: Code, method: Method, readout: RapidTestReadout, standard: { code: string; title?: string }, threshold: Threshold, matrices: string[]): RapidTestCatalogueItem => ({
  code,
  name: rapidTestItems.labels[code],
  category: RAPID_TEST_ITEM_CATEGORY[code],
  method,
  readout,
  standard,
  threshold,
  matrices,
});

const Q = "qualitative" as const;
const N = "quantitative" as const;

export const RAPID_TEST_CATALOGUE: readonly RapidTestCatalogueItem[] = [
  // 农药残留 pesticide residues
  row("organophosphate-carbamate", "enzyme-inhibition", N, { code: "GB/T 5009.199-2003", title: "蔬菜中有机磷和氨基甲酸酯类农药残留量的快速检测" }, cutoff(50, "%"), VEG),
  row("pyrethroid", "colloidal-gold", Q, GB2763, cutoff(1, "mg/kg"), VEG),
  row("carbofuran", "colloidal-gold", Q, GB2763, cutoff(0.02, "mg/kg"), VEG),
  row("chlorpyrifos", "colloidal-gold", Q, GB2763, cutoff(0.1, "mg/kg"), VEG),
  row("methamidophos", "colloidal-gold", Q, GB2763, cutoff(0.05, "mg/kg"), VEG),
  row("omethoate", "colloidal-gold", Q, GB2763, cutoff(0.02, "mg/kg"), VEG),
  row("dichlorvos", "colloidal-gold", Q, GB2763, cutoff(0.2, "mg/kg"), VEG),
  row("phorate", "colloidal-gold", Q, GB2763, cutoff(0.01, "mg/kg"), VEG),
  row("triazophos", "colloidal-gold", Q, GB2763, cutoff(0.05, "mg/kg"), VEG),
  row("isocarbophos", "colloidal-gold", Q, GB2763, cutoff(0.05, "mg/kg"), VEG),
  row("dimethoate", "colloidal-gold", Q, GB2763, cutoff(0.01, "mg/kg"), VEG),
  row("methomyl", "colloidal-gold", Q, GB2763, cutoff(0.2, "mg/kg"), VEG),
  row("carbendazim", "colloidal-gold", Q, GB2763, cutoff(0.5, "mg/kg"), VEG),
  row("imidacloprid", "colloidal-gold", Q, GB2763, cutoff(0.5, "mg/kg"), VEG),
  row("acetamiprid", "colloidal-gold", Q, GB2763, cutoff(1, "mg/kg"), VEG),
  row("procymidone", "colloidal-gold", Q, GB2763, cutoff(0.2, "mg/kg"), ["韭菜"]),
  // 兽药残留 veterinary drugs (瘦肉精 and aquaculture drugs)
  row("clenbuterol", "colloidal-gold", Q, KJ201706, cutoff(0.5, "µg/kg"), MEAT),
  row("ractopamine", "colloidal-gold", Q, KJ201706, cutoff(0.5, "µg/kg"), MEAT),
  row("salbutamol", "colloidal-gold", Q, KJ201706, cutoff(0.5, "µg/kg"), MEAT),
  row("chloramphenicol", "colloidal-gold", Q, { code: "KJ 201702", title: "水产品中氯霉素的快速检测 胶体金免疫层析法" }, cutoff(0.3, "µg/kg"), [...AQUA, "畜禽肉", "蜂蜜"]),
  row("nitrofurans", "colloidal-gold", Q, MARA250, cutoff(1, "µg/kg"), [...AQUA, "畜禽肉"]),
  row("quinolones", "colloidal-gold", Q, GB31650, cutoff(100, "µg/kg"), [...AQUA, "畜禽肉"]),
  row("malachite-green", "colloidal-gold", Q, { code: "KJ 201701", title: "水产品中孔雀石绿的快速检测 胶体金免疫层析法" }, cutoff(2, "µg/kg"), AQUA),
  row("sulfonamides", "colloidal-gold", Q, GB31650, cutoff(100, "µg/kg"), [...AQUA, "畜禽肉"]),
  row("tetracyclines", "colloidal-gold", Q, GB31650, cutoff(200, "µg/kg"), ["畜禽肉", "蜂蜜"]),
  row("metronidazole", "colloidal-gold", Q, MARA250, cutoff(1, "µg/kg"), ["禽肉", "禽蛋"]),
  row("diazepam", "colloidal-gold", Q, GB31650, cutoff(1, "µg/kg"), AQUA),
  row("sodium-pentachlorophenate", "colloidal-gold", Q, MARA250, cutoff(1, "µg/kg"), AQUA),
  row("diethylstilbestrol", "colloidal-gold", Q, MARA250, cutoff(1, "µg/kg"), [...AQUA, "畜禽肉"]),
  row("crystal-violet", "colloidal-gold", Q, MARA250, cutoff(2, "µg/kg"), AQUA),
  row("olaquindox", "colloidal-gold", Q, MARA250, cutoff(5, "µg/kg"), ["畜禽肉"]),
  // 非法添加物 illegal additions (non-food substances, drugs in health foods)
  row("formaldehyde", "colorimetric", Q, NON_FOOD, cutoff(10, "mg/kg"), ["水发产品", "水产品"]),
  row("borax", "test-strip", Q, NON_FOOD, cutoff(50, "mg/kg"), ["米面制品", "肉丸", "腐竹"]),
  row("sudan-red", "colloidal-gold", Q, NON_FOOD, cutoff(10, "µg/kg"), ["辣椒制品", "禽蛋"]),
  row("melamine", "colloidal-gold", Q, { code: "卫生部等5部门公告2011年第10号", title: "三聚氰胺在食品中的限量值" }, cutoff(2.5, "mg/kg"), ["乳制品"]),
  row("rhodamine-b", "colloidal-gold", Q, NON_FOOD, cutoff(10, "µg/kg"), ["辣椒制品", "调味料"]),
  row("rongalite", "colorimetric", Q, NON_FOOD, cutoff(10, "mg/kg"), ["米面制品", "腐竹"]),
  row("poppy-alkaloids", "colloidal-gold", Q, NON_FOOD, cutoff(10, "µg/kg"), ["火锅底料", "卤汤", "调味料"]),
  row("basic-orange-ii", "colloidal-gold", Q, NON_FOOD, cutoff(10, "µg/kg"), ["豆制品", "卤制品"]),
  row("sodium-thiocyanate", "colorimetric", Q, NON_FOOD, cutoff(10, "mg/kg"), ["生鲜乳"]),
  row("sildenafil", "colloidal-gold", Q, DRUGS, cutoff(1, "mg/kg"), ["保健食品", "配制酒"]),
  row("sibutramine", "colloidal-gold", Q, DRUGS, cutoff(1, "mg/kg"), ["保健食品"]),
  row("glibenclamide", "colloidal-gold", Q, DRUGS, cutoff(1, "mg/kg"), ["保健食品"]),
  // 食品添加剂滥用 additive abuse (GB 2760 use levels)
  row("sulfur-dioxide", "colorimetric", N, GB2760, limit(100, "mg/kg"), ["干制蔬菜", "食用菌干货", "蜜饯"]),
  row("nitrite", "colorimetric", N, GB2760, limit(30, "mg/kg"), ["腌腊肉制品", "熟肉制品"]),
  row("benzoic-acid", "colorimetric", N, GB2760, limit(1000, "mg/kg"), ["腌渍蔬菜", "酱菜"]),
  row("cyclamate", "colorimetric", N, GB2760, limit(1000, "mg/kg"), ["腌渍蔬菜", "配制酒"]),
  row("saccharin", "colorimetric", N, GB2760, limit(150, "mg/kg"), ["腌渍蔬菜", "蜜饯"]),
  row("hydrogen-peroxide", "test-strip", Q, GB2760, cutoff(10, "mg/kg"), ["水发产品", "鸡爪", "豆制品"]),
  row("sorbic-acid", "colorimetric", N, GB2760, limit(1000, "mg/kg"), ["腌渍蔬菜", "熟肉制品"]),
  row("aluminium", "colorimetric", N, GB2760, limit(100, "mg/kg"), ["油炸面制品", "粉丝粉条"]),
  row("sunset-yellow", "colorimetric", N, GB2760, limit(100, "mg/kg"), ["饮料", "糕点"]),
  row("tartrazine", "colorimetric", N, GB2760, limit(100, "mg/kg"), ["饮料", "糕点"]),
  // 重金属 heavy metals (GB 2762)
  row("lead", "colorimetric", N, GB2762, limit(0.3, "mg/kg"), ["叶菜类蔬菜"]),
  row("cadmium", "colorimetric", N, GB2762, limit(0.2, "mg/kg"), ["大米"]),
  row("mercury", "atomic-fluorescence", N, GB2762, limit(0.02, "mg/kg"), ["大米"]),
  row("arsenic", "atomic-fluorescence", N, GB2762, limit(0.2, "mg/kg"), ["大米"]),
  row("chromium", "colorimetric", N, GB2762, limit(1, "mg/kg"), ["谷物"]),
  // 微生物及毒素 microbes and toxins
  row("aflatoxin-b1", "colloidal-gold", Q, GB2761, cutoff(20, "µg/kg"), ["花生", "花生油", "玉米"]),
  row("coliform-bacteria", "test-strip", Q, { code: "GB 14934-2016", title: "食品安全国家标准 消毒餐（饮）具" }, cutoff(1, "CFU/50cm²"), ["餐饮具"]),
  row("deoxynivalenol", "colloidal-gold", Q, GB2761, cutoff(1000, "µg/kg"), ["小麦粉", "玉米"]),
  row("zearalenone", "colloidal-gold", Q, GB2761, cutoff(60, "µg/kg"), ["小麦粉", "玉米"]),
  // 其他 other quality items
  row("acid-value", "colorimetric", N, { code: "GB 2716-2018", title: "食品安全国家标准 植物油（煎炸过程中的食用植物油）" }, limit(5, "mg/g"), ["煎炸用油"]),
  row("peroxide-value", "colorimetric", N, { code: "GB 2716-2018", title: "食品安全国家标准 植物油" }, limit(0.25, "g/100g"), ["食用植物油"]),
  row("methanol", "colorimetric", N, { code: "GB 2757-2012", title: "食品安全国家标准 蒸馏酒及其配制酒" }, limit(0.6, "g/L"), ["白酒", "散装酒"]),
];

const BY_CODE = new Map<string, RapidTestCatalogueItem>(RAPID_TEST_CATALOGUE.map((item) => [item.code, item]));

/** A catalogue item by its code, or undefined. */
export function catalogueItem(code: string): RapidTestCatalogueItem | undefined {
  return BY_CODE.get(code);
}
