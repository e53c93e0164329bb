import jsQR from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { seededDigits } from "./seeded";
import { encodeQr, toPng, type QrEcc } from "../src/qr/index";


const INPUTS = {
  voucher: `https://trace.shian.cn/v/${seededDigits(220, 2026)}`,
  short: "https://trace.shian.cn/v/7",
  chinese: "食安溯源：云南普洱 生普洱茶 批次 4406071-77-6，检测合格 ✅",
};

function decodePng(png: Uint8Array) {
  const image = PNG.sync.read(Buffer.from(png));
  return { image, result: jsQR(new Uint8ClampedArray(image.data), image.width, image.height, { inversionAttempts: "dontInvert" }) };
}

describe("toPng decoded by pngjs and jsQR", () => {
  for (const [name, text] of Object.entries(INPUTS)) {
    for (const ecc of ["L", "M", "Q", "H"] as QrEcc[]) {
      it(`${name} at ${ecc}`, () => {
        const qr = encodeQr(text, { ecc });
        const { image, result } = decodePng(toPng(qr));
        expect(image.width).toBe((qr.size + 8) * 4);
        expect(result?.data).toBe(text);
        expect(result?.version).toBe(qr.version);
        expect(result?.chunks.map((chunk) => chunk.type)).toEqual(qr.segments.map((segment) => segment.mode));
      });
    }
  }

  it("draws each module as a scale × scale square inside the margin", () => {
    const qr = encodeQr(INPUTS.voucher, { ecc: "M" });
    const scale = 3;
    const margin = 2;
    const image = PNG.sync.read(Buffer.from(toPng(qr, { scale, margin })));
    const side = (qr.size + 2 * margin) * scale;
    expect([image.width, image.height]).toEqual([side, side]);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const dark = qr.modules[Math.floor(y / scale) - margin]?.[Math.floor(x / scale) - margin] ?? false;
        expect(image.data[(y * side + x) * 4], `${x},${y}`).toBe(dark ? 0 : 255);
      }
    }
  });

  it("writes signature, IHDR for 1-bit grayscale, IDAT and IEND with valid CRCs", () => {
    const png = toPng(encodeQr(INPUTS.short), { scale: 1, margin: 0 });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const chunks: string[] = [];
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    for (let offset = 8; offset < png.length; ) {
      const length = view.getUint32(offset);
      chunks.push(String.fromCharCode(...png.subarray(offset + 4, offset + 8)));
      offset += 12 + length;
    }
    expect(chunks).toEqual(["IHDR", "IDAT", "IEND"]);
    expect([...png.subarray(24, 29)]).toEqual([1, 0, 0, 0, 0]);
    expect(() => PNG.sync.read(Buffer.from(png), { checkCRC: true })).not.toThrow();
    const corrupt = png.slice();
    corrupt[30] = corrupt[30]! ^ 1; // inside the IHDR CRC
    expect(() => PNG.sync.read(Buffer.from(corrupt), { checkCRC: true })).toThrow();
  });

  it("rejects non-integer or out-of-range scale and margin", () => {
    const qr = encodeQr(INPUTS.short);
    for (const options of [{ scale: 0 }, { scale: 1.5 }, { scale: 1000 }, { margin: -1 }]) {
      expect(() => toPng(qr, options)).toThrow(expect.objectContaining({ code: "qr-invalid-options" }));
    }
  });
});
