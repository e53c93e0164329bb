import { normaliseIdentifier } from "./epc-uri";
import { sha256HexSync } from "./sha256";
import { CBV_BASE, CBV_VOCABULARIES, type CbvVocabulary, GS1_VOC_BASE } from "./vocabulary";

/**
 * The EPCIS Event Hash ID of CBV 2.0 (§8.9): a pre-hash string built from the event's fields
 * in the canonical property order, with values normalised (UTC millisecond timestamps, EPC URNs
 * and Digital Links as constrained canonical Digital Links, CBV values as Web URIs, CURIEs
 * expanded, lists sorted), hashed with SHA-256 into `ni:///sha-256;<hex>?ver=CBV2.0`.
 * Serialisation-independent: the same event in another key order, time zone or EPC syntax
 * gets the same ID.
 */

export const EVENT_HASH_VERSION = "CBV2.0";

type Json = unknown;
type JsonObject = Record<string, Json>;
/** Namespace prefixes (`example` → `https://ns.example.com/epcis/`) for CURIEs and extension names. */
export type PrefixMap = Record<string, string>;

const EPC_LISTS = new Set(["epcList", "inputEPCList", "childEPCs", "outputEPCList"]);
const QUANTITY_LISTS = new Set(["quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"]);
/** The canonical property order after eventType, eventTime and eventTimeZoneOffset. */
const ORDER = [
  "epcList", "parentID", "inputEPCList", "childEPCs", "quantityList", "childQuantityList", "inputQuantityList", "outputEPCList",
  "outputQuantityList", "action", "transformationID", "bizStep", "disposition", "persistentDisposition", "readPoint", "bizLocation",
  "bizTransactionList", "sourceList", "destinationList", "sensorElementList", "ilmd",
];
/** Never part of the pre-hash string (the algorithm's exclusions, and JSON-LD keywords). */
const QUANTITY_ORDER = ["epcClass", "quantity", "uom"];
const EXCLUDED = new Set(["type", "isA", "eventTime", "eventTimeZoneOffset", "eventID", "recordTime", "errorDeclaration", "certificationInfo", "rdfs:comment", "comment", ...ORDER]);
const SENSOR_METADATA_ORDER = ["time", "startTime", "endTime", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules"];
const SENSOR_REPORT_ORDER = [
  "type", "exception", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "time", "microorganism", "chemicalSubstance", "value",
  "component", "stringValue", "booleanValue", "hexBinaryValue", "uriValue", "minValue", "maxValue", "meanValue", "sDev", "percRank",
  "percValue", "uom", "coordinateReferenceSystem",
];

const DEFAULT_PREFIXES: PrefixMap = { gs1: GS1_VOC_BASE, cbv: CBV_BASE, epcis: "https://ref.gs1.org/epcis/", rdfs: "http://www.w3.org/2000/01/rdf-schema#", owl: "http://www.w3.org/2002/07/owl#", xsd: "http://www.w3.org/2001/XMLSchema#", dcterms: "http://purl.org/dc/terms/" };

/** The prefixes a JSON-LD `@context` (string, object or array of both) defines, on top of the standard ones. */
export function contextPrefixes(...contexts: Json[]): PrefixMap {
  const prefixes: PrefixMap = { ...DEFAULT_PREFIXES };
  const add = (context: Json) => {
    if (Array.isArray(context)) context.forEach(add);
    else if (context && typeof context === "object") {
      for (const [key, value] of Object.entries(context)) if (typeof value === "string" && !key.startsWith("@")) prefixes[key] = value;
    }
  };
  contexts.forEach(add);
  return prefixes;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sorted = (strings: string[]) => (strings.length === 0 ? "" : strings.length === 1 ? strings[0]! : strings.sort(byCodeUnits).join(""));
const isObject = (value: Json): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** Already UTC with milliseconds (what toISOString gives): nothing to do. */
const CANONICAL_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i;

/** A timestamp in UTC with millisecond precision (`2020-03-04T10:00:30.000Z`); other strings unchanged. */
export function hashTimestamp(value: string): string {
  if (CANONICAL_TIMESTAMP.test(value)) return value;
  const m = TIMESTAMP.exec(value);
  if (!m) return value;
  const fraction = (m[7] ?? "").padEnd(4, "0");
  // Round the third decimal half-up on the fourth (CBV 2.1 states it; CBV 2.0 leaves it open).
  const millis = Number(fraction.slice(0, 3)) + (Number(fraction[3]) >= 5 ? 1 : 0);
  const zone = m[8]!.toUpperCase();
  const offsetMinutes = zone === "Z" ? 0 : (zone.startsWith("-") ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), millis) - offsetMinutes * 60_000;
  return new Date(utc).toISOString();
}

/** A CURIE (`example:x`, `gs1:Temperature`) expanded with the prefixes; URIs and unknown prefixes unchanged. */
function expandCurie(value: string, prefixes: PrefixMap): string {
  const colon = value.indexOf(":");
  if (colon <= 0) return value;
  const prefix = value.slice(0, colon);
  const namespace = prefixes[prefix];
  if (namespace === undefined || value.startsWith(`${prefix}://`)) return value;
  return namespace + value.slice(colon + 1);
}

const HTTP = /^https?:\/\//i;
/**
 * Normalised identifiers seen lately: an export names the same lot classes, parties and
 * vouchers in event after event, and parsing a Digital Link costs more than the rest of a value.
 */
const NORMALISED = new Map<string, string>();
const NORMALISED_MAX = 1_000;
function normalisedIdentifier(text: string): string {
  let normal = NORMALISED.get(text);
  if (normal === undefined) {
    normal = normaliseIdentifier(text);
    if (NORMALISED.size >= NORMALISED_MAX) NORMALISED.clear();
    NORMALISED.set(text, normal);
  }
  return normal;
}

/** Any scalar value: trimmed, timestamps in UTC millis, identifiers normalised, CURIEs expanded, numbers without trailing zeros. */
function scalar(value: Json, prefixes: PrefixMap): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return String(value);
  const text = String(value ?? "").trim();
  const first = text.charCodeAt(0);
  // A timestamp starts with a digit: no need to try the pattern on anything else.
  if (first >= 48 && first <= 57 && TIMESTAMP.test(text)) return hashTimestamp(text);
  if (text.startsWith("urn:epc:") || HTTP.test(text)) return normalisedIdentifier(text);
  return expandCurie(text, prefixes);
}

