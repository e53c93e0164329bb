import { z } from "zod";

/**
 * Shian trace code: an issuer namespace, a serial inside it, and an ISO/IEC 7064 MOD 11-2
 * check character (0-9 or X, the scheme of GB 11643 identity numbers).
 *
 * Canonical text: `<namespace>-<serial>-<check>`, e.g. `4401-1234567-5`.
 * Printed text (under a QR): the namespace, the serial zero-padded to a multiple of four digits
 * in groups of four, then the check character: `4401 0123 4567 5`.
 */
export const TRACE_NAMESPACE_MAX = 0xffff_ffff;
export const TRACE_SERIAL_MAX = 999_999_999_999_999;

export interface TraceCodeParts {
  namespace: number;
  serial: number;
}

const MOD_11_2_CHARS = "0123456789X";

/** ISO/IEC 7064 MOD 11-2 check character over a string of decimal digits. */
export function iso7064Mod112(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum = ((sum + digits.charCodeAt(i) - 48) * 2) % 11;
  return MOD_11_2_CHARS[(12 - sum) % 11]!;
}

/**
 * The check character of `namespace` padded to 10 digits followed by `serial` padded to 15: the
 * same MOD 11-2 sum as `iso7064Mod112` over that text, taken digit by digit from the numbers.
 */
export function traceCheckChar({ namespace, serial }: TraceCodeParts): string {
  let sum = 0;
  sum = mod112Digits(sum, namespace, 10);
  sum = mod112Digits(sum, serial, 15);
  return MOD_11_2_CHARS[(12 - sum) % 11]!;
}

/** Continues a MOD 11-2 sum over `value` written with `width` digits (leading zeros included). */
function mod112Digits(sum: number, value: number, width: number): number {
  let weight = 1;
  let tail = 0;
  // Each digit d at position i from the right adds d·2^(i+1) to the sum after `width` more steps.
  for (let i = 0; i < width; i++) {
    weight = (weight * 2) % 11;
    tail = (tail + (value % 10) * weight) % 11;
    value = Math.floor(value / 10);
  }
  return (sum * weight + tail) % 11;
}

function assertParts({ namespace, serial }: TraceCodeParts): void {
  if (!Number.isSafeInteger(namespace) || namespace < 1 || namespace > TRACE_NAMESPACE_MAX) {
    throw new RangeError(`trace code namespace must be an integer 1..${TRACE_NAMESPACE_MAX}`);
  }
  if (!Number.isSafeInteger(serial) || serial < 0 || serial > TRACE_SERIAL_MAX) {
    throw new RangeError(`trace code serial must be an integer 0..${TRACE_SERIAL_MAX}`);
  }
}

/** Canonical text of a trace code. Throws RangeError for out-of-range parts. */
export function formatTraceCode(parts: TraceCodeParts): string {
  assertParts(parts);
  return `${parts.namespace}-${parts.serial}-${traceCheckChar(parts)}`;
}

/** Printed form for humans: `4401 0123 4567 5`. */
export function formatTraceCodeForPrint(parts: TraceCodeParts): string {
  assertParts(parts);
  const serial = String(parts.serial);
  const padded = serial.padStart(Math.ceil(Math.max(serial.length, 8) / 4) * 4, "0");
  let out = String(parts.namespace);
  for (let i = 0; i < padded.length; i += 4) out += ` ${padded.slice(i, i + 4)}`;
  return `${out} ${traceCheckChar(parts)}`;
}

export type TraceCodeParseResult =
  | { ok: true; parts: TraceCodeParts; canonical: string }
  | { ok: false; reason: "format" | "range" | "check" };

const CANONICAL = /^([1-9]\d{0,9})-(0|[1-9]\d{0,14})-([0-9X])$/;
const PRINTED = /^([1-9]\d{0,9})((?: \d{4})+) ([0-9X])$/;

/** Parses canonical or printed text (case-insensitive check char); never throws. */
export function parseTraceCode(text: string): TraceCodeParseResult {
  if (typeof text !== "string" || text.length > 64) return { ok: false, reason: "format" };
  // Canonical text (what is stored and signed) matches as it is; anything else is normalised first.
  const exact = CANONICAL.exec(text);
  const normalised = exact ? text : text.trim().toUpperCase();
  const canonical = exact ?? CANONICAL.exec(normalised);
  const match = canonical ?? PRINTED.exec(normalised);
  if (!match) return { ok: false, reason: "format" };
  // A canonical serial has no spaces or leading zeros; printed serials are zero-padded to whole groups of four, so up to 16 digits appear.
  const serialDigits = canonical ? match[2]! : match[2]!.replace(/ /g, "").replace(/^0+(?=\d)/, "");
  if (serialDigits.length > 15) return { ok: false, reason: "range" };
  const parts = { namespace: Number(match[1]), serial: Number(serialDigits) };
  if (parts.namespace > TRACE_NAMESPACE_MAX) return { ok: false, reason: "range" };
  if (traceCheckChar(parts) !== match[3]) return { ok: false, reason: "check" };
  // Canonical text has one spelling (no leading zeros), so a canonical match is its own canonical form.
  return { ok: true, parts, canonical: canonical ? normalised : formatTraceCode(parts) };
}

const TRACE_CODE_MESSAGES = {
  format: "not a trace code: expected <namespace>-<serial>-<check>",
  range: "trace code namespace or serial out of range",
  check: "trace code check character does not match",
} as const;

/** A trace code in canonical text; printed text is accepted and normalised. */
export const TraceCode = z
  .string()
  .max(64)
  .transform((value, ctx) => {
    const parsed = parseTraceCode(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: TRACE_CODE_MESSAGES[parsed.reason] });
      return z.NEVER;
    }
    return parsed.canonical;
  });
export type TraceCode = z.output<typeof TraceCode>;
