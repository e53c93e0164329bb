import { z } from "zod";
import { TraceCode } from "./identifiers/trace-code";
import { labelledEnum } from "./labels";
import { EntityId, IsoDateTime, text } from "./primitives";
import { ProductCategory } from "./product-category";
import { RapidTestOutcome } from "./rapid-test-outcome";

/** The seven categories rapid-test items are grouped in. */
export const rapidTestCategories = labelledEnum({
  "pesticide-residue": { "zh-CN": "农药残留", en: "Pesticide residues" },
  "veterinary-drug": { "zh-CN": "兽药残留", en: "Veterinary drug residues" },
  "illegal-additive": { "zh-CN": "非法添加物", en: "Illegal additives" },
  "additive-abuse": { "zh-CN": "食品添加剂滥用", en: "Food additive abuse" },
  "heavy-metal": { "zh-CN": "重金属", en: "Heavy metals" },
  "microbe-toxin": { "zh-CN": "微生物及毒素", en: "Microbes and toxins" },
  other: { "zh-CN": "其他", en: "Other" },
});
export const RapidTestCategory = z.enum(rapidTestCategories.values);
export type RapidTestCategory = z.infer<typeof RapidTestCategory>;

/** Common rapid-test items. Append only; `RAPID_TEST_ITEM_CATEGORY` files each under a category. */
export const rapidTestItems = labelledEnum({
  "organophosphate-carbamate": { "zh-CN": "有机磷和氨基甲酸酯类农药", en: "Organophosphate and carbamate pesticides" },
  "pyrethroid": { "zh-CN": "拟除虫菊酯类农药", en: "Pyrethroid pesticides" },
  clenbuterol: { "zh-CN": "克伦特罗", en: "Clenbuterol" },
  ractopamine: { "zh-CN": "莱克多巴胺", en: "Ractopamine" },
  salbutamol: { "zh-CN": "沙丁胺醇", en: "Salbutamol" },
  chloramphenicol: { "zh-CN": "氯霉素", en: "Chloramphenicol" },
  nitrofurans: { "zh-CN": "硝基呋喃类代谢物", en: "Nitrofuran metabolites" },
  quinolones: { "zh-CN": "喹诺酮类", en: "Quinolones" },
  "malachite-green": { "zh-CN": "孔雀石绿", en: "Malachite green" },
  formaldehyde: { "zh-CN": "甲醛", en: "Formaldehyde" },
  borax: { "zh-CN": "硼砂", en: "Borax" },
  "sudan-red": { "zh-CN": "苏丹红", en: "Sudan red" },
  melamine: { "zh-CN": "三聚氰胺", en: "Melamine" },
  "rhodamine-b": { "zh-CN": "罗丹明B", en: "Rhodamine B" },
  rongalite: { "zh-CN": "吊白块", en: "Rongalite (sodium formaldehyde sulfoxylate)" },
  "sulfur-dioxide": { "zh-CN": "二氧化硫", en: "Sulfur dioxide" },
  nitrite: { "zh-CN": "亚硝酸盐", en: "Nitrite" },
  "benzoic-acid": { "zh-CN": "苯甲酸", en: "Benzoic acid" },
  cyclamate: { "zh-CN": "甜蜜素", en: "Sodium cyclamate" },
  saccharin: { "zh-CN": "糖精钠", en: "Sodium saccharin" },
  "hydrogen-peroxide": { "zh-CN": "过氧化氢", en: "Hydrogen peroxide" },
  lead: { "zh-CN": "铅", en: "Lead" },
  cadmium: { "zh-CN": "镉", en: "Cadmium" },
  mercury: { "zh-CN": "汞", en: "Mercury" },
  arsenic: { "zh-CN": "砷", en: "Arsenic" },
  "aflatoxin-b1": { "zh-CN": "黄曲霉毒素B1", en: "Aflatoxin B1" },
  "coliform-bacteria": { "zh-CN": "大肠菌群", en: "Coliform bacteria" },
  "acid-value": { "zh-CN": "酸价", en: "Acid value" },
  "peroxide-value": { "zh-CN": "过氧化值", en: "Peroxide value" },
  methanol: { "zh-CN": "甲醇", en: "Methanol" },
  other: { "zh-CN": "其他项目", en: "Other item" },
  // Appended for the 65-item catalogue (rapid-test-catalogue.ts).
  carbofuran: { "zh-CN": "克百威", en: "Carbofuran" },
  chlorpyrifos: { "zh-CN": "毒死蜱", en: "Chlorpyrifos" },
  methamidophos: { "zh-CN": "甲胺磷", en: "Methamidophos" },
  omethoate: { "zh-CN": "氧乐果", en: "Omethoate" },
  dichlorvos: { "zh-CN": "敌敌畏", en: "Dichlorvos" },
  phorate: { "zh-CN": "甲拌磷", en: "Phorate" },
  triazophos: { "zh-CN": "三唑磷", en: "Triazophos" },
  isocarbophos: { "zh-CN": "水胺硫磷", en: "Isocarbophos" },
  dimethoate: { "zh-CN": "乐果", en: "Dimethoate" },
  methomyl: { "zh-CN": "灭多威", en: "Methomyl" },
  carbendazim: { "zh-CN": "多菌灵", en: "Carbendazim" },
  imidacloprid: { "zh-CN": "吡虫啉", en: "Imidacloprid" },
  acetamiprid: { "zh-CN": "啶虫脒", en: "Acetamiprid" },
  procymidone: { "zh-CN": "腐霉利", en: "Procymidone" },
  sulfonamides: { "zh-CN": "磺胺类", en: "Sulfonamides" },
  tetracyclines: { "zh-CN": "四环素类", en: "Tetracyclines" },
  metronidazole: { "zh-CN": "甲硝唑", en: "Metronidazole" },
  diazepam: { "zh-CN": "地西泮", en: "Diazepam" },
  "sodium-pentachlorophenate": { "zh-CN": "五氯酚钠", en: "Sodium pentachlorophenate" },
  diethylstilbestrol: { "zh-CN": "己烯雌酚", en: "Diethylstilbestrol" },
  "crystal-violet": { "zh-CN": "结晶紫", en: "Crystal violet" },
  olaquindox: { "zh-CN": "喹乙醇", en: "Olaquindox" },
  "poppy-alkaloids": { "zh-CN": "罂粟壳（吗啡、可待因等）", en: "Poppy husk alkaloids (morphine, codeine, …)" },
  "basic-orange-ii": { "zh-CN": "碱性橙II", en: "Basic orange II (chrysoidine)" },
  "sodium-thiocyanate": { "zh-CN": "硫氰酸钠", en: "Sodium thiocyanate" },
  sildenafil: { "zh-CN": "西地那非（保健食品非法添加）", en: "Sildenafil (illegal in health foods)" },
  sibutramine: { "zh-CN": "西布曲明（保健食品非法添加）", en: "Sibutramine (illegal in health foods)" },
  glibenclamide: { "zh-CN": "格列本脲（保健食品非法添加）", en: "Glibenclamide (illegal in health foods)" },
  "sorbic-acid": { "zh-CN": "山梨酸", en: "Sorbic acid" },
  aluminium: { "zh-CN": "铝（明矾）", en: "Aluminium (alum)" },
  "sunset-yellow": { "zh-CN": "日落黄", en: "Sunset yellow" },
  tartrazine: { "zh-CN": "柠檬黄", en: "Tartrazine" },
  chromium: { "zh-CN": "铬", en: "Chromium" },
  deoxynivalenol: { "zh-CN": "脱氧雪腐镰刀菌烯醇（呕吐毒素）", en: "Deoxynivalenol (vomitoxin)" },
  zearalenone: { "zh-CN": "玉米赤霉烯酮", en: "Zearalenone" },
});
export const RapidTestItem = z.enum(rapidTestItems.values);
export type RapidTestItem = z.infer<typeof RapidTestItem>;

