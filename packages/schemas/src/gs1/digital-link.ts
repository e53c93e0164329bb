/**
 * GS1 Digital Link URI syntax (uncompressed): parse, build, canonicalise, and convert to and
 * from GS1 element strings (FNC1/GS-separated and bracketed). Every AI is validated against
 * the AI table kept as data in ./data/ai-dictionary.json.
 */
import {
  aiLengthForPrefix,
  DigitalLinkError,
  getAiDefinition,
  hasPredefinedLength,
  predefinedElementLength,
  resolveAiKey,
  validateAiValue,
} from "./ai";

/** The base every canonical Digital Link URI uses. */
export const CANONICAL_DIGITAL_LINK_STEM = "https://id.gs1.org";
/** The GS (group separator, ASCII 29) that stands for FNC1 between element strings. */
export const GS = "\u001d";
/** Longest URI or element string accepted before any parsing. */
export const MAX_DIGITAL_LINK_TEXT = 2048;

export interface GS1Element {
  ai: string;
  value: string;
}

export interface DigitalLink {
  /** Scheme, host (lower-cased) and any path before the primary key, without a trailing slash. */
  stem: string;
  primaryKey: GS1Element;
  /** Key qualifiers from the path, in the standard's order. */
  qualifiers: GS1Element[];
  /** GS1 data attributes from the query string, in URI order. */
  attributes: GS1Element[];
  /** Query parameters that are not GS1 AIs (e.g. `linkType`), decoded, in URI order. */
  otherParams: [string, string][];
}

export interface DigitalLinkInput {
  primaryKey: GS1Element;
  qualifiers?: GS1Element[];
  attributes?: GS1Element[];
  otherParams?: [string, string][];
}

export interface BuildDigitalLinkOptions {
  /** Scheme + host (+ path prefix); defaults to https://id.gs1.org. */
  stem?: string;
  /** Use the Digital Link short names (`gtin`, `lot`, `ser`, `exp`…) where the AI has one. */
  shortNames?: boolean;
}

/** Percent-encodes everything outside the URI unreserved set (RFC 3986 §2.3), hex upper-case. */
export function percentEncodeAiValue(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(part: string, ai: string | undefined): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new DigitalLinkError("percent-encoding", ai, `"${part}" is not valid percent-encoding`);
  }
}

/**
 * Parses an uncompressed GS1 Digital Link URI (numeric AIs or short names, any host and path
 * prefix) and validates each AI: format, character set, check digit, which qualifiers the
 * primary key takes and their order, and that the query carries only data attributes.
 */
export function parseDigitalLink(uri: string): DigitalLink {
  if (typeof uri !== "string" || uri.length > MAX_DIGITAL_LINK_TEXT) {
    throw new DigitalLinkError("uri", undefined, `not a URI of at most ${MAX_DIGITAL_LINK_TEXT} characters`);
  }
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new DigitalLinkError("uri", undefined, "not an absolute URI");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new DigitalLinkError("uri", undefined, "a Digital Link URI is http or https");
  }
  const segments = url.pathname.split("/").slice(1);
  if (segments.length > 0 && segments[segments.length - 1] === "") segments.pop();
  return fromParts(`${url.protocol}//${url.host}`, segments, url.search.slice(1));
}

/**
 * Parses the path and query of a Digital Link (as a resolver receives them: `/01/…/10/…` and
 * `17=…&linkType=…`, still percent-encoded). The stem is given by the caller.
 */
export function parseDigitalLinkPath(pathname: string, search = "", stem = CANONICAL_DIGITAL_LINK_STEM): DigitalLink {
  if (pathname.length + search.length > MAX_DIGITAL_LINK_TEXT) {
    throw new DigitalLinkError("uri", undefined, `longer than ${MAX_DIGITAL_LINK_TEXT} characters`);
  }
  const segments = pathname.split("/").slice(1);
  if (segments.length > 0 && segments[segments.length - 1] === "") segments.pop();
  return fromParts(stem, segments, search.startsWith("?") ? search.slice(1) : search);
}

