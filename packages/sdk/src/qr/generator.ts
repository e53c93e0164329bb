import qrcode from "qrcode-generator";
import type { QrEcc, QrMode } from "./types";

export interface GeneratorSegment {
  readonly mode: QrMode;
  /** Numeric: the digits. Byte: one char per byte (code units 0–255). */
  readonly data: string;
}

export interface GeneratedMatrix {
  readonly version: number;
  readonly modules: boolean[][];
}

const MODE = { byte: "Byte", numeric: "Numeric" } as const;

/** Throws whatever qrcode-generator throws (it throws strings). */
export function generateMatrix(segments: readonly GeneratorSegment[], ecc: QrEcc): GeneratedMatrix {
  const qr = qrcode(0, ecc);
  for (const segment of segments) qr.addData(segment.data, MODE[segment.mode]);
  qr.make();
  const size = qr.getModuleCount();
  const modules = Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (_, col) => qr.isDark(row, col)),
  );
  return { version: (size - 17) / 4, modules };
}
