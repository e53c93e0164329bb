/**
 * Bytes as one big unsigned integer written in decimal: about 2.41 digits per byte, which QR
 * numeric mode packs at 3.33 bits per digit (≈ 8.03 bits per byte) inside a URL-safe path.
 * The first byte must be non-zero so that no leading zero is lost.
 */
const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

export function bytesToDecimal(bytes: Uint8Array): string {
  if (bytes.length === 0) return "0";
  let hex = "0x";
  for (const byte of bytes) hex += HEX_PAIRS[byte];
  return BigInt(hex).toString(10);
}

const nibble = (code: number) => (code <= 57 ? code - 48 : code - 87);

/** Inverse of bytesToDecimal; undefined for text that is not canonical (leading zero, non-digit). */
export function decimalToBytes(digits: string): Uint8Array | undefined {
  if (!/^[1-9][0-9]*$/.test(digits)) return undefined;
  const hex = BigInt(digits).toString(16);
  const odd = hex.length & 1;
  const out = new Uint8Array((hex.length + odd) >> 1);
  let h = 0;
  if (odd) out[0] = nibble(hex.charCodeAt(h++));
  for (let i = odd; i < out.length; i++, h += 2) out[i] = (nibble(hex.charCodeAt(h)) << 4) | nibble(hex.charCodeAt(h + 1));
  return out;
}
