import { isRegionCode, parseTraceCode, ProductCategory, RapidTestOutcome, TRACE_NAMESPACE_MAX, traceCheckChar, type VoucherClaims, VoucherType } from "@shian/schemas";

const TYPES = new Set<string>(VoucherType.options);
const CATEGORIES = new Set<string>(ProductCategory.options);
const OUTCOMES = new Set<string>(RapidTestOutcome.options);
const TRACE_CODES = new Set(["code", "batchCode", "certificateRef"]);
const COUNTS = new Set(["netWeightGrams", "quantity", "unitPriceFen"]);
/** VoucherClaims' members in the schema's order: the value is built in the order zod builds it. */
const ORDER = ["type", "code", "issuedAt", "batchCode", "originRegion", "productCategory", "netWeightGrams", "quantity", "unitPriceFen", "rapidTest", "certificateRef"];
const SIX_DIGITS = /^\d{6}$/;
/** parseTraceCode's canonical form: text that matches it as given is its own canonical text. */
const CANONICAL = /^([1-9]\d{0,9})-(0|[1-9]\d{0,14})-([0-9X])$/;

/** One-entry memo of a pure check: a bulk chunk signs many vouchers of one batch, time and origin. */
function memo(check: (value: string) => string | undefined): (value: string) => string | undefined {
  let lastIn: string | undefined;
  let lastOut: string | undefined;
  return (value) => {
    if (value !== lastIn) {
      lastOut = check(value);
      lastIn = value;
    }
    return lastOut;
  };
}

/** TraceCode's value: canonical text as given without parsing it again, anything else through parseTraceCode. */
function traceCode(value: string): string | undefined {
  const match = CANONICAL.exec(value);
  if (match) {
    const parts = { namespace: Number(match[1]), serial: Number(match[2]) };
    return parts.namespace <= TRACE_NAMESPACE_MAX && traceCheckChar(parts) === match[3] ? value : undefined;
  }
  const parsed = parseTraceCode(value);
  return parsed.ok ? parsed.canonical : undefined;
}
const memoTraceCode = memo(traceCode);
const memoTime = memo(wholeSecondUtc);
const memoRegion = memo((value) => (SIX_DIGITS.test(value) && isRegionCode(value) ? value : undefined));

/**
 * The common claim shapes (type, code, issue time, batch, origin, category, counts, rapid
 * test, certificate) checked by hand to VoucherClaims' rules, giving the value zod gives.
 * Anything it does not accept — an expiry, a GTIN or lot, an unknown or undefined member, a
 * time not in `toISOString` form, any value that fails a rule — returns undefined, and the
 * caller parses with zod, which gives the error message.
 */
export function fastVoucherClaims(input: unknown): VoucherClaims | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  const proto = Object.getPrototypeOf(input);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const claims = input as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(claims)) {
    const value = claims[name];
    let parsed: unknown;
    if (name === "type") {
      if (typeof value !== "string" || !TYPES.has(value)) return undefined;
      parsed = value;
    } else if (TRACE_CODES.has(name)) {
      if (typeof value !== "string") return undefined;
      parsed = name === "code" ? traceCode(value) : memoTraceCode(value);
      if (parsed === undefined) return undefined;
    } else if (name === "issuedAt") {
      if (typeof value !== "string") return undefined;
      parsed = memoTime(value);
      if (parsed === undefined) return undefined;
    } else if (COUNTS.has(name)) {
      if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value > 1_000_000_000) return undefined;
      parsed = value;
    } else if (name === "originRegion") {
      if (typeof value !== "string") return undefined;
      parsed = memoRegion(value);
      if (parsed === undefined) return undefined;
    } else if (name === "productCategory") {
      if (typeof value !== "string" || !CATEGORIES.has(value)) return undefined;
      parsed = value;
    } else if (name === "rapidTest") {
      if (typeof value !== "string" || !OUTCOMES.has(value)) return undefined;
      parsed = value;
    } else return undefined;
    out[name] = parsed;
  }
  if (out.code === undefined || out.issuedAt === undefined) return undefined;
  if (out.type === undefined) out.type = "sale";
  const ordered: Record<string, unknown> = {};
  for (const name of ORDER) if (out[name] !== undefined) ordered[name] = out[name];
  return ordered as VoucherClaims;
}

/**
 * A time in `toISOString` form (`2026-11-24T00:30:00.000Z`) or without the milliseconds
 * (`2026-11-24T00:30:00Z`), on the whole second, as WholeSecondTime normalises it; undefined
 * for anything else (offsets, fractions, other forms go to zod).
 */
function wholeSecondUtc(value: string): string | undefined {
  let full: string;
  if (value.length === 24 && value.endsWith(".000Z")) full = value;
  else if (value.length === 20 && value.endsWith("Z")) full = `${value.slice(0, 19)}.000Z`;
  else return undefined;
  const time = Date.parse(full);
  if (Number.isNaN(time) || new Date(time).toISOString() !== full) return undefined;
  return `${full.slice(0, 19)}Z`;
}
