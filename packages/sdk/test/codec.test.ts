import { describe, expect, it } from "vitest";
import { VoucherClaims, voucherTypes } from "@shian/schemas";
import { decodePayload, decodeVoucher, encodePayload, generateKeyPair, ShianError, signVoucher } from "../src/index";
import { bytesToDecimal, decimalToBytes } from "../src/lib/decimal";
import { readVarint, writeVarint } from "../src/lib/varint";
import { BASE_URL, loadClaims } from "./fixtures";

const everyField = {
  code: "4406071-202611240001-9",
  issuedAt: "2026-11-24T00:30:00Z",
  expiresAt: "2026-12-24T00:30:00Z",
  batchCode: "4406071-77-6",
  originRegion: "530424",
  productCategory: "aquatic",
  netWeightGrams: 12_500,
  quantity: 40,
  unitPriceFen: 1_280,
  rapidTest: "suspicious",
  certificateRef: "9-123456789012345-8",
  gtin: "06901234567892",
  lot: "L2026-11/A",
} as const;

describe("voucher payload codec", () => {
  it.each(voucherTypes.values)("round-trips a %s voucher with every optional field", (type) => {
    const claims = VoucherClaims.parse({ ...everyField, type });
    const decoded = decodePayload(encodePayload(claims, 300, "ES256"));
    expect(decoded).toEqual({ version: 1, keyIndex: 300, alg: "ES256", claims });
  });

  it.each(Object.keys(everyField).filter((k) => k !== "code" && k !== "issuedAt"))("round-trips the %s field alone", (field) => {
    const claims = VoucherClaims.parse({ code: everyField.code, issuedAt: everyField.issuedAt, [field]: everyField[field as keyof typeof everyField] });
    expect(decodePayload(encodePayload(claims, 1)).claims).toEqual(claims);
  });

  it.each(["96385074", "036000291452", "4006381333931", "00012345600012"])("keeps GTIN %s with its length", (gtin) => {
    const claims = VoucherClaims.parse({ code: everyField.code, issuedAt: everyField.issuedAt, gtin });
    expect(decodePayload(encodePayload(claims, 1)).claims.gtin).toBe(gtin);
  });

  it("round-trips the reference claims through a signed URL", async () => {
    const { privateJwk } = await generateKeyPair();
    for (const name of ["minimal", "sale-voucher"] as const) {
      const claims = VoucherClaims.parse(loadClaims(name));
      const signed = await signVoucher(claims, { key: privateJwk, keyIndex: 1, baseUrl: BASE_URL });
      expect(signed.url.startsWith(BASE_URL)).toBe(true);
      expect(signed.url.slice(BASE_URL.length)).toMatch(/^[1-9][0-9]+$/);
      expect(decodeVoucher(signed.url).claims).toEqual(claims);
    }
  });

  it("normalises times to UTC whole seconds", () => {
    const claims = decodePayload(encodePayload({ code: everyField.code, issuedAt: "2026-11-24T08:30:00+08:00" }, 0)).claims;
    expect(claims.issuedAt).toBe("2026-11-24T00:30:00Z");
  });

  it("rejects invalid claims with invalid-input and names the field", () => {
    const bad = [
      { code: "4406071-202611240001-8", issuedAt: everyField.issuedAt },
      { code: everyField.code, issuedAt: "2026-11-24T00:30:00.500Z" },
      { code: everyField.code, issuedAt: everyField.issuedAt, originRegion: "999999" },
      { code: everyField.code, issuedAt: everyField.issuedAt, gtin: "4006381333932" },
      { code: everyField.code, issuedAt: everyField.issuedAt, expiresAt: "2026-11-24T00:30:00Z" },
      { code: everyField.code, issuedAt: everyField.issuedAt, colour: "red" },
    ];
    for (const claims of bad) {
      expect(() => encodePayload(claims as never, 1)).toThrowError(ShianError);
      try {
        encodePayload(claims as never, 1);
      } catch (error) {
        expect((error as ShianError).code).toBe("invalid-input");
      }
    }
    expect(() => encodePayload({ code: everyField.code, issuedAt: everyField.issuedAt }, -1)).toThrow(/key index/);
  });

  it("rejects non-canonical payloads: version, field order, repeats, unknown tags, trailing bytes", () => {
    const base = encodePayload({ code: everyField.code, issuedAt: everyField.issuedAt }, 1);
    const codeOf = (bytes: Uint8Array) => {
      try {
        decodePayload(bytes);
        return "ok";
      } catch (error) {
        return (error as ShianError).code;
      }
    };
    expect(codeOf(base)).toBe("ok");
    expect(codeOf(Uint8Array.from([2, ...base.subarray(1)]))).toBe("unsupported-version");
    expect(codeOf(Uint8Array.from([...base, 5, 10, 4, 1]))).toBe("malformed"); // tags 5 then 4
    expect(codeOf(Uint8Array.from([...base, 5, 10, 5, 10]))).toBe("malformed"); // tag 5 twice
    expect(codeOf(Uint8Array.from([...base, 99, 1]))).toBe("malformed"); // unknown tag
    expect(codeOf(Uint8Array.from([...base, 8, 9]))).toBe("malformed"); // outcome out of range
    expect(codeOf(Uint8Array.from([...base, 5]))).toBe("malformed"); // truncated value
    expect(codeOf(base.subarray(0, base.length - 1))).toBe("malformed");
    expect(codeOf(new Uint8Array(300))).toBe("too-large");
  });
});

describe("numeric text and varints", () => {
  it("maps bytes to canonical decimal and back", () => {
    for (const bytes of [[1], [1, 0], [255, 255, 255], [1, ...new Array(150).fill(0)]]) {
      const digits = bytesToDecimal(Uint8Array.from(bytes));
      expect(Array.from(decimalToBytes(digits)!)).toEqual(bytes);
    }
    expect(decimalToBytes("0123")).toBeUndefined();
    expect(decimalToBytes("12a")).toBeUndefined();
  });

  it("writes varints and refuses overlong encodings", () => {
    for (const value of [0, 1, 127, 128, 16_383, 16_384, 2 ** 32, Number.MAX_SAFE_INTEGER]) {
      const out: number[] = [];
      writeVarint(out, value);
      expect(readVarint(Uint8Array.from(out), 0)).toEqual({ value, next: out.length });
    }
    expect(readVarint(Uint8Array.from([0x81, 0x00]), 0)).toBeUndefined();
    expect(readVarint(Uint8Array.from([0x80]), 0)).toBeUndefined();
  });
});