/** Each vocabulary's bare values and their Web URIs. */
const CBV_WEB_URIS = Object.fromEntries(
  Object.entries(CBV_VOCABULARIES).map(([name, vocab]) => [name, new Map(vocab.values.map((value) => [value, CBV_BASE + vocab.web + value]))]),
) as Record<CbvVocabulary, Map<string, string>>;

/** A CBV vocabulary value (bare, URN or CURIE form) as its CBV 2.0 Web URI; other URIs as given. */
export function cbvWebUri(value: string, vocabulary: CbvVocabulary, prefixes: PrefixMap = DEFAULT_PREFIXES): string {
  const text = value.trim();
  const vocab = CBV_VOCABULARIES[vocabulary];
  const known = CBV_WEB_URIS[vocabulary].get(text);
  if (known !== undefined) return known;
  const urn = `urn:epcglobal:cbv:${vocab.urn}:`;
  if (text.startsWith(urn)) return CBV_BASE + vocab.web + text.slice(urn.length);
  return scalar(text, prefixes);
}

/** An extension element's name: `{namespace}local` for a prefixed name, the name itself otherwise. */
function extensionName(key: string, prefixes: PrefixMap): string {
  const colon = key.indexOf(":");
  if (colon > 0) {
    const namespace = prefixes[key.slice(0, colon)];
    if (namespace !== undefined) return `{${namespace}}${key.slice(colon + 1)}`;
  }
  return key;
}

/** The pre-hash strings of one extension element (several for a list), children sorted, added to `out`. */
function extensionInto(out: string[], key: string, value: Json, prefixes: PrefixMap): string[] {
  if (key.charCodeAt(0) === 64 /* @ */) return out;
  if (Array.isArray(value)) {
    for (const item of value) extensionInto(out, key, item, prefixes);
    return out;
  }
  const name = key === "#text" ? "" : extensionName(key, prefixes);
  if (isObject(value)) out.push(name + sorted(extensionsOf(value, prefixes)));
  else out.push(`${name}=${scalar(value, prefixes)}`);
  return out;
}

/** The extension strings of every field of `object` but those in `except`. */
function extensionsOf(object: JsonObject, prefixes: PrefixMap, except?: readonly string[]): string[] {
  let out: string[] = NONE;
  for (const key in object) {
    if (!Object.hasOwn(object, key) || except?.includes(key)) continue;
    if (out === NONE) out = [];
    extensionInto(out, key, object[key], prefixes);
  }
  return out;
}
/** The empty list of extensions, shared (never added to). */
const NONE: string[] = [];

