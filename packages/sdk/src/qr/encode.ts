import { QrError } from "./errors";
import { generateMatrix } from "./generator";
import { segmentText, toGeneratorSegment } from "./segments";
import type { QrCode, QrEcc } from "./types";

export interface EncodeQrOptions {
  /** Error correction level; M recovers about 15% damage. */
  ecc?: QrEcc;
}

/** Version 40 holds at most 7089 numeric digits, and every code unit costs at least a digit. */
const MAX_CHARS = 7089;
const ECC_LEVELS: readonly string[] = ["L", "M", "Q", "H"];
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function encodeQr(text: string, options: EncodeQrOptions = {}): QrCode {
  const ecc = options.ecc ?? "M";
  if (!ECC_LEVELS.includes(ecc)) {
    throw new QrError("qr-invalid-options", `unknown error correction level ${String(ecc)}`);
  }
  if (typeof text !== "string" || LONE_SURROGATE.test(text)) {
    throw new QrError("qr-invalid-input", "the text must be a well-formed Unicode string");
  }
  if (text.length > MAX_CHARS) throw tooLarge(ecc);

  const segments = segmentText(text);
  let matrix;
  try {
    matrix = generateMatrix(segments.map(toGeneratorSegment), ecc);
  } catch (error) {
    if (typeof error === "string" && error.startsWith("code length overflow")) throw tooLarge(ecc);
    throw error;
  }
  return { version: matrix.version, size: matrix.modules.length, ecc, modules: matrix.modules, segments };
}

function tooLarge(ecc: QrEcc): QrError {
  return new QrError("qr-too-large", `the text does not fit in a version 40 QR code at level ${ecc}`);
}
