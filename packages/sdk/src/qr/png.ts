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

  return writeGreyPng({ width: raster.width, height: raster.height, bitDepth: 1, scanlines });
}

/** A greyscale image as PNG scanlines: each row starts with its filter byte (0 = none). */
export interface GreyScanlines {
  width: number;
  height: number;
  bitDepth: 1 | 8;
  scanlines: Uint8Array;
  /** Physical resolution written as a pHYs chunk, for printing. */
  dpi?: number;
}

/** Writes a greyscale PNG file (zlib level 9), with a pHYs chunk when `dpi` is given. */
export function writeGreyPng(image: GreyScanlines): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, image.width);
  view.setUint32(4, image.height);
  header.set([image.bitDepth, 0, 0, 0, 0], 8); // greyscale, deflate, adaptive filtering, no interlace
  const chunks = [Uint8Array.from(SIGNATURE), chunk("IHDR", header)];
  if (image.dpi !== undefined) {
    const phys = new Uint8Array(9);
    const perMetre = Math.round(image.dpi / 0.0254);
    new DataView(phys.buffer).setUint32(0, perMetre);
    new DataView(phys.buffer).setUint32(4, perMetre);
    phys[8] = 1; // unit: metre
    chunks.push(chunk("pHYs", phys));
  }
  chunks.push(chunk("IDAT", zlibSync(image.scanlines, { level: 9 })), chunk("IEND", new Uint8Array(0)));
  return concat(chunks);
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