/** Fields of `object` in `order` as `name=value`, and its other fields as extension strings. */
function ordered(object: JsonObject, order: readonly string[], prefixes: PrefixMap, value?: (key: string, v: Json) => string) {
  let text = "";
  for (const key of order) {
    const v = object[key];
    if (v !== undefined && v !== null) text += `${key}=${value ? value(key, v) : scalar(v, prefixes)}`;
  }
  return { text, extensions: extensionsOf(object, prefixes, order) };
}

const list = (value: Json): Json[] => (Array.isArray(value) ? value : []);
/** Field name → its rank in ORDER, or -1 for the other excluded fields (a prototype-less object: no inherited names). */
const RANK: Record<string, number | undefined> = Object.assign(Object.create(null) as Record<string, number>, Object.fromEntries([...EXCLUDED].map((key) => [key, ORDER.indexOf(key)])));
const byNumber = (a: number, b: number) => a - b;

/** A list item's pre-hash text and the extension strings it adds to the event's tail. */
type Fragment = { text: string; trailing: readonly string[] };
/**
 * The slot where a shared list item keeps its fragment: an exporter (buildEpcisEvent) shares
 * one frozen object, all of whose values are scalars, for a party, a voucher or a lot's quantity
 * across the events that name it, with a `shareItem` slot (a symbol key: no JSON, no
 * Object.keys sees it), so the item's part of the pre-hash string is computed once. A slot is
 * valid for the list and prefixes it was filled with. Items without one are computed each time.
 */
const FRAGMENT_SLOT: unique symbol = Symbol("epcis pre-hash fragment");
type Slot = { list?: string; prefixes?: PrefixMap; fragment?: Fragment };
/** A frozen copy of a list item of scalars, with a fragment slot: for exporters repeating the item across events. */
export function shareItem<T extends Record<string, string | number | boolean | null>>(item: T): Readonly<T> {
  const shared = { ...item };
  Object.defineProperty(shared, FRAGMENT_SLOT, { value: {} satisfies Slot, enumerable: false });
  return Object.freeze(shared);
}
function fragment(item: JsonObject, listKey: string, prefixes: PrefixMap, compute: () => Fragment): Fragment {
  const slot = (item as { [FRAGMENT_SLOT]?: Slot })[FRAGMENT_SLOT];
  if (slot === undefined) return compute();
  if (slot.fragment !== undefined && slot.list === listKey && slot.prefixes === prefixes) return slot.fragment;
  const computed = compute();
  slot.list = listKey;
  slot.prefixes = prefixes;
  slot.fragment = computed;
  return computed;
}

