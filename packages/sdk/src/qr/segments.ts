import type { GeneratorSegment } from "./generator";
import type { QrSegment } from "./types";

/** scheme://authority/…/ then the digits of the last path segment, with no query or fragment. */
const DIGIT_TAIL_URL = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]+\/(?:[^?#]*\/)?)([0-9]+)$/i;

/**
 * A numeric segment adds a 4-bit mode indicator and a count of up to 14 bits; from 4 digits on
 * it saves at least that much over 8 bits a digit (4 digits: 18 + 14 ≤ 32), at every version.
 */
const MIN_NUMERIC_DIGITS = 4;

export function segmentText(text: string): QrSegment[] {
  const match = DIGIT_TAIL_URL.exec(text);
  const prefix = match?.[1];
  const digits = match?.[2];
  if (prefix === undefined || digits === undefined || digits.length < MIN_NUMERIC_DIGITS) {
    return [{ mode: "byte", text }];
  }
  return [
    { mode: "byte", text: prefix },
    { mode: "numeric", text: digits },
  ];
}

/**
 * qrcode-generator turns strings into bytes by keeping the low 8 bits of each UTF-16 code unit;
 * handing it one char per UTF-8 byte makes byte segments UTF-8 without touching its global state.
 */
export function toGeneratorSegment(segment: QrSegment): GeneratorSegment {
  if (segment.mode === "numeric") return { mode: "numeric", data: segment.text };
  let data = "";
  for (const byte of new TextEncoder().encode(segment.text)) data += String.fromCharCode(byte);
  return { mode: "byte", data };
}
