/**
 * A small TrueType reader for label printing: cmap (formats 4 and 12), advance widths and glyph
 * outlines (simple and composite `glyf` glyphs), flattened to polygons. TrueType collections
 * (.ttc) are read too. CFF (PostScript-outline) fonts are not supported.
 */
export interface Point {
  x: number;
  y: number;
}

export class TrueTypeFont {
  private readonly view: DataView;
  private readonly tables = new Map<string, { offset: number; length: number }>();
  readonly unitsPerEm: number;
  private readonly longLoca: boolean;
  private readonly numGlyphs: number;
  private readonly numberOfHMetrics: number;
  private readonly cmap: (cp: number) => number;
  private readonly outlines = new Map<number, Point[][]>();

  constructor(bytes: Uint8Array, fontIndex = 0) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let base = 0;
    if (this.tag(0) === "ttcf") {
      const count = this.view.getUint32(8);
      if (fontIndex >= count) throw new Error(`the collection has ${count} fonts`);
      base = this.view.getUint32(12 + 4 * fontIndex);
    }
    const numTables = this.view.getUint16(base + 4);
    for (let i = 0; i < numTables; i++) {
      const record = base + 12 + 16 * i;
      this.tables.set(this.tag(record), { offset: this.view.getUint32(record + 8), length: this.view.getUint32(record + 12) });
    }
    for (const required of ["head", "maxp", "hhea", "hmtx", "loca", "glyf", "cmap"]) {
      if (!this.tables.has(required)) throw new Error(`not a TrueType-outline font: no ${required} table`);
    }
    const head = this.table("head");
    this.unitsPerEm = this.view.getUint16(head + 18);
    this.longLoca = this.view.getInt16(head + 50) === 1;
    this.numGlyphs = this.view.getUint16(this.table("maxp") + 4);
    this.numberOfHMetrics = this.view.getUint16(this.table("hhea") + 34);
    this.cmap = this.readCmap();
  }

  private tag(at: number): string {
    return String.fromCharCode(this.view.getUint8(at), this.view.getUint8(at + 1), this.view.getUint8(at + 2), this.view.getUint8(at + 3));
  }

  private table(name: string): number {
    return this.tables.get(name)!.offset;
  }

  private readCmap(): (cp: number) => number {
    const cmap = this.table("cmap");
    const count = this.view.getUint16(cmap + 2);
    const subtables: Array<{ platform: number; encoding: number; offset: number; format: number }> = [];
    for (let i = 0; i < count; i++) {
      const record = cmap + 4 + 8 * i;
      const offset = cmap + this.view.getUint32(record + 4);
      subtables.push({ platform: this.view.getUint16(record), encoding: this.view.getUint16(record + 2), offset, format: this.view.getUint16(offset) });
    }
    const format12 = subtables.find((s) => s.format === 12 && (s.platform === 3 || s.platform === 0));
    if (format12) {
      const groups = this.view.getUint32(format12.offset + 12);
      const start = format12.offset + 16;
      return (cp) => {
        let lo = 0;
        let hi = groups - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const at = start + 12 * mid;
          const first = this.view.getUint32(at);
          const last = this.view.getUint32(at + 4);
          if (cp < first) hi = mid - 1;
          else if (cp > last) lo = mid + 1;
          else return this.view.getUint32(at + 8) + (cp - first);
        }
        return 0;
      };
    }
    const format4 = subtables.find((s) => s.format === 4 && (s.platform === 3 || s.platform === 0));
    if (!format4) throw new Error("the font has no Unicode cmap (format 4 or 12)");
    const at = format4.offset;
    const segments = this.view.getUint16(at + 6) / 2;
    const ends = at + 14;
    const starts = ends + 2 * segments + 2;
    const deltas = starts + 2 * segments;
    const rangeOffsets = deltas + 2 * segments;
    return (cp) => {
      if (cp > 0xffff) return 0;
      for (let i = 0; i < segments; i++) {
        if (cp > this.view.getUint16(ends + 2 * i)) continue;
        const first = this.view.getUint16(starts + 2 * i);
        if (cp < first) return 0;
        const delta = this.view.getInt16(deltas + 2 * i);
        const range = this.view.getUint16(rangeOffsets + 2 * i);
        if (range === 0) return (cp + delta) & 0xffff;
        const glyph = this.view.getUint16(rangeOffsets + 2 * i + range + 2 * (cp - first));
        return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
      }
      return 0;
    };
  }

  glyphIndex(codePoint: number): number {
    return this.cmap(codePoint);
  }

  /** Advance width in font units. */
  advance(glyph: number): number {
    const hmtx = this.table("hmtx");
    return this.view.getUint16(hmtx + 4 * Math.min(glyph, this.numberOfHMetrics - 1));
  }

  /** The glyph's outline as closed polygons in font units (y up); quadratic curves flattened. */
  outline(glyph: number, depth = 0): Point[][] {
    const cached = this.outlines.get(glyph);
    if (cached) return cached;
    const result = depth > 8 || glyph >= this.numGlyphs ? [] : this.readGlyph(glyph, depth);
    if (depth === 0) this.outlines.set(glyph, result);
    return result;
  }

  private glyphRange(glyph: number): [number, number] {
    const loca = this.table("loca");
    const at = (i: number) => (this.longLoca ? this.view.getUint32(loca + 4 * i) : this.view.getUint16(loca + 2 * i) * 2);
    return [at(glyph), at(glyph + 1)];
  }

  private readGlyph(glyph: number, depth: number): Point[][] {
    const [start, end] = this.glyphRange(glyph);
    if (end <= start) return [];
    const at = this.table("glyf") + start;
    const contours = this.view.getInt16(at);
    if (contours < 0) return this.readComposite(at + 10, depth);
    const endPoints: number[] = [];
    for (let i = 0; i < contours; i++) endPoints.push(this.view.getUint16(at + 10 + 2 * i));
    const count = contours === 0 ? 0 : endPoints[contours - 1]! + 1;
    let p = at + 10 + 2 * contours;
    p += 2 + this.view.getUint16(p);
    const flags: number[] = [];
    while (flags.length < count) {
      const flag = this.view.getUint8(p++);
      flags.push(flag);
      if (flag & 8) {
        const repeat = this.view.getUint8(p++);
        for (let r = 0; r < repeat; r++) flags.push(flag);
      }
    }
    const xs: number[] = [];
    const ys: number[] = [];
    let value = 0;
    for (const flag of flags) {
      if (flag & 2) {
        const d = this.view.getUint8(p++);
        value += flag & 16 ? d : -d;
      } else if (!(flag & 16)) {
        value += this.view.getInt16(p);
        p += 2;
      }
      xs.push(value);
    }
    value = 0;
    for (const flag of flags) {
      if (flag & 4) {
        const d = this.view.getUint8(p++);
        value += flag & 32 ? d : -d;
      } else if (!(flag & 32)) {
        value += this.view.getInt16(p);
        p += 2;
      }
      ys.push(value);
    }
    const polygons: Point[][] = [];
    let first = 0;
    for (const last of endPoints) {
      const points = [];
      for (let i = first; i <= last; i++) points.push({ x: xs[i]!, y: ys[i]!, on: (flags[i]! & 1) === 1 });
      first = last + 1;
      if (points.length > 0) polygons.push(flatten(points));
    }
    return polygons;
  }

  private readComposite(at: number, depth: number): Point[][] {
    const polygons: Point[][] = [];
    let p = at;
    for (;;) {
      const flags = this.view.getUint16(p);
      const component = this.view.getUint16(p + 2);
      p += 4;
      let dx = 0;
      let dy = 0;
      if (flags & 1) {
        dx = flags & 2 ? this.view.getInt16(p) : 0;
        dy = flags & 2 ? this.view.getInt16(p + 2) : 0;
        p += 4;
      } else {
        dx = flags & 2 ? this.view.getInt8(p) : 0;
        dy = flags & 2 ? this.view.getInt8(p + 1) : 0;
        p += 2;
      }
      let [a, b, c, d] = [1, 0, 0, 1];
      const f2 = (offset: number) => this.view.getInt16(offset) / 16384;
      if (flags & 8) {
        a = d = f2(p);
        p += 2;
      } else if (flags & 0x40) {
        a = f2(p);
        d = f2(p + 2);
        p += 4;
      } else if (flags & 0x80) {
        [a, b, c, d] = [f2(p), f2(p + 2), f2(p + 4), f2(p + 6)];
        p += 8;
      }
      for (const polygon of this.outline(component, depth + 1)) {
        polygons.push(polygon.map((pt) => ({ x: a * pt.x + c * pt.y + dx, y: b * pt.x + d * pt.y + dy })));
      }
      if (!(flags & 0x20)) break;
    }
    return polygons;
  }
}

