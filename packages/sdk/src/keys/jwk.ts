import { z } from "zod";
import { base64urlDecode } from "../lib/base64url";

/** Signature algorithms, as JOSE names them. Both give 64-byte signatures. */
export type SignatureAlg = "EdDSA" | "ES256";
/** Key types a caller asks for. */
export type KeyAlgorithm = "Ed25519" | "ES256";

const b64Bytes = (length: number) =>
  z.string().refine((value) => base64urlDecode(value)?.length === length, `must be ${length} bytes of base64url`);

const common = {
  kid: z.string().min(1).max(128).optional(),
  alg: z.enum(["EdDSA", "ES256"]).optional(),
  use: z.literal("sig").optional(),
  key_ops: z.array(z.string()).optional(),
};

export const Ed25519PublicJwk = z.object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: b64Bytes(32), ...common });
export const P256PublicJwk = z.object({ kty: z.literal("EC"), crv: z.literal("P-256"), x: b64Bytes(32), y: b64Bytes(32), ...common });
export const PublicJwk = z.union([Ed25519PublicJwk, P256PublicJwk]);
export type PublicJwk = z.infer<typeof PublicJwk>;

export const PrivateJwk = z.union([
  Ed25519PublicJwk.extend({ d: b64Bytes(32) }),
  P256PublicJwk.extend({ d: b64Bytes(32) }),
]);
export type PrivateJwk = z.infer<typeof PrivateJwk>;

export interface Jwks {
  keys: PublicJwk[];
}
export const Jwks = z.object({ keys: z.array(PublicJwk).max(1000) });

export function algOfJwk(jwk: PublicJwk): SignatureAlg {
  return jwk.kty === "OKP" ? "EdDSA" : "ES256";
}

/** The public members of a key (drops `d` and anything non-standard). */
export function publicJwkOf(jwk: PublicJwk | PrivateJwk): PublicJwk {
  const base = jwk.kty === "OKP" ? { kty: jwk.kty, crv: jwk.crv, x: jwk.x } : { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  return { ...base, ...(jwk.kid ? { kid: jwk.kid } : {}), alg: algOfJwk(jwk), use: "sig" } as PublicJwk;
}
