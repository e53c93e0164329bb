/**
 * What a POS vendor embeds at the till: one signing key per terminal, a sale voucher per
 * weighing, and offline verification against the trust bundle the terminal last downloaded.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { formatTraceCode, type VoucherClaimsInput } from "@shian/schemas";
import {
  createOfflineVerifier,
  generateKeyPair,
  importSigner,
  type KeyPair,
  keyPairFromPrivateJwk,
  signStatusList,
  signTrustBundle,
  signVoucher,
  type SignedVoucher,
  type VoucherVerifier,
} from "@shian/sdk";

export const TILL_NAMESPACE = 4406071;
export const TILL_KEY_INDEX = 1;

/** Loads the till's private key, or creates it (mode 600) on first start. */
export async function loadOrCreateTillKey(path: string): Promise<{ pair: KeyPair; created: boolean }> {
  if (existsSync(path)) return { pair: await keyPairFromPrivateJwk(JSON.parse(readFileSync(path, "utf8"))), created: false };
  const pair = await generateKeyPair("Ed25519");
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(pair.privateJwk, null, 2)}\n`, { mode: 0o600 });
  return { pair, created: true };
}

/** The till's next serial: a counter kept beside the key, so serials never repeat. */
export function nextSerial(path: string): number {
  const last = existsSync(path) ? Number(readFileSync(path, "utf8").trim()) : 0;
  const next = Number.isSafeInteger(last) && last >= 0 ? last + 1 : 1;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${next}\n`);
  return next;
}

/**
 * Stands in for the regulator's trust service: registers the till's public key (index 1,
 * namespace 4406071) in a signed trust bundle. In production the terminal downloads this.
 */
export async function demoTrustBundle(till: KeyPair, now: Date) {
  const authority = await generateKeyPair();
  const bundle = await signTrustBundle(
    {
      version: 1,
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
      resolverHosts: [],
      issuers: [
        {
          id: "stall-a17",
          name: "三水农批市场 A17 蔬菜档",
          roles: ["stall"],
          namespaces: [TILL_NAMESPACE],
          keys: [
            {
              keyIndex: TILL_KEY_INDEX,
              jwk: till.publicJwk,
              notBefore: new Date(now.getTime() - 86_400_000).toISOString(),
              notAfter: new Date(now.getTime() + 365 * 86_400_000).toISOString(),
            },
          ],
        },
      ],
    },
    authority.privateJwk,
  );
  return { authority, bundle };
}

/**
 * Signs one sale voucher at the till: the reference claims with this sale's serial and time.
 * `registration` is the organisation's namespace and the key index the API gave the till's key
 * (default: the offline demo's 4406071 and 1).
 */
export async function sellAtTill(
  till: KeyPair,
  baseClaims: VoucherClaimsInput,
  serial: number,
  baseUrl: string,
  now: Date,
  registration: { namespace: number; keyIndex: number } = { namespace: TILL_NAMESPACE, keyIndex: TILL_KEY_INDEX },
): Promise<SignedVoucher> {
  const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString();
  const claims = { ...baseClaims, code: formatTraceCode({ namespace: registration.namespace, serial }), issuedAt };
  return signVoucher(claims, { key: await importSigner(till.privateJwk), keyIndex: registration.keyIndex, baseUrl });
}

/** The market recalls a serial: a new status list version marks it, and the verifier takes it. */
export async function recall(verifier: VoucherVerifier, till: KeyPair, serial: number, now: Date): Promise<void> {
  const list = await signStatusList(
    {
      namespace: TILL_NAMESPACE,
      version: 1,
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
      size: serial + 1,
      entries: [[serial, "recalled"]],
    },
    till.privateJwk,
  );
  await verifier.addStatusList(list, { now });
}

export async function offlineVerifier(authorityPublicJwk: unknown, bundle: string, now: Date) {
  return createOfflineVerifier({ trustAnchors: [authorityPublicJwk], bundle, now });
}
