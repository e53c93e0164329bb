import { CompactSign, compactVerify, decodeProtectedHeader, importJWK } from "jose";
import { importSigner } from "../crypto/signature-keys";
import { ShianError, type ShianErrorCode } from "../errors";
import { PrivateJwk, type PublicJwk } from "../keys/jwk";
import { keyPairFromPrivateJwk } from "../keys/generate";
import { utf8Decode, utf8Encode } from "../lib/utf8";

/** Largest signed JSON document (trust bundle or status list) accepted before parsing. */
export const MAX_SIGNED_DOCUMENT = 8 * 1024 * 1024;

/** Signs a JSON document as a compact JWS with `typ` and the signer's thumbprint `kid`. */
export async function signJsonDocument(payload: unknown, privateJwk: unknown, typ: string): Promise<string> {
  const parsed = PrivateJwk.safeParse(privateJwk);
  if (!parsed.success) throw new ShianError("invalid-key", "not an Ed25519 or P-256 private JWK");
  const { kid, publicJwk } = await keyPairFromPrivateJwk(parsed.data);
  await importSigner(parsed.data); // checks the key is usable before jose sees it
  const key = await importJWK({ ...parsed.data }, publicJwk.alg);
  return new CompactSign(utf8Encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: publicJwk.alg!, kid, typ })
    .sign(key);
}

export interface SignedDocumentHeader {
  alg: string;
  kid: string;
  typ: string;
}

/** Reads the protected header without verifying; throws ShianError(code) when unreadable. */
export function readDocumentHeader(jws: string, typ: string, code: ShianErrorCode): SignedDocumentHeader {
  if (typeof jws !== "string") throw new ShianError(code, "a signed document must be a compact JWS string");
  if (jws.length > MAX_SIGNED_DOCUMENT) throw new ShianError("too-large", "signed document is too large");
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(jws) as Record<string, unknown>;
  } catch {
    throw new ShianError(code, "not a compact JWS");
  }
  if (header.typ !== typ) throw new ShianError(code, `expected typ ${typ}`);
  if (typeof header.kid !== "string" || (header.alg !== "EdDSA" && header.alg !== "ES256")) {
    throw new ShianError(code, "the JWS header needs kid and alg EdDSA or ES256");
  }
  const extra = Object.keys(header).filter((name) => !["alg", "kid", "typ"].includes(name));
  if (extra.length > 0) throw new ShianError(code, `unexpected JWS header members: ${extra.join(", ")}`);
  return header as unknown as SignedDocumentHeader;
}

/** Verifies a compact JWS with one public key and returns its JSON payload. */
export async function verifyJsonDocument(jws: string, publicJwk: PublicJwk, code: ShianErrorCode): Promise<unknown> {
  try {
    const key = await importJWK({ ...publicJwk }, publicJwk.alg ?? (publicJwk.kty === "OKP" ? "EdDSA" : "ES256"));
    const { payload } = await compactVerify(jws, key, { algorithms: [publicJwk.kty === "OKP" ? "EdDSA" : "ES256"] });
    const text = utf8Decode(payload);
    if (text === undefined) throw new Error("payload is not UTF-8");
    return JSON.parse(text);
  } catch (error) {
    throw new ShianError(code, `signature or payload rejected: ${(error as Error).message}`);
  }
}
