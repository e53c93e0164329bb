/**
 * Bytes as one big unsigned integer written in decimal: about 2.41 digits per byte, which QR
 * numeric mode packs at 3.33 bits per digit (≈ 8.03 bits per byte) inside a URL-safe path.
 * The first byte must be non-zero so that no leading zero is lost.
 */
export function bytesToDecimal(bytes: Uint8Array): string {
  if (bytes.length === 0) return "0";
  let hex = "";
  for (const byte of bytes) hex += byte < 16 ? `0${byte.toString(16)}` : byte.toString(16);
  return BigInt(`0x${hex}`).toString(10);
}

/** Inverse of bytesToDecimal; undefined for text that is not canonical (leading zero, non-digit). */
export function decimalToBytes(digits: string): Uint8Array | undefined {
  if (!/^[1-9][0-9]*$/.test(digits)) return undefined;
  let hex = BigInt(digits).toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