export const RAPID_TEST_ITEM_CATEGORY: { readonly [K in RapidTestItem]: RapidTestCategory } = {
  "organophosphate-carbamate": "pesticide-residue",
  pyrethroid: "pesticide-residue",
  clenbuterol: "veterinary-drug",
  ractopamine: "veterinary-drug",
  salbutamol: "veterinary-drug",
  chloramphenicol: "veterinary-drug",
  nitrofurans: "veterinary-drug",
  quinolones: "veterinary-drug",
  "malachite-green": "veterinary-drug",
  formaldehyde: "illegal-additive",
  borax: "illegal-additive",
  "sudan-red": "illegal-additive",
  melamine: "illegal-additive",
  "rhodamine-b": "illegal-additive",
  rongalite: "illegal-additive",
  "sulfur-dioxide": "additive-abuse",
  nitrite: "additive-abuse",
  "benzoic-acid": "additive-abuse",
  cyclamate: "additive-abuse",
  saccharin: "additive-abuse",
  "hydrogen-peroxide": "additive-abuse",
  lead: "heavy-metal",
  cadmium: "heavy-metal",
  mercury: "heavy-metal",
  arsenic: "heavy-metal",
  "aflatoxin-b1": "microbe-toxin",
  "coliform-bacteria": "microbe-toxin",
  "acid-value": "other",
  "peroxide-value": "other",
  methanol: "other",
  other: "other",
  carbofuran: "pesticide-residue",
  chlorpyrifos: "pesticide-residue",
  methamidophos: "pesticide-residue",
  omethoate: "pesticide-residue",
  dichlorvos: "pesticide-residue",
  phorate: "pesticide-residue",
  triazophos: "pesticide-residue",
  isocarbophos: "pesticide-residue",
  dimethoate: "pesticide-residue",
  methomyl: "pesticide-residue",
  carbendazim: "pesticide-residue",
  imidacloprid: "pesticide-residue",
  acetamiprid: "pesticide-residue",
  procymidone: "pesticide-residue",
  sulfonamides: "veterinary-drug",
  tetracyclines: "veterinary-drug",
  metronidazole: "veterinary-drug",
  diazepam: "veterinary-drug",
  "sodium-pentachlorophenate": "veterinary-drug",
  diethylstilbestrol: "veterinary-drug",
  "crystal-violet": "veterinary-drug",
  olaquindox: "veterinary-drug",
  "poppy-alkaloids": "illegal-additive",
  "basic-orange-ii": "illegal-additive",
  "sodium-thiocyanate": "illegal-additive",
  sildenafil: "illegal-additive",
  sibutramine: "illegal-additive",
  glibenclamide: "illegal-additive",
  "sorbic-acid": "additive-abuse",
  aluminium: "additive-abuse",
  "sunset-yellow": "additive-abuse",
  tartrazine: "additive-abuse",
  chromium: "heavy-metal",
  deoxynivalenol: "microbe-toxin",
  zearalenone: "microbe-toxin",
};

