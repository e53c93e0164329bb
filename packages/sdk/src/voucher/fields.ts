import {
  formatTraceCode,
  parseTraceCode,
  PRODUCT_CATEGORY_BY_CODE,
  PRODUCT_CATEGORY_CODES,
  type ProductCategory,
  rapidTestOutcomes,
  type RapidTestOutcome,
  type VoucherClaims,
} from "@shian/schemas";
import { readVarint, writeVarint } from "../lib/varint";

/**
 * The optional voucher fields on the wire: a tag byte (strictly ascending, each at most once)
 * then the value. Tags are permanent: add new ones at the end, never reuse a number.
 */
type Read<T> = (bytes: Uint8Array, offset: number) => { value: T; next: number } | undefined;
interface FieldCodec<T> {
  write(out: number[], value: T): void;
  read: Read<T>;
}

export const uint32: FieldCodec<number> = {
  write(out, value) {
    out.push((value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
  },
  read(bytes, offset) {
    if (offset + 4 > bytes.length) return undefined;
    const value = ((bytes[offset]! << 24) >>> 0) + (bytes[offset + 1]! << 16) + (bytes[offset + 2]! << 8) + bytes[offset + 3]!;
    return { value, next: offset + 4 };
  },
};

export const varint: FieldCodec<number> = { write: writeVarint, read: readVarint };

/** Whole seconds since the Unix epoch as uint32 (good until 2106). */
export const time: FieldCodec<string> = {
  write(out, value) {
    uint32.write(out, Date.parse(value) / 1000);
  },
  read(bytes, offset) {
    const seconds = uint32.read(bytes, offset);
    return seconds && { value: new Date(seconds.value * 1000).toISOString().replace(".000Z", "Z"), next: seconds.next };
  },
};

/** A trace code as two varints; the check character is recomputed, not sent. */
export const traceCode: FieldCodec<string> = {
  write(out, value) {
    const parsed = parseTraceCode(value);
    if (!parsed.ok) throw new RangeError(`not a trace code: ${value}`);
    writeVarint(out, parsed.parts.namespace);
    writeVarint(out, parsed.parts.serial);
  },
  read(bytes, offset) {
    const namespace = readVarint(bytes, offset);
    const serial = namespace && readVarint(bytes, namespace.next);
    if (!namespace || !serial) return undefined;
    try {
      return { value: formatTraceCode({ namespace: namespace.value, serial: serial.value }), next: serial.next };
    } catch {
      return undefined;
    }
  },
};

const region: FieldCodec<string> = {
  write: (out, value) => writeVarint(out, Number(value)),
  read(bytes, offset) {
    const read = readVarint(bytes, offset);
    return read && read.value >= 100000 && read.value <= 999999 ? { value: String(read.value), next: read.next } : undefined;
  },
};

const category: FieldCodec<ProductCategory> = {
  write: (out, value) => writeVarint(out, PRODUCT_CATEGORY_CODES.get(value)!),
  read(bytes, offset) {
    const read = readVarint(bytes, offset);
    const value = read && PRODUCT_CATEGORY_BY_CODE.get(read.value);
    return read && value ? { value, next: read.next } : undefined;
  },
};

const outcome: FieldCodec<RapidTestOutcome> = {
  write: (out, value) => out.push(rapidTestOutcomes.values.indexOf(value)),
  read(bytes, offset) {
    const value = rapidTestOutcomes.values[bytes[offset] ?? -1];
    return offset < bytes.length && value ? { value, next: offset + 1 } : undefined;
  },
};

const GTIN_LENGTHS = [8, 12, 13, 14] as const;
/** value × 4 + length class, so GTIN-8, -12, -13 and -14 round-trip with their leading zeros. */
const gtin: FieldCodec<string> = {
  write(out, value) {
    writeVarint(out, Number(value) * 4 + GTIN_LENGTHS.indexOf(value.length as 8));
  },
  read(bytes, offset) {
    const read = readVarint(bytes, offset);
    if (!read) return undefined;
    const length = GTIN_LENGTHS[read.value % 4]!;
    const digits = String(Math.floor(read.value / 4));
    return digits.length <= length ? { value: digits.padStart(length, "0"), next: read.next } : undefined;
  },
};

const LOT_TEXT = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/;
const lot: FieldCodec<string> = {
  write(out, value) {
    out.push(value.length);
    for (let i = 0; i < value.length; i++) out.push(value.charCodeAt(i));
  },
  read(bytes, offset) {
    const length = bytes[offset];
    if (length === undefined || offset + 1 + length > bytes.length) return undefined;
    const value = String.fromCharCode(...bytes.subarray(offset + 1, offset + 1 + length));
    return LOT_TEXT.test(value) ? { value, next: offset + 1 + length } : undefined;
  },
};

export type OptionalField = Exclude<keyof VoucherClaims, "type" | "code" | "issuedAt">;

// biome-ignore lint: the table's value types differ per field
export const OPTIONAL_FIELDS: ReadonlyArray<{ tag: number; key: OptionalField; codec: FieldCodec<any> }> = [
  { tag: 1, key: "expiresAt", codec: time },
  { tag: 2, key: "batchCode", codec: traceCode },
  { tag: 3, key: "originRegion", codec: region },
  { tag: 4, key: "productCategory", codec: category },
  { tag: 5, key: "netWeightGrams", codec: varint },
  { tag: 6, key: "quantity", codec: varint },
  { tag: 7, key: "unitPriceFen", codec: varint },
  { tag: 8, key: "rapidTest", codec: outcome },
  { tag: 9, key: "certificateRef", codec: traceCode },
  { tag: 10, key: "gtin", codec: gtin },
  { tag: 11, key: "lot", codec: lot },
];