/** A TrueType contour (on- and off-curve points) as a polygon: each quadratic segment in 6 steps. */
function flatten(points: Array<Point & { on: boolean }>): Point[] {
  const n = points.length;
  // Start on an on-curve point (or the midpoint of the first two off-curve points).
  let startIndex = points.findIndex((pt) => pt.on);
  let start: Point;
  if (startIndex < 0) {
    start = mid(points[0]!, points[1 % n]!);
    startIndex = 0;
  } else start = points[startIndex]!;
  const out: Point[] = [start];
  let current = start;
  let control: Point | undefined;
  for (let k = 1; k <= n; k++) {
    const pt = points[(startIndex + k) % n]!;
    const target = k === n ? start : pt;
    if (k < n && !pt.on) {
      if (control) {
        const m = mid(control, pt);
        curve(out, current, control, m);
        current = m;
      }
      control = pt;
      continue;
    }
    if (control) curve(out, current, control, target);
    else out.push(target);
    current = target;
    control = undefined;
  }
  return out;
}

const mid = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

function curve(out: Point[], from: Point, control: Point, to: Point): void {
  const steps = 6;
  for (let i = 1; i <= steps; i++) {
    const t = i / steps;
    const u = 1 - t;
    out.push({ x: u * u * from.x + 2 * u * t * control.x + t * t * to.x, y: u * u * from.y + 2 * u * t * control.y + t * t * to.y });
  }
}
