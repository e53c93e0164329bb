import type { VoucherClaims, VoucherClaimsInput } from "@shian/schemas";
import { importSigner, type SignatureSigner } from "../crypto/signature-keys";
import { ShianError } from "../errors";
import type { SignatureAlg } from "../keys/jwk";
import { concatBytes } from "../lib/utf8";
import { decodePayload, encodePayload, SIGNATURE_LENGTH } from "./payload";
import { signingInput } from "./signing-input";
import { buildVoucherUrl, checkBaseUrl } from "./url";

export interface SignVoucherOptions {
  /** A private JWK, or a signer from `importSigner` (faster when signing many). */
  key: SignatureSigner | unknown;
  /** The key's index in the trust bundle. */
  keyIndex: number;
  /** Resolver base URL, e.g. `https://trace.example.cn/v/`. */
  baseUrl: string;
}

export interface SignedVoucher {
  url: string;
  claims: VoucherClaims;
  keyIndex: number;
  alg: SignatureAlg;
  /** Payload followed by the 64-byte signature. */
  bytes: Uint8Array;
}

function isSigner(key: unknown): key is SignatureSigner {
  return typeof key === "object" && key !== null && typeof (key as SignatureSigner).sign === "function";
}

/** Validates the claims, encodes them and signs them. Throws only ShianError. */
export async function signVoucher(claims: VoucherClaimsInput, options: SignVoucherOptions): Promise<SignedVoucher> {
  checkBaseUrl(options.baseUrl);
  const signer = isSigner(options.key) ? options.key : await importSigner(options.key);
  const payload = encodePayload(claims, options.keyIndex, signer.alg);
  let signature: Uint8Array;
  try {
    signature = await signer.sign(signingInput(signer.alg, payload));
  } catch (error) {
    throw new ShianError("invalid-key", `signing failed: ${(error as Error).message}`);
  }
  if (signature.length !== SIGNATURE_LENGTH) throw new ShianError("unsupported-algorithm", "signature is not 64 bytes");
  const bytes = concatBytes(payload, signature);
  return { url: buildVoucherUrl(options.baseUrl, bytes), claims: decodePayload(payload).claims, keyIndex: options.keyIndex, alg: signer.alg, bytes };
}
