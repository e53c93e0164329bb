import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { seededDigits } from "./seeded";
import { encodeQr, QrError, type QrEcc, type QrSegment } from "../src/qr/index";

const ECC_LEVELS: QrEcc[] = ["L", "M", "Q", "H"];


const VOUCHER = `https://trace.shian.cn/v/${seededDigits(220, 18004)}`;

// ISO/IEC 18004:2015 Table 7, data codewords per version for L, M, Q, H.
const DATA_CODEWORDS: readonly (readonly [number, number, number, number])[] = [
  [19, 16, 13, 9], [34, 28, 22, 16], [55, 44, 34, 26], [80, 64, 48, 36], [108, 86, 62, 46],
  [136, 108, 76, 60], [156, 124, 88, 66], [194, 154, 110, 86], [232, 182, 132, 100], [274, 216, 154, 122],
  [324, 254, 180, 140], [370, 290, 206, 158], [428, 334, 244, 180], [461, 365, 261, 197], [523, 415, 295, 223],
  [589, 453, 325, 253], [647, 507, 367, 283], [721, 563, 397, 313], [795, 627, 445, 341], [861, 669, 485, 385],
  [932, 714, 512, 406], [1006, 782, 568, 442], [1094, 860, 614, 464], [1174, 914, 664, 514], [1276, 1000, 718, 538],
  [1370, 1062, 754, 596], [1468, 1128, 808, 628], [1531, 1193, 871, 661], [1631, 1267, 911, 701], [1735, 1373, 985, 745],
  [1843, 1455, 1033, 793], [1955, 1541, 1115, 845], [2071, 1631, 1171, 901], [2191, 1725, 1231, 961], [2306, 1812, 1286, 986],
  [2434, 1914, 1354, 1054], [2566, 1992, 1426, 1096], [2702, 2102, 1502, 1142], [2812, 2216, 1582, 1222], [2956, 2334, 1666, 1276],
];

