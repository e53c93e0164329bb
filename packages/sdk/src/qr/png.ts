import { zlibSync } from "fflate";
import { crc32 } from "./crc32";
import { requireInteger } from "./options";
import { packRaster } from "./raster";
import type { QrCode } from "./types";

export interface PngOptions {
  /** Pixels per module. */
  scale?: number;
  /** Quiet zone in modules. */
  margin?: number;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A 1-bit grayscale PNG. */
export function toPng(qr: QrCode, options: PngOptions = {}): Uint8Array {
  const scale = requireInteger("scale", options.scale ?? 4, 1, 64);
  const margin = requireInteger("margin", options.margin ?? 4, 0, 64);
  // In 1-bit grayscale a set bit is white.
  const raster = packRaster(qr, scale, margin, "light");

  const scanlines = new Uint8Array(raster.height * (raster.bytesPerRow + 1));
  for (let y = 0; y < raster.height; y++) {
    const start = y * raster.bytesPerRow;
    // Each scanline starts with filter type 0 (none), already zero.
    scanlines.set(raster.rows.subarray(start, start + raster.bytesPerRow), y * (raster.bytesPerRow + 1) + 1);
  }

  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, raster.width);
  view.setUint32(4, raster.height);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, grayscale, deflate, adaptive filtering, no interlace

  return concat([
    Uint8Array.from(SIGNATURE),
    chunk("IHDR", header),
    chunk("IDAT", zlibSync(scanlines, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