function fromParts(origin: string, segments: string[], query: string): DigitalLink {
  // The primary key is the first segment naming a primary-key AI from which key/value pairs run to the end.
  let start = -1;
  let oddAt = -1;
  for (let i = 0; i < segments.length; i++) {
    const def = resolveAiKey(segments[i]!);
    if (def?.type !== "I") continue;
    if ((segments.length - i) % 2 === 0) {
      start = i;
      break;
    }
    if (oddAt < 0) oddAt = i;
  }
  if (start < 0) {
    if (oddAt >= 0) {
      const last = resolveAiKey(segments[segments.length - 1]!);
      throw new DigitalLinkError("missing-value", last?.ai ?? resolveAiKey(segments[oddAt]!)!.ai, "a path AI has no value");
    }
    if (segments.length === 1 && /^[A-Za-z0-9_-]{10,}$/.test(segments[0]!)) {
      throw new DigitalLinkError("compressed", undefined, "compressed Digital Link URIs are not supported; send the uncompressed form");
    }
    throw new DigitalLinkError("missing-primary-key", undefined, "the path has no GS1 primary key (e.g. /01/{gtin})");
  }
  const stemPath = segments.slice(0, start).join("/");
  const stem = stemPath ? `${origin}/${stemPath}` : origin;

  const primaryDef = resolveAiKey(segments[start]!)!;
  const primaryKey = { ai: primaryDef.ai, value: decode(segments[start + 1]!, primaryDef.ai) };
  validateAiValue(primaryKey.ai, primaryKey.value);
  const allowed = primaryDef.qualifiers ?? [];
  const qualifiers: GS1Element[] = [];
  const seen = new Set([primaryKey.ai]);
  let lastIndex = -1;
  for (let i = start + 2; i < segments.length; i += 2) {
    const key = segments[i]!;
    const def = resolveAiKey(key);
    if (!def) throw new DigitalLinkError("unknown-ai", /^\d+$/.test(key) ? key : undefined, `path segment "${key}" is not a GS1 AI`);
    if (seen.has(def.ai)) throw new DigitalLinkError("duplicate-ai", def.ai, "appears more than once");
    const index = allowed.indexOf(def.ai);
    if (index < 0) {
      throw new DigitalLinkError(
        "qualifier-not-allowed",
        def.ai,
        `is not a key qualifier of (${primaryDef.ai})${allowed.length ? `; allowed in the path: ${allowed.map((a) => `(${a})`).join(" ")}` : ""}`,
      );
    }
    if (index < lastIndex) {
      throw new DigitalLinkError("qualifier-order", def.ai, `key qualifiers of (${primaryDef.ai}) go in the order ${allowed.map((a) => `(${a})`).join(" ")}`);
    }
    lastIndex = index;
    seen.add(def.ai);
    const value = decode(segments[i + 1]!, def.ai);
    validateAiValue(def.ai, value);
    qualifiers.push({ ai: def.ai, value });
  }

  const attributes: GS1Element[] = [];
  const otherParams: [string, string][] = [];
  if (query) {
    for (const pair of query.split("&")) {
      if (!pair) continue;
      const eq = pair.indexOf("=");
      const rawKey = eq < 0 ? pair : pair.slice(0, eq);
      const rawValue = eq < 0 ? "" : pair.slice(eq + 1);
      const key = decode(rawKey, undefined);
      const def = resolveAiKey(key);
      if (!def) {
        if (/^\d+$/.test(key)) throw new DigitalLinkError("unknown-ai", key, "query parameter is not in the GS1 AI table");
        otherParams.push([key, decode(rawValue.replace(/\+/g, " "), undefined)]);
        continue;
      }
      if (def.type !== "D") {
        throw new DigitalLinkError(
          "not-a-data-attribute",
          def.ai,
          def.type === "I" ? "a primary key cannot be a query parameter" : "a key qualifier belongs in the path, after its primary key",
        );
      }
      if (seen.has(def.ai)) throw new DigitalLinkError("duplicate-ai", def.ai, "appears more than once");
      seen.add(def.ai);
      const value = decode(rawValue, def.ai);
      validateAiValue(def.ai, value);
      attributes.push({ ai: def.ai, value });
    }
  }
  return { stem, primaryKey, qualifiers, attributes, otherParams };
}

function classify(elements: GS1Element[]): DigitalLinkInput {
  const primaries = elements.filter((e) => getAiDefinition(e.ai)?.type === "I");
  if (primaries.length !== 1) {
    throw new DigitalLinkError(
      "missing-primary-key",
      primaries[1]?.ai,
      primaries.length === 0 ? "there is no GS1 primary key" : `there is more than one primary key: ${primaries.map((p) => `(${p.ai})`).join(" ")}`,
    );
  }
  const primaryKey = primaries[0]!;
  const allowed = getAiDefinition(primaryKey.ai)!.qualifiers ?? [];
  const qualifiers: GS1Element[] = [];
  const attributes: GS1Element[] = [];
  for (const e of elements) {
    if (e === primaryKey) continue;
    if (allowed.includes(e.ai)) qualifiers.push(e);
    else attributes.push(e);
  }
  return { primaryKey, qualifiers, attributes };
}

