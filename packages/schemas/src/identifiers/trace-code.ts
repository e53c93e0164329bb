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

function checkDigits({ namespace, serial }: TraceCodeParts): string {
  return String(namespace).padStart(10, "0") + String(serial).padStart(15, "0");
}

export function traceCheckChar(parts: TraceCodeParts): string {
  return iso7064Mod112(checkDigits(parts));
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
  const groups = padded.match(/\d{4}/g)!;
  return [String(parts.namespace), ...groups, traceCheckChar(parts)].join(" ");
}

export type TraceCodeParseResult =
  | { ok: true; parts: TraceCodeParts; canonical: string }
  | { ok: false; reason: "format" | "range" | "check" };

const CANONICAL = /^([1-9]\d{0,9})-(0|[1-9]\d{0,14})-([0-9X])$/;
const PRINTED = /^([1-9]\d{0,9})((?: \d{4})+) ([0-9X])$/;

/** Parses canonical or printed text (case-insensitive check char); never throws. */
export function parseTraceCode(text: string): TraceCodeParseResult {
  if (typeof text !== "string" || text.length > 64) return { ok: false, reason: "format" };
  const normalised = text.trim().toUpperCase();
  const match = CANONICAL.exec(normalised) ?? PRINTED.exec(normalised);
  if (!match) return { ok: false, reason: "format" };
  // Printed serials are zero-padded to whole groups of four, so up to 16 digits appear.
  const serialDigits = match[2]!.replace(/ /g, "").replace(/^0+(?=\d)/, "");
  if (serialDigits.length > 15) return { ok: false, reason: "range" };
  const parts = { namespace: Number(match[1]), serial: Number(serialDigits) };
  if (parts.namespace > TRACE_NAMESPACE_MAX) return { ok: false, reason: "range" };
  if (traceCheckChar(parts) !== match[3]) return { ok: false, reason: "check" };
  return { ok: true, parts, canonical: formatTraceCode(parts) };
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
