import { calculateJwkThumbprint } from "jose";
import { describe, expect, it } from "vitest";
import { generateKeyPair, importSigner, importVerifier, jwkThumbprint, keyPairFromPrivateJwk, type KeyAlgorithm, toJwks } from "../src/index";

describe("keys", () => {
  it("computes the RFC 8037 Appendix A.3 thumbprint of the RFC 8032 Ed25519 key", async () => {
    const jwk = { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" };
    expect(await jwkThumbprint(jwk)).toBe("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
  });

  it.each<KeyAlgorithm>(["Ed25519", "ES256"])("generates %s pairs whose kid is the RFC 7638 thumbprint", async (alg) => {
    const pair = await generateKeyPair(alg);
    expect(pair.kid).toBe(await calculateJwkThumbprint(pair.publicJwk));
    expect(pair.publicJwk).not.toHaveProperty("d");
    expect(pair.privateJwk.kid).toBe(pair.kid);
    expect((await keyPairFromPrivateJwk(JSON.parse(JSON.stringify(pair.privateJwk)))).publicJwk).toEqual(pair.publicJwk);
    const jwks = await toJwks([pair.privateJwk]);
    expect(jwks.keys).toEqual([pair.publicJwk]);
  });

  it("refuses a key whose kid is not its thumbprint, and non-keys", async () => {
    const pair = await generateKeyPair();
    await expect(keyPairFromPrivateJwk({ ...pair.privateJwk, kid: "mine" })).rejects.toMatchObject({ code: "invalid-key" });
    for (const bad of [null, 42, {}, { kty: "RSA", n: "x", e: "AQAB" }, { kty: "OKP", crv: "Ed25519", x: "short" }]) {
      await expect(importVerifier(bad)).rejects.toMatchObject({ code: "invalid-key" });
      await expect(importSigner(bad)).rejects.toMatchObject({ code: "invalid-key" });
    }
    await expect(generateKeyPair("RS256" as KeyAlgorithm)).rejects.toMatchObject({ code: "unsupported-algorithm" });
  });

  it.each<KeyAlgorithm>(["Ed25519", "ES256"])("the node:crypto and WebCrypto backends accept each other's %s signatures", async (alg) => {
    const pair = await generateKeyPair(alg);
    const data = new TextEncoder().encode("食安 voucher");
    for (const [signWith, verifyWith] of [["node", "webcrypto"], ["webcrypto", "node"]] as const) {
      const signature = await (await importSigner(pair.privateJwk, signWith)).sign(data);
      expect(signature).toHaveLength(64);
      const verifier = await importVerifier(pair.publicJwk, verifyWith);
      expect(await verifier.verify(data, signature)).toBe(true);
      signature[10]! ^= 1;
      expect(await verifier.verify(data, signature)).toBe(false);
    }
  });

  it.each<KeyAlgorithm>(["Ed25519", "ES256"])("a thread-pool %s signer makes many signatures at once, each checked by WebCrypto", async (alg) => {
    const pair = await generateKeyPair(alg);
    const signer = await importSigner(pair.privateJwk, "node", { threadPool: true });
    const messages = Array.from({ length: 64 }, (_, i) => new TextEncoder().encode(`voucher ${i}`));
    const signatures = await Promise.all(messages.map((message) => signer.sign(message)));
    const verifier = await importVerifier(pair.publicJwk, "webcrypto");
    for (const [i, signature] of signatures.entries()) {
      expect(await verifier.verify(messages[i]!, signature)).toBe(true);
      expect(await verifier.verify(messages[(i + 1) % messages.length]!, signature)).toBe(false);
    }
  });
});
