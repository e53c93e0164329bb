export type QrEcc = "L" | "M" | "Q" | "H";

export type QrMode = "byte" | "numeric";

/** One encoding segment; the segments' texts concatenate to the encoded text. */
export interface QrSegment {
  readonly mode: QrMode;
  readonly text: string;
}

export interface QrCode {
  /** 1–40; the smallest version that holds the segments at this ECC level. */
  readonly version: number;
  /** Modules per side, without quiet zone: 4 × version + 17. */
  readonly size: number;
  readonly ecc: QrEcc;
  /** `modules[row][col]` is true for a dark module. */
  readonly modules: readonly (readonly boolean[])[];
  readonly segments: readonly QrSegment[];
}
