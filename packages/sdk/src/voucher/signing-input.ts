import type { SignatureAlg } from "../keys/jwk";
import { base64urlEncode } from "../lib/base64url";
import { utf8Encode } from "../lib/utf8";

/**
 * The fixed JWS protected headers. A voucher's signature is a JWS signature over
 * `BASE64URL(header) || "." || BASE64URL(payload)`, so the header is never transmitted
 * and the same bytes verify as a standard compact JWS.
 */
export const VOUCHER_JWS_TYPE = "shian-voucher";
export const VOUCHER_HEADERS: Readonly<Record<SignatureAlg, string>> = {
  EdDSA: JSON.stringify({ alg: "EdDSA", typ: VOUCHER_JWS_TYPE }),
  ES256: JSON.stringify({ alg: "ES256", typ: VOUCHER_JWS_TYPE }),
};
export const VOUCHER_HEADERS_B64: Readonly<Record<SignatureAlg, string>> = {
  EdDSA: base64urlEncode(utf8Encode(VOUCHER_HEADERS.EdDSA)),
  ES256: base64urlEncode(utf8Encode(VOUCHER_HEADERS.ES256)),
};

export function signingInput(alg: SignatureAlg, payload: Uint8Array): Uint8Array {
  return utf8Encode(`${VOUCHER_HEADERS_B64[alg]}.${base64urlEncode(payload)}`);
}
