import type { QrCode } from "./types";

export interface PackedRaster {
  readonly width: number;
  readonly height: number;
  readonly bytesPerRow: number;
  /** height × bytesPerRow bytes; pixels MSB first, padding bits at the end of each row are 0. */
  readonly rows: Uint8Array;
}

/** The code scaled `scale` pixels a module inside a `margin`-module quiet zone, one bit a pixel. */
export function packRaster(qr: QrCode, scale: number, margin: number, setBitFor: "dark" | "light"): PackedRaster {
  const side = (qr.size + 2 * margin) * scale;
  const bytesPerRow = Math.ceil(side / 8);
  const rows = new Uint8Array(side * bytesPerRow);
  const wantDark = setBitFor === "dark";
  for (let y = 0; y < side; y++) {
    const row = qr.modules[Math.floor(y / scale) - margin];
    for (let x = 0; x < side; x++) {
      const dark = row?.[Math.floor(x / scale) - margin] ?? false;
      if (dark === wantDark) rows[y * bytesPerRow + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return { width: side, height: side, bytesPerRow, rows };
}
