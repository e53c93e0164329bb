import type { QuantityUnit } from "../unit";

/** The JSON-LD context every EPCIS 2.0 document names (EPCIS 2.0 §10.2). */
export const EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
/** Where CBV 2.0 Web URIs live (`https://ref.gs1.org/cbv/BizStep-receiving`). */
export const CBV_BASE = "https://ref.gs1.org/cbv/";
/** The GS1 Web Vocabulary as the event-hash algorithm expands it (sensor measurement types, `gs1:` CURIEs). */
export const GS1_VOC_BASE = "https://ref.gs1.org/voc/";

/** CBV 2.0 business steps (§7.1), in bare JSON-LD form. */
export const CBV_BIZ_STEPS = [
  "accepting", "arriving", "assembling", "collecting", "commissioning", "consigning", "creating_class_instance", "cycle_counting",
  "decommissioning", "departing", "destroying", "disassembling", "dispensing", "encoding", "entering_exiting", "holding",
  "inspecting", "installing", "killing", "loading", "other", "packing", "picking", "receiving", "removing", "repackaging",
  "repairing", "replacing", "reserving", "retail_selling", "sampling", "sensor_reporting", "shipping", "staging_outbound",
  "stock_taking", "stocking", "storing", "transporting", "unloading", "unpacking", "void_shipping",
] as const;
export type CbvBizStep = (typeof CBV_BIZ_STEPS)[number];

/** CBV 2.0 dispositions (§7.2), in bare JSON-LD form. */
export const CBV_DISPOSITIONS = [
  "active", "available", "completeness_verified", "completeness_inferred", "conformant", "container_closed", "container_open",
  "damaged", "destroyed", "dispensed", "disposed", "encoded", "expired", "in_progress", "in_transit", "inactive", "mismatch_instance",
  "mismatch_class", "mismatch_quantity", "needs_replacement", "no_pedigree_match", "non_conformant", "non_sellable_other",
  "partially_dispensed", "recalled", "reserved", "retail_sold", "returned", "sellable_accessible", "sellable_not_accessible",
  "stolen", "unavailable", "unknown",
] as const;
export type CbvDisposition = (typeof CBV_DISPOSITIONS)[number];

/** CBV 2.0 business transaction types (§7.3). */
export const CBV_BIZ_TRANSACTION_TYPES = ["bol", "cert", "desadv", "inv", "pedigree", "po", "poc", "prodorder", "recadv", "rma", "testprd", "testres", "upevt"] as const;
/** CBV 2.0 source/destination types (§7.4). */
export const CBV_SOURCE_DEST_TYPES = ["owning_party", "possessing_party", "location"] as const;
/** CBV 2.0 error reasons (§7.5). */
export const CBV_ERROR_REASONS = ["did_not_occur", "incorrect_data"] as const;
/** CBV 2.0 sensor-report components (§7.6). */
export const CBV_COMPONENTS = ["x", "y", "z", "axial_distance", "azimuth", "height", "spherical_radius", "polar_angle", "elevation_angle", "easting", "northing", "latitude", "longitude", "altitude"] as const;

/** The prefix each vocabulary takes as a CBV Web URI, and its URN form (`urn:epcglobal:cbv:bizstep:`). */
export const CBV_VOCABULARIES = {
  bizStep: { web: "BizStep-", urn: "bizstep", values: CBV_BIZ_STEPS as readonly string[] },
  disposition: { web: "Disp-", urn: "disp", values: CBV_DISPOSITIONS as readonly string[] },
  bizTransactionType: { web: "BTT-", urn: "btt", values: CBV_BIZ_TRANSACTION_TYPES as readonly string[] },
  sourceDestType: { web: "SDT-", urn: "sdt", values: CBV_SOURCE_DEST_TYPES as readonly string[] },
  errorReason: { web: "ER-", urn: "er", values: CBV_ERROR_REASONS as readonly string[] },
  component: { web: "Comp-", urn: "comp", values: CBV_COMPONENTS as readonly string[] },
} as const;
export type CbvVocabulary = keyof typeof CBV_VOCABULARIES;

/**
 * Our quantity units as UN/CEFACT Recommendation 20 codes (EPCIS `uom`), with the factor
 * that turns our value into that unit. 斤 (jin) has no code of its own: 1 jin = 0.5 KGM.
 * Counted packages take the Rec 20 "X" + Rec 21 package codes.
 */
export const UNECE_UNITS: { readonly [K in QuantityUnit]: { code: string; factor: number } } = {
  gram: { code: "GRM", factor: 1 },
  kilogram: { code: "KGM", factor: 1 },
  jin: { code: "KGM", factor: 0.5 },
  millilitre: { code: "MLT", factor: 1 },
  litre: { code: "LTR", factor: 1 },
  piece: { code: "H87", factor: 1 },
  head: { code: "H87", factor: 1 },
  bag: { code: "XBG", factor: 1 },
  box: { code: "XBX", factor: 1 },
  bottle: { code: "XBO", factor: 1 },
  basket: { code: "XBK", factor: 1 },
};

/** A quantity of ours as an EPCIS quantity and UN/CEFACT unit; unknown units are left without `uom`. */
export function epcisQuantity(value: number, unit: string): { quantity: number; uom?: string } {
  const mapped = (UNECE_UNITS as Record<string, { code: string; factor: number } | undefined>)[unit];
  if (!mapped) return { quantity: value };
  const scaled = value * mapped.factor;
  // A positive integer under 10^15 has at most 15 digits: rounding to 15 would give it back.
  return { quantity: scaled > 0 && scaled < 1e15 && Number.isInteger(scaled) ? scaled : Number(scaled.toPrecision(15)), uom: mapped.code };
}
