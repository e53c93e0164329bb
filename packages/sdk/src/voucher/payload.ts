import { VoucherClaims, type VoucherClaimsInput, voucherTypes } from "@shian/schemas";
import { ShianError } from "../errors";
import type { SignatureAlg } from "../keys/jwk";
import { readVarint, writeVarint } from "../lib/varint";
import { fastVoucherClaims } from "./fast-claims";
import { OPTIONAL_FIELDS, time, traceCode } from "./fields";

/**
 * Wire layout, format version 1 (all integers unsigned, varint = LEB128):
 *   version (1 byte = 1) · key index (varint) · type/alg byte (low nibble: voucher type
 *   1..4, high nibble: 0 EdDSA, 1 ES256) · code namespace (varint) · code serial (varint) ·
 *   issued-at (uint32 seconds) · optional fields as tag + value, tags strictly ascending.
 * The 64-byte signature follows the payload in a voucher URL.
 */
export const FORMAT_VERSION = 1;
export const SIGNATURE_LENGTH = 64;
export const MAX_PAYLOAD_BYTES = 256;
const ALGS: readonly SignatureAlg[] = ["EdDSA", "ES256"];

export interface VoucherPayload {
  version: number;
  keyIndex: number;
  alg: SignatureAlg;
  claims: VoucherClaims;
}

export const MAX_KEY_INDEX = 2 ** 21 - 1;

/** Validates claims with the schema and encodes them; throws ShianError("invalid-input"). */
export function encodePayload(input: VoucherClaimsInput, keyIndex: number, alg: SignatureAlg = "EdDSA"): Uint8Array {
  const claims = fastVoucherClaims(input) ?? parseClaims(input);
  if (!Number.isInteger(keyIndex) || keyIndex < 0 || keyIndex > MAX_KEY_INDEX) {
    throw new ShianError("invalid-input", `key index must be an integer 0..${MAX_KEY_INDEX}`);
  }
  const algIndex = ALGS.indexOf(alg);
  if (algIndex < 0) throw new ShianError("unsupported-algorithm", `unsupported algorithm ${String(alg)}`);
  const issuedSeconds = Date.parse(claims.issuedAt) / 1000;
  if (issuedSeconds < 0 || issuedSeconds > 0xffff_ffff) throw new ShianError("invalid-input", "issuedAt is outside 1970..2106");
  if (claims.expiresAt && Date.parse(claims.expiresAt) / 1000 > 0xffff_ffff) throw new ShianError("invalid-input", "expiresAt is after 2106");
  const out: number[] = [FORMAT_VERSION];
  writeVarint(out, keyIndex);
  out.push((algIndex << 4) | (voucherTypes.values.indexOf(claims.type) + 1));
  traceCode.write(out, claims.code);
  time.write(out, claims.issuedAt);
  for (const field of OPTIONAL_FIELDS) {
    const value = claims[field.key];
    if (value === undefined) continue;
    out.push(field.tag);
    field.codec.write(out, value);
  }
  return Uint8Array.from(out);
}

/** VoucherClaims by zod: the value, or ShianError("invalid-input") naming every issue. */
export function parseClaims(input: unknown): VoucherClaims {
  const parsed = VoucherClaims.safeParse(input);
  if (!parsed.success) {
    throw new ShianError("invalid-input", `invalid voucher claims: ${parsed.error.issues.map((i) => `${i.path.join(".") || "claims"}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

const malformed = (what: string) => new ShianError("malformed", `malformed voucher payload: ${what}`);

/** Decodes a payload (without signature). Throws only ShianError. */
export function decodePayload(bytes: Uint8Array): VoucherPayload {
  if (bytes.length > MAX_PAYLOAD_BYTES) throw new ShianError("too-large", `payload over ${MAX_PAYLOAD_BYTES} bytes`);
  if (bytes.length === 0) throw malformed("empty");
  if (bytes[0] !== FORMAT_VERSION) {
    throw new ShianError("unsupported-version", `voucher format version ${bytes[0]} is not supported (expected ${FORMAT_VERSION})`);
  }
  const keyIndex = readVarint(bytes, 1);
  if (!keyIndex || keyIndex.value > MAX_KEY_INDEX) throw malformed("key index");
  const typeByte = bytes[keyIndex.next];
  const type = typeByte === undefined ? undefined : voucherTypes.values[(typeByte & 0x0f) - 1];
  const alg = typeByte === undefined ? undefined : ALGS[typeByte >> 4];
  if (!type || !alg) throw malformed("voucher type or algorithm");
  const code = traceCode.read(bytes, keyIndex.next + 1);
  if (!code) throw malformed("trace code");
  const issuedAt = time.read(bytes, code.next);
  if (!issuedAt) throw malformed("issue time");
  const claims: Record<string, unknown> = { type, code: code.value, issuedAt: issuedAt.value };
  let offset = issuedAt.next;
  let fieldIndex = 0;
  while (offset < bytes.length) {
    const tag = bytes[offset]!;
    while (fieldIndex < OPTIONAL_FIELDS.length && OPTIONAL_FIELDS[fieldIndex]!.tag < tag) fieldIndex++;
    const field = OPTIONAL_FIELDS[fieldIndex];
    if (!field || field.tag !== tag) throw malformed(`unknown, repeated or out-of-order field tag ${tag}`);
    const read = field.codec.read(bytes, offset + 1);
    if (!read) throw malformed(`field ${field.key}`);
    claims[field.key] = read.value;
    offset = read.next;
    fieldIndex++;
  }
  if (claims.expiresAt !== undefined && Date.parse(claims.expiresAt as string) <= Date.parse(issuedAt.value)) {
    throw malformed("expiresAt is not after issuedAt");
  }
  return { version: FORMAT_VERSION, keyIndex: keyIndex.value, alg, claims: claims as VoucherClaims };
}
