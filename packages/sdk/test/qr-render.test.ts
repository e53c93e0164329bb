import { describe, expect, it } from "vitest";
import { seededDigits } from "./seeded";
import { encodeQr, THERMAL_DPI, thermalWidthMm, toSvg, toTerminal, toThermalRaster, type QrCode } from "../src/qr/index";


const CODES: QrCode[] = [
  encodeQr(`https://trace.shian.cn/v/${seededDigits(220, 99)}`, { ecc: "Q" }),
  encodeQr("https://trace.shian.cn/v/1", { ecc: "L" }),
  encodeQr("食安 批次 4406071-77-6", { ecc: "H" }),
];

function blank(side: number): boolean[][] {
  return Array.from({ length: side }, () => Array<boolean>(side).fill(false));
}

/** The code's modules inside a quiet zone of `margin` light modules. */
function withMargin(qr: QrCode, margin: number): boolean[][] {
  const side = qr.size + 2 * margin;
  const out = blank(side);
  qr.modules.forEach((row, y) => row.forEach((dark, x) => (out[y + margin]![x + margin] = dark)));
  return out;
}

describe("toSvg", () => {
  function parseSvg(svg: string): { side: number; modules: boolean[][] } {
    const side = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
    const paths = [...svg.matchAll(/<path [^>]*d="([^"]*)"/g)];
    expect(paths).toHaveLength(1);
    const d = paths[0]![1]!;
    const modules = blank(side);
    const runs = [...d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)];
    expect(runs.map((run) => run[0]).join("")).toBe(d);
    for (const [, x, y, n] of runs) {
      for (let i = 0; i < Number(n); i++) {
        expect(modules[Number(y)]![Number(x) + i]).toBe(false);
        modules[Number(y)]![Number(x) + i] = true;
      }
    }
    return { side, modules };
  }

  it("draws exactly the dark modules, one rectangle per horizontal run", () => {
    for (const qr of CODES) {
      for (const margin of [0, 4]) {
        const svg = toSvg(qr, { margin });
        const parsed = parseSvg(svg);
        expect(parsed.side).toBe(qr.size + 2 * margin);
        expect(parsed.modules).toEqual(withMargin(qr, margin));
        expect(svg).toContain('shape-rendering="crispEdges"');
        expect(svg).not.toMatch(/<svg[^>]* width=/);
      }
    }
  });

  it("sizes, colours and escapes attributes", () => {
    const qr = CODES[1]!;
    const svg = toSvg(qr, { moduleSize: 2.5, dark: "#1a2b3c", light: 'red" onload="x' });
    const side = qr.size + 8;
    expect(svg).toContain(`width="${side * 2.5}" height="${side * 2.5}"`);
    expect(svg).toContain('<path fill="#1a2b3c"');
    expect(svg).toContain('fill="red&#34; onload=&#34;x"');
    expect(toSvg(qr, { light: "none" })).not.toContain("<rect");
    expect(() => toSvg(qr, { moduleSize: 0 })).toThrow(expect.objectContaining({ code: "qr-invalid-options" }));
  });
});

describe("toTerminal", () => {
  const GLYPHS: Record<string, [boolean, boolean]> = { " ": [false, false], "▄": [false, true], "▀": [true, false], "█": [true, true] };

  function parseTerminal(text: string, invert: boolean, side: number): boolean[][] {
    const lines = text.split("\n");
    expect(lines).toHaveLength(Math.ceil(side / 2));
    const modules = blank(side);
    lines.forEach((line, i) => {
      const chars = [...line];
      expect(chars).toHaveLength(side);
      chars.forEach((char, x) => {
        const halves = GLYPHS[char];
        expect(halves, `glyph ${JSON.stringify(char)}`).toBeDefined();
        halves!.forEach((ink, half) => {
          const y = 2 * i + half;
          if (y < side) modules[y]![x] = invert ? ink : !ink;
          else expect(ink).toBe(false);
        });
      });
    });
    return modules;
  }

  it("packs two module rows per line, ink on light modules by default and on dark ones when inverted", () => {
    for (const qr of CODES) {
      for (const margin of [0, 1, 2]) {
        const side = qr.size + 2 * margin;
        for (const invert of [false, true]) {
          const text = toTerminal(qr, { margin, invert });
          expect(parseTerminal(text, invert, side)).toEqual(withMargin(qr, margin));
        }
      }
    }
  });

  it("defaults to a two-module quiet zone drawn as ink", () => {
    const qr = CODES[1]!;
    const lines = toTerminal(qr).split("\n");
    expect(lines[0]).toBe("█".repeat(qr.size + 4));
    expect(lines).toHaveLength(Math.ceil((qr.size + 4) / 2));
  });
});

describe("toThermalRaster", () => {
  function parseRaster(bytes: Uint8Array) {
    expect([...bytes.subarray(0, 4)]).toEqual([0x1d, 0x76, 0x30, 0x00]);
    const widthBytes = bytes[4]! | (bytes[5]! << 8);
    const height = bytes[6]! | (bytes[7]! << 8);
    expect(bytes.length).toBe(8 + widthBytes * height);
    const dot = (x: number, y: number) => ((bytes[8 + y * widthBytes + (x >> 3)]! >> (7 - (x & 7))) & 1) === 1;
    return { widthBytes, height, dot };
  }

  it("writes a GS v 0 header and packed rows that unpack to the modules", () => {
    for (const qr of CODES) {
      for (const [dotsPerModule, margin] of [[1, 0], [3, 4], [5, 2]] as const) {
        const { widthBytes, height, dot } = parseRaster(toThermalRaster(qr, { dotsPerModule, margin }));
        const side = (qr.size + 2 * margin) * dotsPerModule;
        expect(height).toBe(side);
        expect(widthBytes).toBe(Math.ceil(side / 8));
        const expected = withMargin(qr, margin);
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < widthBytes * 8; x++) {
            const want = x < side && expected[Math.floor(y / dotsPerModule)]![Math.floor(x / dotsPerModule)]!;
            if (dot(x, y) !== want) expect(`${x},${y}: ${dot(x, y)}`).toBe(`${x},${y}: ${want}`);
          }
        }
      }
    }
  });

  it("reports the printed width at 203 dpi", () => {
    const qr = CODES[0]!;
    expect(THERMAL_DPI).toBe(203);
    const dots = (qr.size + 8) * 4;
    expect(thermalWidthMm(qr)).toBeCloseTo((dots / 203) * 25.4, 10);
    expect(thermalWidthMm(qr, { dotsPerModule: 3, margin: 0 })).toBeCloseTo((qr.size * 3 * 25.4) / 203, 10);
    const { widthBytes } = parseRaster(toThermalRaster(qr));
    expect(widthBytes).toBe(Math.ceil(dots / 8));
    expect(() => toThermalRaster(qr, { dotsPerModule: 0 })).toThrow(expect.objectContaining({ code: "qr-invalid-options" }));
  });
});