/** Validates a set of elements as one Digital Link and returns them in canonical order. */
function normalise(input: DigitalLinkInput | GS1Element[]): Required<DigitalLinkInput> {
  const { primaryKey, qualifiers = [], attributes = [], otherParams = [] } = Array.isArray(input) ? classify(input) : input;
  const primaryDef = getAiDefinition(primaryKey.ai);
  if (!primaryDef) throw new DigitalLinkError("unknown-ai", primaryKey.ai, "not in the GS1 AI table");
  if (primaryDef.type !== "I") throw new DigitalLinkError("missing-primary-key", primaryKey.ai, "is not a GS1 primary key");
  validateAiValue(primaryKey.ai, primaryKey.value);
  const allowed = primaryDef.qualifiers ?? [];
  const seen = new Set([primaryKey.ai]);
  for (const q of qualifiers) {
    if (!allowed.includes(q.ai)) throw new DigitalLinkError("qualifier-not-allowed", q.ai, `is not a key qualifier of (${primaryKey.ai})`);
    if (seen.has(q.ai)) throw new DigitalLinkError("duplicate-ai", q.ai, "appears more than once");
    seen.add(q.ai);
    validateAiValue(q.ai, q.value);
  }
  for (const a of attributes) {
    const def = getAiDefinition(a.ai);
    if (!def) throw new DigitalLinkError("unknown-ai", a.ai, "not in the GS1 AI table");
    if (def.type !== "D") throw new DigitalLinkError("not-a-data-attribute", a.ai, `is not a data attribute and not a key qualifier of (${primaryKey.ai})`);
    if (seen.has(a.ai)) throw new DigitalLinkError("duplicate-ai", a.ai, "appears more than once");
    seen.add(a.ai);
    validateAiValue(a.ai, a.value);
  }
  return {
    primaryKey: { ...primaryKey },
    qualifiers: [...qualifiers].sort((x, y) => allowed.indexOf(x.ai) - allowed.indexOf(y.ai)),
    attributes: [...attributes].sort((x, y) => (x.ai < y.ai ? -1 : x.ai > y.ai ? 1 : 0)),
    otherParams: [...otherParams],
  };
}

