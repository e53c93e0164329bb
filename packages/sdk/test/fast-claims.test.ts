import { formatTraceCode, ProductCategory, RapidTestOutcome, VoucherClaims, VoucherType } from "@shian/schemas";
import { describe, expect, it, vi } from "vitest";
import { fastVoucherClaims } from "../src/voucher/fast-claims";
import { encodePayload, parseClaims } from "../src/voucher/payload";

/** The reference: zod alone, with the message encodePayload has always given. */
function viaZod(value: unknown) {
  const parsed = VoucherClaims.safeParse(value);
  if (parsed.success) return { value: JSON.stringify(parsed.data) };
  return { error: `invalid voucher claims: ${parsed.error.issues.map((i) => `${i.path.join(".") || "claims"}: ${i.message}`).join("; ")}` };
}

/** What encodePayload validates with: the fast path, else parseClaims (zod). */
function viaFast(value: unknown) {
  try {
    return { value: JSON.stringify(fastVoucherClaims(value) ?? parseClaims(value)) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const code = formatTraceCode({ namespace: 4401, serial: 1234567 });
const batch = formatTraceCode({ namespace: 4401, serial: 7 });
const cert = formatTraceCode({ namespace: 1, serial: 999_999_999_999_999 });
const issuedAt = "2026-11-24T00:30:00.000Z";
/** A code whose check character is X (canonical text is upper case; lower case is normalised). */
const withX = Array.from({ length: 40 }, (_, serial) => formatTraceCode({ namespace: 4401, serial })).find((text) => text.endsWith("X"))!;
const full = {
  code, issuedAt, batchCode: batch, originRegion: "110101", productCategory: ProductCategory.options[0], netWeightGrams: 500,
  quantity: 0, unitPriceFen: 1_000_000_000, rapidTest: RapidTestOutcome.options[0], certificateRef: cert,
};

/** The shapes the bulk issue and single issue sign, for every voucher type: the fast path takes these. */
const common: unknown[] = [
  ...VoucherType.options.flatMap((type) => [{ type, code, issuedAt }, { ...full, type }, { type, code, issuedAt, batchCode: batch, rapidTest: "not-tested" }]),
  { code, issuedAt },
  { code, issuedAt: "2026-11-24T00:30:00Z" },
  { issuedAt, code: "4401 0123 4567 5".replace(/5$/, code.slice(-1)) },
  { code: code.toLowerCase(), issuedAt },
  { code: `  ${code} `, issuedAt },
  { code, issuedAt: "2024-02-29T23:59:59.000Z" },
  { code, issuedAt: "1970-01-01T00:00:00.000Z" },
  { code, issuedAt: "2106-02-07T06:28:15.000Z" },
  ...RapidTestOutcome.options.map((rapidTest) => ({ code, issuedAt, rapidTest })),
  ...ProductCategory.options.map((productCategory) => ({ code, issuedAt, productCategory })),
  { type: "merchant", code, issuedAt, netWeightGrams: -0 },
  { code, issuedAt: "0000-01-01T00:00:00.000Z" },
  { code: withX, issuedAt, batchCode: withX.toLowerCase(), certificateRef: ` ${withX}` },
  { code, issuedAt, batchCode: "4401 0000 0007 " + batch.slice(-1) },
  { code, issuedAt, certificateRef: "1-1-1" },
  Object.assign(Object.create(null), { code, issuedAt }),
];
const rest: unknown[] = [
  null, undefined, [], "x", 7, {}, { code }, { issuedAt },
  new (class { code = code; issuedAt = issuedAt; })(),
  { code, issuedAt, type: "nope" }, { code, issuedAt, type: null }, { code, issuedAt, type: undefined },
  { code: "4401-1234567-0", issuedAt }, { code: "0-1-5", issuedAt }, { code: "4294967296-1-5", issuedAt }, { code: "1".repeat(65), issuedAt }, { code: 4401, issuedAt },
  { code, issuedAt: "2026-11-24T00:30:00.500Z" }, { code, issuedAt: "2026-11-24T08:30:00+08:00" }, { code, issuedAt: "2026-02-30T00:00:00.000Z" },
  { code, issuedAt: "2023-02-29T00:00:00Z" }, { code, issuedAt: "2026-11-24T24:00:00Z" }, { code, issuedAt: "2026-11-24 00:30:00Z" }, { code, issuedAt: "2026-11-24T00:30:00.000z" },
  { code, issuedAt: "2026-11-24T00:30Z" }, { code, issuedAt: "2026-11-24" }, { code, issuedAt: 1_764_000_000 }, { code, issuedAt: new Date(issuedAt) },
  { code, issuedAt: "+020000-01-01T00:00:00.000Z" }, { code, issuedAt: "2026-11-24T00:30:00.0000Z" },
  { code, issuedAt, expiresAt: "2026-11-25T00:30:00Z" }, { code, issuedAt, expiresAt: issuedAt }, { code, issuedAt, expiresAt: "soon" },
  { code, issuedAt, gtin: "09506000134352" }, { code, issuedAt, gtin: "123" }, { code, issuedAt, lot: "A1" }, { code, issuedAt, lot: "é" },
  { code, issuedAt, batchCode: "nope" }, { code, issuedAt, batchCode: undefined }, { code, issuedAt, certificateRef: "1-1-2" },
  { code, issuedAt, originRegion: "999999" }, { code, issuedAt, originRegion: "11010" }, { code, issuedAt, originRegion: 110101 },
  { code, issuedAt, productCategory: "nope" }, { code, issuedAt, rapidTest: "maybe" },
  { code, issuedAt, netWeightGrams: -1 }, { code, issuedAt, netWeightGrams: 1.5 }, { code, issuedAt, quantity: 1_000_000_001 }, { code, issuedAt, unitPriceFen: "5" },
  { code, issuedAt, netWeightGrams: Number.NaN }, { code, issuedAt, quantity: Number.POSITIVE_INFINITY }, { code, issuedAt, quantity: null },
  { code, issuedAt, extra: 1 }, JSON.parse(`{"code":"${code}","issuedAt":"${issuedAt}","__proto__":{"x":1}}`), JSON.parse(`{"code":"${code}","issuedAt":"${issuedAt}","constructor":1}`),
  { code: "bad", issuedAt: "bad", type: "bad", quantity: -1 },
  { code, issuedAt, batchCode: "4401 0000 0007 0" }, { code, issuedAt, batchCode: `${batch} x` }, { code: "4401-1234567890123456-0", issuedAt }, { code, issuedAt, batchCode: "4401-00007-" + batch.slice(-1) },
];

describe("voucher claims fast path", () => {
  it("takes the common shapes of every voucher type and declines the rest", () => {
    for (const value of common) expect(fastVoucherClaims(value), JSON.stringify(value)).toBeDefined();
    for (const value of rest) {
      const parsed = VoucherClaims.safeParse(value);
      // Whatever it takes from the rest must be a value zod takes too (checked below); most it declines.
      if (!parsed.success) expect(fastVoucherClaims(value), JSON.stringify(value)).toBeUndefined();
    }
    expect(rest.filter((value) => fastVoucherClaims(value) !== undefined)).toEqual([]);
  });

  it("gives what zod gives, value (members and their order) or error message, for every claim", () => {
    // Twice, and in reverse order: the one-entry memos see every value both after itself and after others.
    const all = [...common, ...rest];
    for (const value of [...all, ...[...all].reverse()]) expect(viaFast(value), JSON.stringify(value)).toEqual(viaZod(value));
  });

  it("encodePayload takes the fast path for the common shapes and zod for the rest", () => {
    const spy = vi.spyOn(VoucherClaims, "safeParse");
    // (The year-0000 claim is valid to zod but outside the wire range, so it throws after validation.)
    for (const value of common.filter((value) => !JSON.stringify(value).includes("0000-01-01"))) encodePayload(value as never, 3);
    expect(spy).not.toHaveBeenCalled();
    expect(() => encodePayload({ code, issuedAt, gtin: "09506000134352" }, 3)).not.toThrow();
    expect(() => encodePayload({ code, issuedAt, quantity: -1 }, 3)).toThrow("invalid voucher claims: quantity:");
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
  });

  it("encodes the same bytes (or range error) as zod's value does, for every claim", () => {
    const encode = (value: unknown) => {
      try {
        return encodePayload(value as never, 3);
      } catch (error) {
        return (error as Error).message;
      }
    };
    for (const value of [...common, ...rest]) {
      const parsed = VoucherClaims.safeParse(value);
      expect(encode(value), JSON.stringify(value)).toEqual(parsed.success ? encode(parsed.data) : viaZod(value).error);
    }
  });
});
