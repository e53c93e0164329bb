import { z } from "zod";
import { ShianError } from "../errors";
import { jwkThumbprint } from "../keys/generate";
import { PublicJwk } from "../keys/jwk";
import { MAX_KEY_INDEX } from "../voucher/payload";
import { readDocumentHeader, signJsonDocument, verifyJsonDocument } from "./jws-json";
import { ISSUER_ROLES } from "./roles";

export const TRUST_BUNDLE_TYPE = "shian-trust-bundle";

const Time = z.iso.datetime({ offset: true });
const Host = z.string().regex(/^([a-z0-9-]+\.)*[a-z0-9-]+(:\d{1,5})?$|^\[[0-9a-f:]+\](:\d{1,5})?$/, "lowercase host[:port]");

export const TrustedKey = z.object({
  keyIndex: z.number().int().min(0).max(MAX_KEY_INDEX),
  jwk: PublicJwk,
  notBefore: Time,
  notAfter: Time,
  /** Once set, every voucher signed by the key is rejected: a stolen key can backdate. */
  revokedAt: Time.optional(),
});
export type TrustedKey = z.infer<typeof TrustedKey>;

export const TrustedIssuer = z.object({
  id: z.string().min(1).max(128),
  name: z.string().min(1).max(200),
  roles: z.array(z.enum(ISSUER_ROLES)).min(1),
  /** Trace-code namespaces this issuer may sign codes in. */
  namespaces: z.array(z.number().int().min(1).max(0xffff_ffff)).max(1000),
  keys: z.array(TrustedKey).max(100),
});
export type TrustedIssuer = z.infer<typeof TrustedIssuer>;

export const TrustBundleContent = z
  .object({
    typ: z.literal(TRUST_BUNDLE_TYPE),
    /** Strictly increasing: a verifier never goes back to a lower version. */
    version: z.number().int().min(1),
    issuedAt: Time,
    expiresAt: Time,
    /** Hosts that may appear in voucher URLs; empty means any host. */
    resolverHosts: z.array(Host).max(100),
    issuers: z.array(TrustedIssuer).max(100_000),
  })
  .superRefine((bundle, ctx) => {
    const seen = new Set<number>();
    for (const issuer of bundle.issuers) {
      for (const key of issuer.keys) {
        if (seen.has(key.keyIndex)) ctx.addIssue({ code: "custom", message: `key index ${key.keyIndex} appears twice` });
        seen.add(key.keyIndex);
      }
    }
  });
export type TrustBundleContent = z.infer<typeof TrustBundleContent>;
export type TrustBundleInput = Omit<z.input<typeof TrustBundleContent>, "typ">;

/** Signs a trust bundle with the authority's private key (a trust anchor). */
export async function signTrustBundle(content: TrustBundleInput, authorityPrivateJwk: unknown): Promise<string> {
  const parsed = TrustBundleContent.safeParse({ ...content, typ: TRUST_BUNDLE_TYPE });
  if (!parsed.success) throw new ShianError("invalid-input", `invalid trust bundle: ${z.prettifyError(parsed.error)}`);
  for (const issuer of parsed.data.issuers) {
    for (const key of issuer.keys) {
      const kid = await jwkThumbprint(key.jwk);
      if (key.jwk.kid !== undefined && key.jwk.kid !== kid) {
        throw new ShianError("invalid-input", `key index ${key.keyIndex}: kid is not the key's thumbprint`);
      }
      key.jwk.kid = kid;
    }
  }
  return signJsonDocument(parsed.data, authorityPrivateJwk, TRUST_BUNDLE_TYPE);
}

/**
 * Verifies a trust bundle against the trust anchors (authority public keys) and returns its
 * content. Throws ShianError("untrusted-bundle") for anything not signed by an anchor.
 */
export async function verifyTrustBundle(jws: string, trustAnchors: readonly unknown[]): Promise<TrustBundleContent> {
  const header = readDocumentHeader(jws, TRUST_BUNDLE_TYPE, "untrusted-bundle");
  let anchor: PublicJwk | undefined;
  for (const candidate of trustAnchors) {
    const parsed = PublicJwk.safeParse(candidate);
    if (parsed.success && (await jwkThumbprint(parsed.data)) === header.kid) anchor = parsed.data;
  }
  if (!anchor) throw new ShianError("untrusted-bundle", "the trust bundle is not signed by a configured trust anchor");
  const content = TrustBundleContent.safeParse(await verifyJsonDocument(jws, anchor, "untrusted-bundle"));
  if (!content.success) throw new ShianError("untrusted-bundle", `trust bundle content is invalid: ${z.prettifyError(content.error)}`);
  return content.data;
}
