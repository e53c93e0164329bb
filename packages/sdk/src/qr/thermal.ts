import { requireInteger } from "./options";
import { packRaster } from "./raster";
import type { QrCode } from "./types";

export interface ThermalOptions {
  /** Printer dots per module; 4 dots at 203 dpi make 0.5 mm modules. */
  dotsPerModule?: number;
  /** Quiet zone in modules. */
  margin?: number;
}

export const THERMAL_DPI = 203;

/** ESC/POS `GS v 0` (normal density) raster image: 1 bits print, rows packed MSB first. */
export function toThermalRaster(qr: QrCode, options: ThermalOptions = {}): Uint8Array {
  const { dotsPerModule, margin } = thermalLayout(options);
  const raster = packRaster(qr, dotsPerModule, margin, "dark");
  const out = new Uint8Array(8 + raster.rows.length);
  out.set([0x1d, 0x76, 0x30, 0x00]);
  out.set(le16(raster.bytesPerRow), 4);
  out.set(le16(raster.height), 6);
  out.set(raster.rows, 8);
  return out;
}

/** Printed width (and height) of `toThermalRaster(qr, options)` in millimetres at 203 dpi. */
export function thermalWidthMm(qr: QrCode, options: ThermalOptions = {}): number {
  const { dotsPerModule, margin } = thermalLayout(options);
  return ((qr.size + 2 * margin) * dotsPerModule * 25.4) / THERMAL_DPI;
}

function thermalLayout(options: ThermalOptions): { dotsPerModule: number; margin: number } {
  return {
    dotsPerModule: requireInteger("dotsPerModule", options.dotsPerModule ?? 4, 1, 32),
    margin: requireInteger("margin", options.margin ?? 4, 0, 64),
  };
}

function le16(value: number): [number, number] {
  return [value & 0xff, value >> 8];
}
