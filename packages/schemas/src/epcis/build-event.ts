import { buildDigitalLink } from "../gs1/digital-link";
import { toGtin14 } from "../identifiers/gtin";
import type { LotRef, QuantityOf, TraceEvent } from "./trace-events";
import { shareItem } from "./event-hash";
import { epcisQuantity } from "./vocabulary";

/** Where our own identifiers live: lots without a GTIN, organisations, and the `shian:` extension namespace. */
export interface EpcisIdentifiers {
  /** The API's public origin, e.g. `https://trace.example.cn` (no trailing slash). */
  base: string;
}

export type EpcisEvent = Record<string, unknown> & { type: string; eventTime: string; eventTimeZoneOffset: string };

/** China Standard Time: every event of ours happens at UTC+8. */
export const CHINA_TIME_ZONE_OFFSET = "+08:00";

/** The `shian:` namespace of our extension fields (ILMD and event-level). */
export const shianNamespace = (ids: EpcisIdentifiers) => `${ids.base}/ns/epcis/`;

/**
 * A lot's EPC class: the GS1 Digital Link `/01/{gtin}/10/{lot}` when we know its GTIN and lot,
 * otherwise our batch URL (EPCIS 2.0 §8.3 admits any URI as a private class identifier).
 */
export function lotClass(lot: LotRef, ids: EpcisIdentifiers): string {
  if (lot.gtin && lot.lot) {
    const link = lotDigitalLink(lot.gtin, lot.lot);
    if (link !== null) return link;
  }
  return `${ids.base}/v1/batches/${encodeURIComponent(lot.code)}`;
}

/** Lot Digital Links built lately (a lot's events each name it); null for an unusable GTIN or lot. */
const LOT_LINKS = new Map<string, string | null>();
function lotDigitalLink(gtin: string, lot: string): string | null {
  const key = `${gtin}\u0000${lot}`;
  let link = LOT_LINKS.get(key);
  if (link === undefined) {
    try {
      link = buildDigitalLink({ primaryKey: { ai: "01", value: toGtin14(gtin) }, qualifiers: [{ ai: "10", value: lot }], attributes: [] });
    } catch {
      link = null; // an unusable GTIN or lot falls back to our own identifier
    }
    if (LOT_LINKS.size >= 1_000) LOT_LINKS.clear();
    LOT_LINKS.set(key, link);
  }
  return link;
}

/** An organisation as a party (owning_party in source and destination lists). */
export const partyId = (orgId: string, ids: EpcisIdentifiers) => `${ids.base}/v1/organisations/${encodeURIComponent(orgId)}`;

/**
 * A party is named in every event it takes part in: one frozen object per identifiers and
 * organisation (shareItem), so the event hash computes its part once. Bounded maps.
 */
type Shared = Map<string, Readonly<Record<string, string>>>;
const SHARED = new WeakMap<EpcisIdentifiers, { sources: Shared; destinations: Shared }>();
const SHARED_MAX = 10_000;
function sharedOf(ids: EpcisIdentifiers) {
  let shared = SHARED.get(ids);
  if (!shared) SHARED.set(ids, (shared = { sources: new Map(), destinations: new Map() }));
  return shared;
}
function shared(cache: Shared, key: string, make: () => Record<string, string>): Readonly<Record<string, string>> {
  let item = cache.get(key);
  if (item === undefined) {
    item = shareItem(make());
    if (cache.size >= SHARED_MAX) cache.clear();
    cache.set(key, item);
  }
  return item;
}

const quantityElement = (lot: LotRef, quantity: QuantityOf, ids: EpcisIdentifiers) => ({ epcClass: lotClass(lot, ids), ...epcisQuantity(quantity.value, quantity.unit) });
const source = (orgId: string, ids: EpcisIdentifiers) => shared(sharedOf(ids).sources, orgId, () => ({ type: "owning_party", source: partyId(orgId, ids) }));
const destination = (orgId: string, ids: EpcisIdentifiers) => shared(sharedOf(ids).destinations, orgId, () => ({ type: "owning_party", destination: partyId(orgId, ids) }));
const voucherTransaction = (url: string) => ({ type: "inv", bizTransaction: url });

/** Percent for inhibition rates; other measurement units pass through when they are UN/CEFACT-shaped. */
const measurementUom = (unit: string | undefined) => (unit === "%" || unit === "percent" ? "P1" : unit && /^[A-Z0-9]{2,3}$/.test(unit) ? unit : undefined);