export const rapidTestMethods = labelledEnum({
  "enzyme-inhibition": { "zh-CN": "酶抑制率法", en: "Enzyme inhibition" },
  "colloidal-gold": { "zh-CN": "胶体金免疫层析法", en: "Colloidal gold immunochromatography" },
  elisa: { "zh-CN": "酶联免疫吸附法", en: "ELISA" },
  colorimetric: { "zh-CN": "化学比色法", en: "Chemical colorimetry" },
  "test-strip": { "zh-CN": "试纸条法", en: "Test strip" },
  fluorescence: { "zh-CN": "荧光法", en: "Fluorescence" },
  "atomic-fluorescence": { "zh-CN": "原子荧光法", en: "Atomic fluorescence" },
  other: { "zh-CN": "其他方法", en: "Other method" },
});
export const RapidTestMethod = z.enum(rapidTestMethods.values);
export type RapidTestMethod = z.infer<typeof RapidTestMethod>;

/** How a measured value is compared with the threshold: the comparison that means *positive* (fail). */
export const thresholdComparators = labelledEnum({
  gte: { "zh-CN": "≥ 判为阳性", en: "≥ is positive" },
  gt: { "zh-CN": "> 判为阳性", en: "> is positive" },
  lte: { "zh-CN": "≤ 判为阳性", en: "≤ is positive" },
  lt: { "zh-CN": "< 判为阳性", en: "< is positive" },
});
export const ThresholdComparator = z.enum(thresholdComparators.values);
export type ThresholdComparator = z.infer<typeof ThresholdComparator>;

/**
 * The judging rule a record was judged by, stored with the record (standards differ: the
 * enzyme-inhibition method counts ≥ 50% as positive under GB/T 5009.199 but ≥ 70% under NY/T 448).
 *
 * `value` + `comparator` say when a measurement is positive (fail). `suspiciousFrom`, when set,
 * opens a band on the passing side of `value` in which the outcome is `suspicious`
 * (for `gte`/`gt` it must be below `value`, for `lte`/`lt` above).
 */
export const RapidTestThreshold = z
  .object({
    comparator: ThresholdComparator,
    value: z.number().finite(),
    /** `%`, `mg/kg`, `µg/kg`, … */
    unit: text(20),
    suspiciousFrom: z.number().finite().optional(),
  })
  .strict()
  .refine(
    (t) =>
      t.suspiciousFrom === undefined ||
      (t.comparator === "gte" || t.comparator === "gt" ? t.suspiciousFrom < t.value : t.suspiciousFrom > t.value),
    { message: "suspiciousFrom must lie on the passing side of the threshold", path: ["suspiciousFrom"] },
  );
export type RapidTestThreshold = z.infer<typeof RapidTestThreshold>;

