/** Unsigned LEB128 for integers up to Number.MAX_SAFE_INTEGER, written into a growable list. */
export function writeVarint(out: number[], value: number): void {
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
}

/** Reads one canonical varint (no redundant trailing zero groups); undefined when invalid. */
export function readVarint(bytes: Uint8Array, offset: number): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = offset; i < bytes.length && i < offset + 8; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) {
      if (byte === 0 && i > offset) return undefined;
      if (!Number.isSafeInteger(value)) return undefined;
      return { value, next: i + 1 };
    }
    scale *= 0x80;
  }
  return undefined;
}
