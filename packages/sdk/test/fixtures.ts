import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { VoucherClaimsInput } from "@shian/schemas";
import {
  generateKeyPair,
  type KeyPair,
  signTrustBundle,
  type TrustBundleInput,
  type TrustedIssuer,
} from "../src/index";

export const BASE_URL = "https://trace.shian.cn/v/";

export function loadClaims(name: "minimal" | "sale-voucher"): VoucherClaimsInput {
  const path = fileURLToPath(new URL(`../../../examples/vouchers/${name}.json`, import.meta.url));
  return JSON.parse(readFileSync(path, "utf8")) as VoucherClaimsInput;
}

export const T0 = "2026-11-24T00:30:00Z";
export const at = (iso: string) => new Date(iso);

export interface World {
  authority: KeyPair;
  market: KeyPair;
  marketEs256: KeyPair;
  regulator: KeyPair;
  bundleInput: TrustBundleInput;
  bundle: string;
}

/** A market (namespace 4406071) with an Ed25519 key at index 1 and a P-256 key at index 2, and a regulator. */
export async function makeWorld(overrides: Partial<TrustBundleInput> = {}): Promise<World> {
  const [authority, market, marketEs256, regulator] = await Promise.all([
    generateKeyPair(),
    generateKeyPair(),
    generateKeyPair("ES256"),
    generateKeyPair(),
  ]);
  const issuers: TrustedIssuer[] = [
    {
      id: "sanshui-market",
      name: "三水区农产品批发市场",
      roles: ["wholesale-market"],
      namespaces: [4406071],
      keys: [
        { keyIndex: 1, jwk: market.publicJwk, notBefore: "2026-01-01T00:00:00Z", notAfter: "2027-01-01T00:00:00Z" },
        { keyIndex: 2, jwk: marketEs256.publicJwk, notBefore: "2026-01-01T00:00:00Z", notAfter: "2027-01-01T00:00:00Z" },
      ],
    },
    {
      id: "sanshui-amr",
      name: "三水区市场监督管理局",
      roles: ["regulator"],
      namespaces: [4406000],
      keys: [{ keyIndex: 9, jwk: regulator.publicJwk, notBefore: "2026-01-01T00:00:00Z", notAfter: "2030-01-01T00:00:00Z" }],
    },
  ];
  const bundleInput: TrustBundleInput = {
    version: 5,
    issuedAt: "2026-11-01T00:00:00Z",
    expiresAt: "2026-12-31T00:00:00Z",
    resolverHosts: ["trace.shian.cn", "localhost:8787"],
    issuers,
    ...overrides,
  };
  return { authority, market, marketEs256, regulator, bundleInput, bundle: await signTrustBundle(bundleInput, authority.privateJwk) };
}