/** A status change of a lot (recall, suspension, resume): an observation at the holding step with its disposition. */
function holdingEvent(
  event: Extract<TraceEvent, { kind: "recall" | "suspension" | "resume" }>,
  common: { eventTime: string; eventTimeZoneOffset: string },
  ids: EpcisIdentifiers,
  disposition: "recalled" | "non_sellable_other" | "active",
  extensions: Record<string, string>,
): EpcisEvent {
  return {
    type: "ObjectEvent",
    ...common,
    quantityList: [quantityElement(event.lot, event.quantity, ids)],
    action: "OBSERVE",
    bizStep: "holding",
    disposition,
    sourceList: [source(event.orgId, ids)],
    ...extensions,
  };
}

/**
 * One domain event as an EPCIS 2.0 event (JSON-LD form, CBV 2.0 bare values), without its
 * eventID; see withEventId for the hash ID.
 */
export function buildEpcisEvent(event: TraceEvent, ids: EpcisIdentifiers): EpcisEvent {
  const common = { eventTime: new Date(event.at).toISOString(), eventTimeZoneOffset: CHINA_TIME_ZONE_OFFSET };
  switch (event.kind) {
    case "batch-created":
      return {
        type: "ObjectEvent",
        ...common,
        quantityList: [quantityElement(event.lot, event.quantity, ids)],
        action: "ADD",
        bizStep: "commissioning",
        disposition: "active",
        ...(event.sourceVoucherUrl ? { bizTransactionList: [voucherTransaction(event.sourceVoucherUrl)] } : {}),
        sourceList: [source(event.orgId, ids)],
        ilmd: { "shian:traceCode": event.lot.code, "shian:productName": event.productName, "shian:productCategory": event.productCategory, "shian:originRegion": event.originRegion },
      };
    case "split":
      return {
        type: "TransformationEvent",
        ...common,
        inputQuantityList: [quantityElement(event.input, event.input.quantity, ids)],
        outputQuantityList: event.outputs.map((output) => quantityElement(output, output.quantity, ids)),
        bizStep: "repackaging",
        disposition: "active",
        sourceList: [source(event.orgId, ids)],
        ilmd: { "shian:splitOf": event.input.code, "shian:traceCodes": event.outputs.map((output) => output.code) },
      };
    case "rapid-test": {
      const uom = measurementUom(event.measurement?.unit);
      const report: Record<string, unknown> = { type: "Dimensionless", time: common.eventTime, stringValue: event.outcome, "shian:testItem": event.item };
      if (event.measurement?.value !== undefined) report.value = event.measurement.value;
      if (uom) report.uom = uom;
      if (event.measurement?.reading) report["shian:reading"] = event.measurement.reading;
      return {
        type: "ObjectEvent",
        ...common,
        quantityList: [quantityElement(event.lot, event.quantity, ids)],
        action: "OBSERVE",
        bizStep: "inspecting",
        disposition: event.outcome === "fail" ? "non_conformant" : "conformant",
        sourceList: [source(event.orgId, ids)],
        sensorElementList: [{ sensorMetadata: { time: common.eventTime, ...(event.method ? { "shian:method": event.method } : {}) }, sensorReport: [report] }],
        "shian:rapidTest": event.testId,
      };
    }
    case "sale-voucher":
      return {
        type: "TransactionEvent",
        ...common,
        bizTransactionList: [voucherTransaction(event.voucherUrl)],
        quantityList: [event.quantity ? quantityElement(event.lot, event.quantity, ids) : { epcClass: lotClass(event.lot, ids), quantity: 1, uom: "H87" }],
        action: "ADD",
        bizStep: event.buyerOrgId ? "shipping" : "retail_selling",
        disposition: event.buyerOrgId ? "in_transit" : "retail_sold",
        sourceList: [source(event.orgId, ids)],
        ...(event.buyerOrgId ? { destinationList: [destination(event.buyerOrgId, ids)] } : {}),
      };
    case "receipt":
      return {
        type: "ObjectEvent",
        ...common,
        quantityList: [quantityElement(event.lot, event.quantity, ids)],
        action: "OBSERVE",
        bizStep: "receiving",
        disposition: "in_progress",
        ...(event.voucherUrl ? { bizTransactionList: [voucherTransaction(event.voucherUrl)] } : {}),
        ...(event.sellerOrgId ? { sourceList: [source(event.sellerOrgId, ids)] } : {}),
        destinationList: [destination(event.buyerOrgId, ids)],
        ...(event.receivedLot ? { "shian:receivedAs": lotClass(event.receivedLot, ids) } : {}),
      };
    case "recall":
      return holdingEvent(event, common, ids, "recalled", { "shian:recallReason": event.reason, "shian:recallLevel": event.level });
    case "suspension":
      return holdingEvent(event, common, ids, "non_sellable_other", { "shian:suspensionReason": event.reason });
    case "resume":
      return holdingEvent(event, common, ids, "active", { "shian:resumedAfterTest": event.testId, ...(event.note ? { "shian:note": event.note } : {}) });
  }
}