/** The CBV 2.0 pre-hash string of one EPCIS event (JSON/JSON-LD form). */
export function epcisPreHashString(event: JsonObject, prefixes: PrefixMap = contextPrefixes(event["@context"])): string {
  const type = String(event.type ?? event.isA ?? "");
  let text = `eventType=${type}`;
  if (event.eventTime !== undefined) text += `eventTime=${scalar(event.eventTime, prefixes)}`;
  if (event.eventTimeZoneOffset !== undefined) text += `eventTimeZoneOffset=${String(event.eventTimeZoneOffset).trim()}`;
  const trailing: string[] = [];
  // One pass over the event's own fields: those of the canonical order (by their rank), the rest as extensions.
  const present: number[] = [];
  for (const key of Object.keys(event)) {
    const rank = RANK[key];
    if (rank === undefined) extensionInto(trailing, key, event[key], prefixes);
    else if (rank >= 0) present.push(rank);
  }
  if (present.length > 1) present.sort(byNumber);
  for (const index of present) {
    const key = ORDER[index]!;
    const value = event[key];
    if (value === undefined || value === null) continue;
    if (EPC_LISTS.has(key)) {
      const items = list(value);
      if (items.length) text += key + sorted(items.map((epc) => `epc=${scalar(epc, prefixes)}`));
    } else if (QUANTITY_LISTS.has(key)) {
      const items = list(value).filter(isObject);
      if (!items.length) continue;
      text += key + sorted(items.map((q) => {
        const part = fragment(q, "quantity", prefixes, () => {
          const { text: fields, extensions } = ordered(q, QUANTITY_ORDER, prefixes);
          return { text: `quantityElement${fields}`, trailing: extensions.map((e) => `quantityElement${e}`) };
        });
        for (const e of part.trailing) trailing.push(e);
        return part.text;
      }));
    } else if (key === "bizStep") text += `bizStep=${cbvWebUri(String(value), "bizStep", prefixes)}`;
    else if (key === "disposition") text += `disposition=${cbvWebUri(String(value), "disposition", prefixes)}`;
    else if (key === "persistentDisposition" && isObject(value)) {
      text += "persistentDisposition";
      for (const part of ["set", "unset"]) text += sorted(list(value[part]).map((d) => `${part}=${cbvWebUri(String(d), "disposition", prefixes)}`));
    } else if ((key === "readPoint" || key === "bizLocation") && isObject(value)) {
      const { text: fields, extensions } = ordered(value, ["id"], prefixes);
      text += key + fields;
      if (extensions.length) trailing.push(key + sorted(extensions));
    } else if (key === "bizTransactionList" || key === "sourceList" || key === "destinationList") {
      const items = list(value).filter(isObject);
      if (!items.length) continue;
      const field = key === "bizTransactionList" ? "bizTransaction" : key === "sourceList" ? "source" : "destination";
      const vocabulary: CbvVocabulary = key === "bizTransactionList" ? "bizTransactionType" : "sourceDestType";
      text += key + sorted(items.map((item) => {
        const part = fragment(item, key, prefixes, () => {
          const { text: fields, extensions } = ordered(item, ["type", field], prefixes, (k, v) => (k === "type" ? cbvWebUri(String(v), vocabulary, prefixes) : scalar(v, prefixes)));
          return { text: fields, trailing: extensions.map((e) => field + e) };
        });
        for (const e of part.trailing) trailing.push(e);
        return part.text;
      }));
    } else if (key === "sensorElementList") {
      const elements = list(value).filter(isObject);
      const elementExtensions: string[] = [];
      // CBV 2.0: no `sensorElementList` name in the string (CBV 2.1 adds it once).
      text += sorted(elements.map((element) => {
        let out = "sensorElement";
        const own: string[] = [];
        if (isObject(element.sensorMetadata)) {
          const { text: fields, extensions } = ordered(element.sensorMetadata, SENSOR_METADATA_ORDER, prefixes);
          out += `sensorMetadata${fields}`;
          if (extensions.length) own.push(`sensorMetadata${sorted(extensions)}`);
        }
        out += sorted(list(element.sensorReport).filter(isObject).map((report) => {
          const { text: fields, extensions } = ordered(report, SENSOR_REPORT_ORDER, prefixes, (k, v) => sensorReportValue(k, v, prefixes));
          if (extensions.length) own.push(`sensorReport${sorted(extensions)}`);
          return `sensorReport${fields}`;
        }));
        for (const k of Object.keys(element)) if (k !== "sensorMetadata" && k !== "sensorReport") extensionInto(own, k, element[k], prefixes);
        if (own.length) elementExtensions.push(`sensorElement${sorted(own)}`);
        return out;
      }));
      if (elementExtensions.length) trailing.push(`sensorElementList${sorted(elementExtensions)}`);
    } else if (key === "ilmd" && isObject(value)) {
      text += `ilmd${sorted(extensionsOf(value, prefixes))}`;
    } else if (!isObject(value) && !Array.isArray(value)) {
      text += `${key}=${scalar(value, prefixes)}`;
    }
  }
  return text + sorted(trailing);
}

function sensorReportValue(key: string, value: Json, prefixes: PrefixMap): string {
  const text = typeof value === "string" ? value.trim() : value;
  if ((key === "type" || key === "exception") && typeof text === "string" && !text.includes(":")) return GS1_VOC_BASE + text;
  if (key === "component" && typeof text === "string") return cbvWebUri(text, "component", prefixes);
  return scalar(text, prefixes);
}

/** Hex SHA-256 of a UTF-8 string, with WebCrypto (Node ≥ 20, browsers, Workers). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** The `ni:///sha-256;…?ver=CBV2.0` URI for a hex SHA-256 digest. */
export const eventHashUri = (hexDigest: string) => `ni:///sha-256;${hexDigest}?ver=${EVENT_HASH_VERSION}`;

/** The EPCIS Event Hash ID of an event; `prefixes` from the document's `@context` (see contextPrefixes). */
export async function epcisEventHashId(event: JsonObject, prefixes?: PrefixMap, digest: (text: string) => Promise<string> | string = sha256HexSync): Promise<string> {
  return eventHashUri(await digest(epcisPreHashString(event, prefixes ?? contextPrefixes(event["@context"]))));
}

/** The same, synchronously (plain-JavaScript SHA-256). */
export function epcisEventHashIdSync(event: JsonObject, prefixes?: PrefixMap): string {
  return eventHashUri(sha256HexSync(epcisPreHashString(event, prefixes ?? contextPrefixes(event["@context"]))));
}
