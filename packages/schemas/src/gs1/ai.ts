import dictionary from "./data/ai-dictionary.json";
import { gs1CheckDigit } from "../identifiers/gtin";

/** `I` primary identification key, `Q` key qualifier, `D` data attribute. */
export type AiType = "I" | "Q" | "D";

/** One GS1 Application Identifier, as the AI table (./data/ai-dictionary.json) describes it. */
export interface AiDefinition {
  readonly ai: string;
  readonly title: string;
  /** GS1 General Specifications notation, e.g. `N14`, `X..20`, `N13+X..17`. */
  readonly format: string;
  readonly type: AiType;
  /** Digital Link convenience name (`gtin`, `lot`, `ser`, `exp`…), where one exists. */
  readonly shortcode?: string;
  /** `L` for the last digit, or the 1-based position of the GS1 mod-10 check digit. */
  readonly checkDigit?: string;
  /** For a primary key: its key qualifiers, in the order the Digital Link path requires. */
  readonly qualifiers?: readonly string[];
}

/** The rule a Digital Link URI or element string broke. */
export type DigitalLinkRule =
  | "uri"
  | "percent-encoding"
  | "compressed"
  | "missing-primary-key"
  | "missing-value"
  | "unknown-ai"
  | "qualifier-not-allowed"
  | "qualifier-order"
  | "duplicate-ai"
  | "not-a-data-attribute"
  | "length"
  | "characters"
  | "check-digit"
  | "date"
  | "element-string";

/** A bad Digital Link URI, element string or AI value: names the AI (when one is at fault) and the rule broken. */
export class DigitalLinkError extends Error {
  override readonly name = "DigitalLinkError";
  constructor(
    readonly rule: DigitalLinkRule,
    readonly ai: string | undefined,
    message: string,
  ) {
    super(ai === undefined ? message : `AI (${ai}): ${message}`);
  }
}

const AIS: ReadonlyMap<string, AiDefinition> = new Map(
  (dictionary.ais as AiDefinition[]).map((d) => [d.ai, Object.freeze({ ...d })]),
);
const BY_SHORTCODE: ReadonlyMap<string, AiDefinition> = new Map(
  [...AIS.values()].filter((d) => d.shortcode).map((d) => [d.shortcode!, d]),
);
const AI_LENGTH_BY_PREFIX = dictionary.aiLengthByPrefix as Record<string, number>;
const PREDEFINED_LENGTH_BY_PREFIX = dictionary.predefinedLengthByPrefix as Record<string, number>;

/** The AI table entry for a numeric AI, or undefined. */
export function getAiDefinition(ai: string): AiDefinition | undefined {
  return AIS.get(ai);
}

/** All AIs in the table. */
export function listAiDefinitions(): AiDefinition[] {
  return [...AIS.values()];
}

/** A numeric AI, or a Digital Link short name (`gtin`, `lot`…), to its table entry. */
export function resolveAiKey(key: string): AiDefinition | undefined {
  return /^\d{2,4}$/.test(key) ? AIS.get(key) : BY_SHORTCODE.get(key);
}

/** Length of the AI that starts with these two digits, from the element-string table. */
export function aiLengthForPrefix(prefix: string): number | undefined {
  return AI_LENGTH_BY_PREFIX[prefix];
}

/** True when an AI's element string has a predefined length (no FNC1 separator after it). */
export function hasPredefinedLength(ai: string): boolean {
  return PREDEFINED_LENGTH_BY_PREFIX[ai.slice(0, 2)] !== undefined;
}

/** Predefined total length (AI + value) of an element string, from its first two digits. */
export function predefinedElementLength(ai: string): number | undefined {
  return PREDEFINED_LENGTH_BY_PREFIX[ai.slice(0, 2)];
}

// Character sets of the GS1 General Specifications (figure 7.11-1 and 7.11-2).
const CHARSETS: Record<string, RegExp> = {
  N: /^[0-9]*$/,
  X: /^[!"%-?A-Z_a-z]*$/, // set 82: ! " % & ' ( ) * + , - . / 0-9 : ; < = > ? A-Z _ a-z
  Y: /^[#\-/0-9A-Z]*$/, // set 39: # - / 0-9 A-Z
};
const CHARSET_NAMES: Record<string, string> = { N: "digits", X: "GS1 character set 82", Y: "GS1 character set 39" };

interface Component {
  set: "N" | "X" | "Y";
  min: number;
  max: number;
}

const formatCache = new Map<string, Component[]>();
function components(format: string): Component[] {
  let parsed = formatCache.get(format);
  if (!parsed) {
    parsed = format.split("+").map((part, index) => {
      const m = /^([NXY])(\d+)?(?:\.\.(\d+))?$/.exec(part);
      if (!m) throw new Error(`unsupported AI format ${format}`);
      const set = m[1] as Component["set"];
      if (m[3] === undefined) return { set, min: Number(m[2]), max: Number(m[2]) };
      // "..n" is 1 to n for the first component; later components (a GRAI's serial) may be empty
      return { set, min: m[2] !== undefined ? Number(m[2]) : index === 0 ? 1 : 0, max: Number(m[3]) };
    });
    formatCache.set(format, parsed);
  }
  return parsed;
}

const DATE_AIS = new Set(["11", "12", "13", "15", "16", "17"]);

/**
 * Checks one AI's value against the AI table: length, character set, check digit and, for the
 * YYMMDD dates, month and day. A GTIN (01) may be given as 8, 12, 13 or 14 digits, as in
 * Digital Link. Throws a DigitalLinkError naming the AI and the rule.
 */
export function validateAiValue(ai: string, value: string): void {
  const def = AIS.get(ai);
  if (!def) throw new DigitalLinkError("unknown-ai", ai, "not in the GS1 AI table");
  if (ai === "01" && /^(\d{8}|\d{12,13})$/.test(value)) value = value.padStart(14, "0");
  const parts = components(def.format);
  let pos = 0;
  for (let i = 0; i < parts.length; i++) {
    const c = parts[i]!;
    const last = i === parts.length - 1;
    const take = last ? value.length - pos : c.max;
    const piece = value.slice(pos, pos + take);
    if (piece.length < c.min || piece.length > c.max) {
      const want = parts.length === 1 ? lengthText(c) : `${def.format}`;
      throw new DigitalLinkError("length", ai, `value "${value}" has the wrong length (format ${want})`);
    }
    if (!CHARSETS[c.set]!.test(piece)) {
      throw new DigitalLinkError("characters", ai, `value "${value}" has characters outside ${CHARSET_NAMES[c.set]} (format ${def.format})`);
    }
    pos += piece.length;
  }
  if (def.checkDigit) {
    const at = def.checkDigit === "L" ? value.length : Number(def.checkDigit);
    const expected = gs1CheckDigit(value.slice(0, at - 1));
    if (Number(value[at - 1]) !== expected) {
      throw new DigitalLinkError("check-digit", ai, `check digit of "${value}" should be ${expected}`);
    }
  }
  if (DATE_AIS.has(ai)) {
    const month = Number(value.slice(2, 4));
    const day = Number(value.slice(4, 6));
    if (month < 1 || month > 12 || day > 31) throw new DigitalLinkError("date", ai, `"${value}" is not a YYMMDD date`);
  }
}

function lengthText(c: Component): string {
  return c.min === c.max ? `${c.set}${c.max}` : `${c.set}${c.min > 1 ? c.min : ""}..${c.max}`;
}