function stemOf(stem: string | undefined): string {
  if (stem === undefined) return CANONICAL_DIGITAL_LINK_STEM;
  let url: URL;
  try {
    url = new URL(stem);
  } catch {
    throw new DigitalLinkError("uri", undefined, `stem "${stem}" is not an absolute URI`);
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.search || url.hash) {
    throw new DigitalLinkError("uri", undefined, `stem "${stem}" must be an http(s) URI without query or fragment`);
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
}

/**
 * Builds a Digital Link URI from its parts (or from a flat list of elements, which are sorted
 * into primary key, key qualifiers and data attributes). Validates every AI; qualifiers go in
 * the standard's order, data attributes in AI order.
 */
export function buildDigitalLink(input: DigitalLinkInput | GS1Element[], options: BuildDigitalLinkOptions = {}): string {
  const n = normalise(input);
  const name = (ai: string) => (options.shortNames ? (getAiDefinition(ai)!.shortcode ?? ai) : ai);
  let out = stemOf(options.stem);
  for (const e of [n.primaryKey, ...n.qualifiers]) out += `/${name(e.ai)}/${percentEncodeAiValue(e.value)}`;
  const query = [
    ...n.attributes.map((a) => `${name(a.ai)}=${percentEncodeAiValue(a.value)}`),
    ...n.otherParams.map(([k, v]) => `${percentEncodeAiValue(k)}=${percentEncodeAiValue(v)}`),
  ];
  return query.length ? `${out}?${query.join("&")}` : out;
}

/**
 * The canonical form of a Digital Link: https://id.gs1.org, numeric AIs, a GTIN as 14 digits,
 * key qualifiers in the standard's order, data attributes in AI order, values percent-encoded
 * outside the unreserved set, and no non-GS1 query parameters.
 */
export function canonicalDigitalLink(link: string | DigitalLink): string {
  const dl = typeof link === "string" ? parseDigitalLink(link) : link;
  const primaryKey = dl.primaryKey.ai === "01" ? { ai: "01", value: dl.primaryKey.value.padStart(14, "0") } : dl.primaryKey;
  return buildDigitalLink({ primaryKey, qualifiers: dl.qualifiers, attributes: dl.attributes });
}

/** The elements of a Digital Link: primary key, qualifiers, then data attributes. */
export function digitalLinkElements(link: string | DigitalLink): GS1Element[] {
  const dl = typeof link === "string" ? parseDigitalLink(link) : link;
  return [dl.primaryKey, ...dl.qualifiers, ...dl.attributes].map((e) => ({ ...e }));
}

export interface ElementStringOptions {
  /** Human-readable form `(01)…(10)…` instead of the FNC1/GS form. */
  brackets?: boolean;
  /** Separator after a variable-length element that is not last (default GS, ASCII 29). */
  separator?: string;
}

/**
 * GS1 element string for a set of elements. Bracketed: primary key, qualifiers, attributes in
 * AI order. Unbracketed (as encoded after FNC1 in a barcode): primary key, then predefined-
 * length elements, then variable-length ones, with a GS after each variable-length element
 * that is not last. A GTIN is written as 14 digits.
 */
export function toElementString(elements: GS1Element[] | DigitalLink, options: ElementStringOptions = {}): string {
  const n = normalise(Array.isArray(elements) ? elements : digitalLinkElements(elements));
  const ordered = [n.primaryKey, ...n.qualifiers, ...n.attributes].map((e) =>
    e.ai === "01" || e.ai === "02" ? { ai: e.ai, value: e.value.padStart(14, "0") } : e,
  );
  if (options.brackets) return ordered.map((e) => `(${e.ai})${e.value}`).join("");
  const separator = options.separator ?? GS;
  const [first, ...rest] = ordered as [GS1Element, ...GS1Element[]];
  const fixed = rest.filter((e) => hasPredefinedLength(e.ai));
  const variable = rest.filter((e) => !hasPredefinedLength(e.ai));
  const sequence = [first, ...fixed, ...variable];
  let out = "";
  sequence.forEach((e, i) => {
    out += e.ai + e.value;
    if (i < sequence.length - 1 && !hasPredefinedLength(e.ai)) out += separator;
  });
  return out;
}

/**
 * Parses a GS1 element string: bracketed `(01)…(10)…`, or the barcode form with GS (or a
 * given separator) after variable-length elements, with or without a leading symbology
 * identifier (`]C1`, `]d2`, `]Q3`, `]e0`, `]J1`) or FNC1. Each value is validated.
 */
export function parseElementString(text: string, options: { separator?: string } = {}): GS1Element[] {
  if (typeof text !== "string" || text.length > MAX_DIGITAL_LINK_TEXT) {
    throw new DigitalLinkError("element-string", undefined, `not a string of at most ${MAX_DIGITAL_LINK_TEXT} characters`);
  }
  const elements = text.startsWith("(") ? parseBracketed(text) : parseRaw(text, options.separator ?? GS);
  const seen = new Set<string>();
  for (const e of elements) {
    if (seen.has(e.ai)) throw new DigitalLinkError("duplicate-ai", e.ai, "appears more than once");
    seen.add(e.ai);
    validateAiValue(e.ai, e.value);
  }
  return elements;
}

function parseBracketed(text: string): GS1Element[] {
  const starts: { at: number; ai: string; end: number }[] = [];
  const re = /\((\d{2,4})\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (getAiDefinition(m[1]!)) starts.push({ at: m.index, ai: m[1]!, end: m.index + m[0].length });
  }
  if (starts.length === 0 || starts[0]!.at !== 0) {
    const m = /^\((\d+)\)/.exec(text);
    throw new DigitalLinkError(m ? "unknown-ai" : "element-string", m?.[1], m ? "not in the GS1 AI table" : "does not start with a bracketed AI");
  }
  return starts.map((s, i) => ({ ai: s.ai, value: text.slice(s.end, starts[i + 1]?.at ?? text.length) }));
}

function parseRaw(text: string, separator: string): GS1Element[] {
  let s = text.replace(/^\][A-Za-z][0-9A-Za-z]/, "");
  while (s.startsWith(separator)) s = s.slice(separator.length);
  const out: GS1Element[] = [];
  let pos = 0;
  while (pos < s.length) {
    const prefix = s.slice(pos, pos + 2);
    const aiLength = aiLengthForPrefix(prefix);
    if (aiLength === undefined) throw new DigitalLinkError("unknown-ai", prefix, `no GS1 AI starts with "${prefix}" (at offset ${pos})`);
    const ai = s.slice(pos, pos + aiLength);
    if (!getAiDefinition(ai)) throw new DigitalLinkError("unknown-ai", ai, "not in the GS1 AI table");
    pos += aiLength;
    const total = predefinedElementLength(ai);
    let value: string;
    if (total !== undefined) {
      value = s.slice(pos, pos + total - aiLength);
      pos += value.length;
      if (s.startsWith(separator, pos)) pos += separator.length;
    } else {
      const end = s.indexOf(separator, pos);
      value = s.slice(pos, end < 0 ? s.length : end);
      pos = end < 0 ? s.length : end + separator.length;
    }
    out.push({ ai, value });
  }
  if (out.length === 0) throw new DigitalLinkError("element-string", undefined, "is empty");
  return out;
}

/** Element string (either form) → Digital Link URI. */
export function elementStringToDigitalLink(text: string, options: BuildDigitalLinkOptions & { separator?: string } = {}): string {
  return buildDigitalLink(parseElementString(text, options), options);
}

/** Digital Link URI → element string (FNC1/GS form, or bracketed). */
export function digitalLinkToElementString(uri: string, options: ElementStringOptions = {}): string {
  return toElementString(parseDigitalLink(uri), options);
}
