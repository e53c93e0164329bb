import { writeGreyPng } from "@shian/sdk";
import type { LabelLayout } from "../pages/certificate-label";
import type { Point, TrueTypeFont } from "./truetype";

/** An 8-bit greyscale image, 0 = black ink, 255 = paper. */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

const SUB = 4;

/** Fills polygons (pixel coordinates, nonzero winding) into an ink-coverage buffer with 4×4 supersampling. */
function fillPolygons(ink: Float32Array, width: number, height: number, polygons: Point[][]): void {
  let minY = Infinity;
  let maxY = -Infinity;
  for (const polygon of polygons) for (const p of polygon) {
    if (p.y < minY) minY = p.y;
    if (p.y > maxY) maxY = p.y;
  }
  const rowStart = Math.max(0, Math.floor(minY));
  const rowEnd = Math.min(height - 1, Math.ceil(maxY));
  const crossings: Array<{ x: number; dir: number }> = [];
  for (let row = rowStart; row <= rowEnd; row++) {
    for (let s = 0; s < SUB; s++) {
      const y = row + (s + 0.5) / SUB;
      crossings.length = 0;
      for (const polygon of polygons) {
        for (let i = 0; i < polygon.length; i++) {
          const a = polygon[i]!;
          const b = polygon[(i + 1) % polygon.length]!;
          if (a.y === b.y) continue;
          const up = a.y < b.y;
          const [lo, hi] = up ? [a, b] : [b, a];
          if (y < lo.y || y >= hi.y) continue;
          crossings.push({ x: lo.x + ((y - lo.y) * (hi.x - lo.x)) / (hi.y - lo.y), dir: up ? 1 : -1 });
        }
      }
      crossings.sort((p, q) => p.x - q.x);
      let winding = 0;
      for (let i = 0; i < crossings.length - 1; i++) {
        winding += crossings[i]!.dir;
        if (winding === 0) continue;
        const x0 = Math.max(0, crossings[i]!.x);
        const x1 = Math.min(width, crossings[i + 1]!.x);
        if (x1 <= x0) continue;
        for (let px = Math.floor(x0); px < Math.ceil(x1); px++) {
          const cover = Math.min(px + 1, x1) - Math.max(px, x0);
          if (cover > 0) ink[row * width + px]! += cover / SUB;
        }
      }
    }
  }
}

/** Draws the label: paper white, QR modules and rules solid, text from the font's outlines. */
export function rasterizeLabel(layout: LabelLayout, font: TrueTypeFont): GreyImage {
  const { width, height } = layout;
  const ink = new Float32Array(width * height);
  const solid = (x: number, y: number, w: number, h: number) => {
    for (let row = Math.max(0, y); row < Math.min(height, y + h); row++) ink.fill(1, row * width + Math.max(0, x), row * width + Math.min(width, x + w));
  };
  for (const rule of layout.rules) solid(rule.x, rule.y, rule.w, rule.h);
  const { qr } = layout;
  qr.code.modules.forEach((modules, y) =>
    modules.forEach((dark, x) => {
      if (dark) solid(qr.x + (x + 1) * qr.moduleDots, qr.y + (y + 1) * qr.moduleDots, qr.moduleDots, qr.moduleDots);
    }),
  );
  for (const text of layout.texts) {
    const scale = text.size / font.unitsPerEm;
    const strokes = text.bold ? [0, Math.max(1, Math.round(text.size / 22))] : [0];
    let pen = text.x;
    for (const ch of text.text) {
      const glyph = font.glyphIndex(ch.codePointAt(0)!);
      const outline = font.outline(glyph);
      for (const offset of strokes) {
        const polygons = outline.map((polygon) => polygon.map((p) => ({ x: pen + offset + p.x * scale, y: text.y - p.y * scale })));
        if (polygons.length > 0) fillPolygons(ink, width, height, polygons);
      }
      pen += font.advance(glyph) * scale;
    }
  }
  const pixels = new Uint8Array(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = 255 - Math.round(Math.min(1, ink[i]!) * 255);
  return { width, height, pixels };
}

/** An 8-bit greyscale PNG with its physical resolution (pHYs) set to `dpi`. */
export async function encodeGreyPng(image: GreyImage, dpi: number): Promise<Uint8Array> {
  const scanlines = new Uint8Array((image.width + 1) * image.height);
  for (let y = 0; y < image.height; y++) scanlines.set(image.pixels.subarray(y * image.width, (y + 1) * image.width), y * (image.width + 1) + 1);
  return writeGreyPng({ width: image.width, height: image.height, bitDepth: 8, scanlines, dpi });
}