/** The standard the method and threshold come from, e.g. `{ code: "GB/T 5009.199-2003" }`. */
export const TestStandard = z.object({ code: text(50), title: text(200).optional() }).strict();
export type TestStandard = z.infer<typeof TestStandard>;

/**
 * Judges a measured value against a threshold. Pure: the threshold is data.
 * `value` must be finite (a NaN reading is a failed test run, not a result).
 */
export function judgeRapidTest(value: number, threshold: RapidTestThreshold): Exclude<RapidTestOutcome, "not-tested"> {
  if (!Number.isFinite(value)) throw new RangeError("measured value must be a finite number");
  const { comparator, value: limit, suspiciousFrom } = threshold;
  const positive =
    comparator === "gte" ? value >= limit : comparator === "gt" ? value > limit : comparator === "lte" ? value <= limit : value < limit;
  if (positive) return "fail";
  if (suspiciousFrom !== undefined) {
    const upward = comparator === "gte" || comparator === "gt";
    if (upward ? value >= suspiciousFrom : value <= suspiciousFrom) return "suspicious";
  }
  return "pass";
}

/** Readings of qualitative kits (colloidal-gold cards, strips). */
export const qualitativeReadings = labelledEnum({
  negative: { "zh-CN": "阴性", en: "Negative" },
  "weak-positive": { "zh-CN": "弱阳性", en: "Weak positive" },
  positive: { "zh-CN": "阳性", en: "Positive" },
});
export const QualitativeReading = z.enum(qualitativeReadings.values);
export type QualitativeReading = z.infer<typeof QualitativeReading>;

/** negative → pass, weak positive → suspicious (confirm it), positive → fail. */
export function judgeQualitativeReading(reading: QualitativeReading): Exclude<RapidTestOutcome, "not-tested"> {
  return reading === "negative" ? "pass" : reading === "positive" ? "fail" : "suspicious";
}

/** What the instrument or kit showed: a number in the threshold's unit, or a kit reading. */
export const RapidTestMeasurement = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("value"), value: z.number().finite() }).strict(),
  z.object({ kind: z.literal("reading"), reading: QualitativeReading }).strict(),
]);
export type RapidTestMeasurement = z.infer<typeof RapidTestMeasurement>;

/** The outcome the measurement gives under the record's threshold. */
export function judgeMeasurement(
  measured: RapidTestMeasurement,
  threshold: RapidTestThreshold,
): Exclude<RapidTestOutcome, "not-tested"> {
  return measured.kind === "value" ? judgeRapidTest(measured.value, threshold) : judgeQualitativeReading(measured.reading);
}

/**
 * One rapid test (快检). The stored `outcome` must agree with what the measurement gives under the
 * stored threshold: the result is computed, never typed in. A `fail` must lock the batch and
 * start tracing up and down (done by the caller, not here).
 */
export const RapidTestRecord = z
  .object({
    id: EntityId.optional(),
    sample: z
      .object({
        name: text(100),
        category: ProductCategory.optional(),
        batchCode: TraceCode.optional(),
        /** Stall or supplier the sample came from. */
        sourceName: text(200).optional(),
        sampleNumber: text(64).optional(),
      })
      .strict(),
    item: RapidTestItem,
    method: RapidTestMethod,
    standard: TestStandard,
    threshold: RapidTestThreshold,
    measured: RapidTestMeasurement,
    outcome: RapidTestOutcome.exclude(["not-tested"]),
    tester: z.object({ name: text(50), id: EntityId.optional() }).strict(),
    testPoint: z.object({ id: EntityId, name: text(100).optional() }).strict(),
    testedAt: IsoDateTime,
    kitLot: text(64).optional(),
  })
  .strict()
  .superRefine((record, ctx) => {
    const expected = judgeMeasurement(record.measured, record.threshold);
    if (expected !== record.outcome) {
      ctx.addIssue({
        code: "custom",
        path: ["outcome"],
        message: `outcome is ${record.outcome} but the measurement gives ${expected} under the stored threshold`,
      });
    }
  });
export type RapidTestRecord = z.output<typeof RapidTestRecord>;
export type RapidTestRecordInput = z.input<typeof RapidTestRecord>;

/** Enzyme-inhibition thresholds of two standards, for convenience (the record still stores its own copy). */
export const ENZYME_INHIBITION_THRESHOLDS = {
  "GB/T 5009.199": { comparator: "gte", value: 50, unit: "%" },
  "NY/T 448": { comparator: "gte", value: 70, unit: "%" },
} as const satisfies Record<string, RapidTestThreshold>;