// Error correction codewords per block and number of blocks (ISO/IEC 18004 Table 9), per version 1-40.
const EC_PER_BLOCK: Record<QrEcc, number[]> = {
  L: [7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  M: [10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
  Q: [13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  H: [17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
};
const EC_BLOCKS: Record<QrEcc, number[]> = {
  L: [1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
  M: [1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
  Q: [1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
  H: [1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
};

/** Modules left for codewords once function patterns and format/version info are placed. */
function rawDataModules(version: number): number {
  let modules = (16 * version + 128) * version + 64;
  if (version >= 2) {
    const alignment = Math.floor(version / 7) + 2;
    modules -= (25 * alignment - 10) * alignment - 55;
    if (version >= 7) modules -= 36;
  }
  return modules;
}

function dataCapacityBits(version: number, ecc: QrEcc): number {
  return DATA_CODEWORDS[version - 1]![ECC_LEVELS.indexOf(ecc)]! * 8;
}

function segmentBits(segments: readonly QrSegment[], version: number): number {
  const range = version <= 9 ? 0 : version <= 26 ? 1 : 2;
  let bits = 0;
  for (const { mode, text } of segments) {
    if (mode === "numeric") {
      const rest = [0, 4, 7][text.length % 3]!;
      bits += 4 + [10, 12, 14][range]! + 10 * Math.floor(text.length / 3) + rest;
    } else {
      bits += 4 + [8, 16, 16][range]! + 8 * new TextEncoder().encode(text).length;
    }
  }
  return bits;
}

function fits(segments: readonly QrSegment[], version: number, ecc: QrEcc): boolean {
  return segmentBits(segments, version) <= dataCapacityBits(version, ecc);
}

describe("capacity table", () => {
  it("agrees with total codewords minus error correction codewords for every version and level", () => {
    for (let version = 1; version <= 40; version++) {
      for (const ecc of ECC_LEVELS) {
        const total = Math.floor(rawDataModules(version) / 8);
        const ec = EC_PER_BLOCK[ecc][version - 1]! * EC_BLOCKS[ecc][version - 1]!;
        expect(dataCapacityBits(version, ecc) / 8, `version ${version} ${ecc}`).toBe(total - ec);
      }
    }
  });
});

describe("encodeQr", () => {
  const inputs = {
    voucher: VOUCHER,
    short: "https://trace.shian.cn/v/20250101",
    chinese: "食安溯源：山东寿光 有机番茄 批次 2025-03-18 合格",
    digitsOnlyTail: "https://trace.shian.cn/v/12",
  };

  it("defaults to level M and reports size 4 × version + 17 with a square module matrix", () => {
    const qr = encodeQr(inputs.short);
    expect(qr.ecc).toBe("M");
    expect(qr.size).toBe(4 * qr.version + 17);
    expect(qr.modules).toHaveLength(qr.size);
    for (const row of qr.modules) expect(row).toHaveLength(qr.size);
  });

  it("splits a URL ending in a digit path segment into byte prefix and numeric digits", () => {
    const qr = encodeQr(VOUCHER);
    expect(qr.segments).toEqual([
      { mode: "byte", text: "https://trace.shian.cn/v/" },
      { mode: "numeric", text: VOUCHER.slice("https://trace.shian.cn/v/".length) },
    ]);
  });

  it("keeps everything else in one byte segment", () => {
    for (const text of [
      inputs.chinese,
      inputs.digitsOnlyTail,
      "https://trace.shian.cn/v/12345?x=1",
      "https://trace.shian.cn/v/12345/",
      "https://trace.shian.cn/v/12a45",
      "12345678",
      "",
    ]) {
      expect(encodeQr(text).segments, text).toEqual([{ mode: "byte", text }]);
    }
  });

  it("picks the smallest version that fits, by an independent bit count against the standard's table", () => {
    for (const text of Object.values(inputs)) {
      for (const ecc of ECC_LEVELS) {
        const qr = encodeQr(text, { ecc });
        expect(fits(qr.segments, qr.version, ecc), `${ecc} ${text}`).toBe(true);
        if (qr.version > 1) expect(fits(qr.segments, qr.version - 1, ecc), `${ecc} ${text}`).toBe(false);
      }
    }
  });

  it("picks the smallest version across lengths up to version 40, and refuses beyond it", () => {
    const prefix = "https://trace.shian.cn/v/";
    for (const ecc of ECC_LEVELS) {
      for (const length of [4, 17, 41, 77, 150, 151, 300, 700, 1500, 2500, 4000, 5500, 7000, 7100]) {
        const digits = seededDigits(length, length);
        const segments: QrSegment[] = [
          { mode: "byte", text: prefix },
          { mode: "numeric", text: digits },
        ];
        if (!fits(segments, 40, ecc)) {
          expect(() => encodeQr(prefix + digits, { ecc })).toThrow(expect.objectContaining({ code: "qr-too-large" }));
          continue;
        }
        const qr = encodeQr(prefix + digits, { ecc });
        expect(qr.segments).toEqual(segments);
        expect(fits(segments, qr.version, ecc), `${ecc} ${length}`).toBe(true);
        if (qr.version > 1) expect(fits(segments, qr.version - 1, ecc), `${ecc} ${length}`).toBe(false);
      }
    }
  });

  it("never does worse mixing byte and numeric than all-byte, and strictly better for a 220-digit URL at Q", () => {
    const allByteVersion = (text: string, ecc: QrEcc) => {
      const segments: QrSegment[] = [{ mode: "byte", text }];
      let version = 1;
      while (!fits(segments, version, ecc)) version++;
      return version;
    };
    for (const length of [4, 5, 10, 30, 100, 220, 400]) {
      const text = `https://trace.shian.cn/v/${seededDigits(length, 7 * length)}`;
      for (const ecc of ECC_LEVELS) {
        expect(encodeQr(text, { ecc }).version).toBeLessThanOrEqual(allByteVersion(text, ecc));
      }
    }
    expect(encodeQr(VOUCHER, { ecc: "Q" }).version).toBeLessThan(allByteVersion(VOUCHER, "Q"));
  });

  it("throws QrError qr-too-large when the text does not fit version 40", () => {
    const tooLong = [
      ["L", "x".repeat(2954)],
      ["H", "x".repeat(1274)],
      ["M", `https://trace.shian.cn/v/${seededDigits(5600, 1)}`],
      ["Q", "y".repeat(100_000)],
    ] as const;
    for (const [ecc, text] of tooLong) {
      let error: unknown;
      try {
        encodeQr(text, { ecc });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(QrError);
      expect(error).toMatchObject({ code: "qr-too-large", name: "QrError" });
    }
    expect(encodeQr("x".repeat(2953), { ecc: "L" }).version).toBe(40);
    expect(encodeQr("x".repeat(1273), { ecc: "H" }).version).toBe(40);
  });

  it("rejects unknown levels and lone surrogates with typed errors", () => {
    expect(() => encodeQr("a", { ecc: "X" as QrEcc })).toThrow(expect.objectContaining({ code: "qr-invalid-options" }));
    expect(() => encodeQr("a\uD800b")).toThrow(expect.objectContaining({ code: "qr-invalid-input" }));
    expect(encodeQr("🍅").segments).toEqual([{ mode: "byte", text: "🍅" }]);
  });
});

describe("src/qr stays runtime-agnostic", () => {
  it("imports no node: modules and uses no Buffer", () => {
    const dir = new URL("../src/qr/", import.meta.url);
    for (const name of readdirSync(dir)) {
      const source = readFileSync(new URL(name, dir), "utf8");
      expect(source, name).not.toMatch(/from\s+["']node:|require\(|\bBuffer\b/);
    }
  });
});
