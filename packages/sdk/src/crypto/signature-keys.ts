import { ShianError } from "../errors";
import { algOfJwk, PrivateJwk, PublicJwk, publicJwkOf, type SignatureAlg } from "../keys/jwk";
import { type CryptoBackend, useNode } from "./runtime";

/** A public key ready to check 64-byte signatures (raw r‖s for ES256). */
export interface SignatureVerifier {
  readonly alg: SignatureAlg;
  readonly publicJwk: PublicJwk;
  verify(data: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

/** A private key ready to make 64-byte signatures. */
export interface SignatureSigner {
  readonly alg: SignatureAlg;
  readonly publicJwk: PublicJwk;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

const webParams = (alg: SignatureAlg) =>
  alg === "EdDSA"
    ? { importParams: { name: "Ed25519" }, signParams: { name: "Ed25519" } }
    : { importParams: { name: "ECDSA", namedCurve: "P-256" }, signParams: { name: "ECDSA", hash: "SHA-256" } };

const nodeAlgorithm = (alg: SignatureAlg) => (alg === "EdDSA" ? null : "sha256");
const jwkMembers = (jwk: PublicJwk | PrivateJwk) => {
  const { kid: _kid, alg: _alg, use: _use, key_ops: _ops, ...members } = jwk;
  return members;
};

export async function importVerifier(jwk: unknown, backend: CryptoBackend = "auto"): Promise<SignatureVerifier> {
  const parsed = PublicJwk.safeParse(jwk);
  if (!parsed.success) throw new ShianError("invalid-key", "not an Ed25519 or P-256 public JWK");
  const publicJwk = publicJwkOf(parsed.data);
  const alg = algOfJwk(publicJwk);
  try {
    const node = useNode(backend);
    if (node) {
      const key = node.createPublicKey({ key: jwkMembers(publicJwk), format: "jwk" });
      const algorithm = nodeAlgorithm(alg);
      const options = alg === "ES256" ? { key, dsaEncoding: "ieee-p1363" } : key;
      return {
        alg,
        publicJwk,
        verify: async (data, signature) => signature.length === 64 && node.verify(algorithm, data, options, signature),
      };
    }
    const { importParams, signParams } = webParams(alg);
    const key = await crypto.subtle.importKey("jwk", jwkMembers(publicJwk) as JsonWebKey, importParams, false, ["verify"]);
    return {
      alg,
      publicJwk,
      verify: async (data, signature) =>
        signature.length === 64 && crypto.subtle.verify(signParams, key, signature as BufferSource, data as BufferSource),
    };
  } catch (error) {
    throw new ShianError("invalid-key", `the public key could not be imported: ${(error as Error).message}`);
  }
}

export interface SignerOptions {
  /**
   * Node only: sign on libuv's thread pool, so concurrent `sign()` calls (a bulk issue) use
   * every core and leave the event loop free. One signature at a time is faster without it.
   */
  threadPool?: boolean;
}

export async function importSigner(jwk: unknown, backend: CryptoBackend = "auto", options: SignerOptions = {}): Promise<SignatureSigner> {
  const parsed = PrivateJwk.safeParse(jwk);
  if (!parsed.success) throw new ShianError("invalid-key", "not an Ed25519 or P-256 private JWK");
  const publicJwk = publicJwkOf(parsed.data);
  const alg = algOfJwk(publicJwk);
  try {
    const node = useNode(backend);
    if (node) {
      const key = node.createPrivateKey({ key: jwkMembers(parsed.data), format: "jwk" });
      const algorithm = nodeAlgorithm(alg);
      const keyOptions = alg === "ES256" ? { key, dsaEncoding: "ieee-p1363" } : key;
      const sign = options.threadPool
        ? (data: Uint8Array) =>
            new Promise<Uint8Array>((resolve, reject) => node.sign(algorithm, data, keyOptions, (error, signature) => (error ? reject(error) : resolve(new Uint8Array(signature)))))
        : async (data: Uint8Array) => new Uint8Array(node.sign(algorithm, data, keyOptions));
      return { alg, publicJwk, sign };
    }
    const { importParams, signParams } = webParams(alg);
    const key = await crypto.subtle.importKey("jwk", jwkMembers(parsed.data) as JsonWebKey, importParams, false, ["sign"]);
    return { alg, publicJwk, sign: async (data) => new Uint8Array(await crypto.subtle.sign(signParams, key, data as BufferSource)) };
  } catch (error) {
    throw new ShianError("invalid-key", `the private key could not be imported: ${(error as Error).message}`);
  }
}
