import { ShianError } from "../errors";
import { base64urlDecode, base64urlEncode } from "../lib/base64url";
import { concatBytes } from "../lib/utf8";
import { decodePayload, SIGNATURE_LENGTH } from "./payload";
import { VOUCHER_HEADERS_B64 } from "./signing-input";
import { splitSignature } from "./split";
import { MAX_VOUCHER_TEXT, parseVoucherUrl } from "./url";

/**
 * The voucher as a standard compact JWS: fixed protected header, the binary payload as
 * base64url, the same 64-byte signature. Any JOSE library (e.g. `jose.compactVerify`) with
 * the issuer's public key accepts it.
 */
export function toJws(voucherUrl: string): string {
  const { payload, signature } = splitSignature(parseVoucherUrl(voucherUrl).bytes);
  const { alg } = decodePayload(payload);
  return `${VOUCHER_HEADERS_B64[alg]}.${base64urlEncode(payload)}.${base64urlEncode(signature)}`;
}

/**
 * Reads a voucher JWS back into voucher bytes. The header must be exactly the fixed header for
 * the payload's algorithm: any other alg, typ or extra member is rejected.
 */
export function fromJws(jws: string): Uint8Array {
  if (typeof jws !== "string") throw new ShianError("malformed", "a JWS must be a string");
  if (jws.length > MAX_VOUCHER_TEXT) throw new ShianError("too-large", `JWS over ${MAX_VOUCHER_TEXT} characters`);
  const parts = jws.split(".");
  if (parts.length !== 3) throw new ShianError("malformed", "not a compact JWS");
  const payload = base64urlDecode(parts[1]!);
  const signature = base64urlDecode(parts[2]!);
  if (!payload || !signature) throw new ShianError("malformed", "JWS parts are not canonical base64url");
  if (signature.length !== SIGNATURE_LENGTH) throw new ShianError("malformed", "JWS signature is not 64 bytes");
  const { alg } = decodePayload(payload);
  if (parts[0] !== VOUCHER_HEADERS_B64[alg]) {
    throw new ShianError("malformed", "JWS protected header is not the fixed voucher header for its algorithm");
  }
  return concatBytes(payload, signature);
}
