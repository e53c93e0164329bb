import { buildDigitalLink, type DigitalLink, parseDigitalLink, percentEncodeAiValue } from "../gs1/digital-link";
import { gs1CheckDigit } from "../identifiers/gtin";

/**
 * Identifier normalisation for the CBV 2.0 event hash (rules 17 and 18): EPC URNs become
 * canonical GS1 Digital Link URIs, and Digital Link URIs are constrained to https://id.gs1.org,
 * no query string and only the most fine-grained key (01 with 21, 10 or 235; 414 with 254;
 * 8006 with 21 or 10; 8010 with 8011; any other primary key alone).
 */

const STEM = "https://id.gs1.org";
const decode = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};
const withCheck = (digits: string) => digits + gs1CheckDigit(digits);
/** The GTIN-14 of an SGTIN/LGTIN URN's company prefix and indicator + item reference. */
const gtinOf = (prefix: string, itemRef: string) => withCheck(itemRef.slice(0, 1) + prefix + itemRef.slice(1));
/** A canonical Digital Link; keys our resolver's dictionary does not take as primary (417 PGLN…) are joined by hand. */
function dl(primary: [string, string], ...qualifiers: Array<[string, string]>): string {
  try {
    return buildDigitalLink({ primaryKey: { ai: primary[0], value: primary[1] }, qualifiers: qualifiers.map(([ai, value]) => ({ ai, value })), attributes: [] });
  } catch {
    return [STEM, ...[primary, ...qualifiers].map(([ai, value]) => `${ai}/${percentEncodeAiValue(value)}`)].join("/");
  }
}

/** An EPC URI (`urn:epc:id:`, `urn:epc:class:`, `urn:epc:idpat:`) as a canonical Digital Link; undefined when not one we know. */
export function epcUrnToDigitalLink(urn: string): string | undefined {
  const match = /^urn:epc:(id|class|idpat):([a-z0-9]+):(.+)$/i.exec(urn);
  if (!match) return undefined;
  const scheme = `${match[1]!.toLowerCase()}:${match[2]!.toLowerCase()}`;
  const parts = match[3]!.split(".");
  const [a = "", b = "", c = ""] = parts;
  try {
    switch (scheme) {
      case "id:sgtin":
        return parts.length === 3 ? dl(["01", gtinOf(a, b)], ["21", decode(c)]) : undefined;
      case "idpat:sgtin":
        return parts.length === 3 && c === "*" ? dl(["01", gtinOf(a, b)]) : undefined;
      case "class:lgtin":
        return parts.length === 3 ? dl(["01", gtinOf(a, b)], ["10", decode(c)]) : undefined;
      case "id:sscc":
        return parts.length === 2 ? dl(["00", withCheck(b.slice(0, 1) + a + b.slice(1))]) : undefined;
      case "id:sgln": {
        if (parts.length !== 3) return undefined;
        const gln = withCheck(a + b);
        return c === "0" ? dl(["414", gln]) : dl(["414", gln], ["254", decode(c)]);
      }
      case "id:pgln":
        return parts.length === 2 ? dl(["417", withCheck(a + b)]) : undefined;
      case "id:giai":
        return parts.length === 2 ? dl(["8004", a + decode(b)]) : undefined;
      case "id:grai":
        return parts.length === 3 ? dl(["8003", `0${withCheck(a + b)}${decode(c)}`]) : undefined;
      case "id:gdti":
        return parts.length === 3 ? dl(["253", `${withCheck(a + b)}${decode(c)}`]) : undefined;
      case "id:gsrn":
        return parts.length === 2 ? dl(["8018", withCheck(a + b)]) : undefined;
      case "id:gsrnp":
        return parts.length === 2 ? dl(["8017", withCheck(a + b)]) : undefined;
      case "id:sgcn":
        return parts.length === 3 ? dl(["255", `${withCheck(a + b)}${decode(c)}`]) : undefined;
      case "id:ginc":
        return parts.length === 2 ? dl(["401", a + decode(b)]) : undefined;
      case "id:gsin":
        return parts.length === 2 ? dl(["402", withCheck(a + b)]) : undefined;
      case "id:cpi":
        return parts.length === 3 ? dl(["8010", a + decode(b)], ["8011", c]) : undefined;
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

/** Key qualifiers kept by rule 18 for each primary key; everything else is dropped. */
const KEPT_QUALIFIER: Record<string, string[]> = { "01": ["21", "10", "235"], "414": ["254"], "8006": ["21", "10"], "8010": ["8011"] };

/** A Digital Link URI constrained for hashing; undefined when the URI is no Digital Link. */
export function constrainDigitalLink(uri: string): string | undefined {
  if (!/^https?:\/\//i.test(uri)) return undefined;
  let link: DigitalLink;
  try {
    link = parseDigitalLink(uri);
  } catch {
    return undefined;
  }
  const keep = KEPT_QUALIFIER[link.primaryKey.ai] ?? [];
  // The most fine-grained qualifier only: a serial (21) over a lot (10).
  const qualifier = keep.map((ai) => link.qualifiers.find((q) => q.ai === ai)).find((q) => q !== undefined);
  const primaryKey = link.primaryKey.ai === "01" ? { ai: "01", value: link.primaryKey.value.padStart(14, "0") } : link.primaryKey;
  const qualifiers = link.primaryKey.ai === "8010" ? link.qualifiers.filter((q) => q.ai === "8011") : qualifier ? [qualifier] : [];
  return buildDigitalLink({ primaryKey, qualifiers, attributes: [] }, { stem: STEM });
}

/** Any identifier value as the event hash wants it: EPC URNs and Digital Links normalised, anything else as given. */
export function normaliseIdentifier(value: string): string {
  if (value.startsWith("urn:epc:")) return epcUrnToDigitalLink(value) ?? value;
  if (/^https?:\/\//i.test(value) && /\/(0[0-9]|[1-9][0-9]{1,3})\//.test(value)) return constrainDigitalLink(value) ?? value;
  return value;
}
