import { calculateJwkThumbprint, exportJWK, generateKeyPair as joseGenerateKeyPair } from "jose";
import { asShianError, ShianError } from "../errors";
import { type KeyAlgorithm, PrivateJwk, PublicJwk, publicJwkOf } from "./jwk";

export interface KeyPair {
  /** RFC 7638 SHA-256 thumbprint of the public key. */
  kid: string;
  privateJwk: PrivateJwk;
  publicJwk: PublicJwk;
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url), the `kid` the SDK uses everywhere. */
export async function jwkThumbprint(jwk: unknown): Promise<string> {
  const parsed = PublicJwk.safeParse(jwk);
  if (!parsed.success) throw new ShianError("invalid-key", "not an Ed25519 or P-256 JWK");
  try {
    return await calculateJwkThumbprint(parsed.data, "sha256");
  } catch (error) {
    throw asShianError(error, "invalid-key");
  }
}

/** Generates an Ed25519 (default) or P-256 key pair with `kid` set to its thumbprint. */
export async function generateKeyPair(algorithm: KeyAlgorithm = "Ed25519"): Promise<KeyPair> {
  if (algorithm !== "Ed25519" && algorithm !== "ES256") {
    throw new ShianError("unsupported-algorithm", `unsupported key algorithm: ${String(algorithm)}`);
  }
  const { privateKey } = await joseGenerateKeyPair(algorithm === "Ed25519" ? "EdDSA" : "ES256", {
    crv: algorithm === "Ed25519" ? "Ed25519" : "P-256",
    extractable: true,
  });
  return keyPairFromPrivateJwk(await exportJWK(privateKey));
}

/** Reads a private JWK (e.g. from a file), checks it and fills in `kid`. */
export async function keyPairFromPrivateJwk(jwk: unknown): Promise<KeyPair> {
  const parsed = PrivateJwk.safeParse(jwk);
  if (!parsed.success) throw new ShianError("invalid-key", "not an Ed25519 or P-256 private JWK");
  const kid = await jwkThumbprint(publicJwkOf(parsed.data));
  if (parsed.data.kid !== undefined && parsed.data.kid !== kid) {
    throw new ShianError("invalid-key", "the key's kid is not its RFC 7638 thumbprint");
  }
  const publicJwk = { ...publicJwkOf(parsed.data), kid };
  const privateJwk = { ...parsed.data, kid, alg: publicJwk.alg, use: "sig" as const };
  return { kid, privateJwk, publicJwk };
}

/** A JWKS of the public halves, each with its thumbprint `kid`. */
export async function toJwks(keys: ReadonlyArray<PublicJwk | PrivateJwk>): Promise<{ keys: PublicJwk[] }> {
  return {
    keys: await Promise.all(
      keys.map(async (key) => {
        const publicJwk = publicJwkOf(key);
        return { ...publicJwk, kid: await jwkThumbprint(publicJwk) };
      }),
    ),
  };
}
