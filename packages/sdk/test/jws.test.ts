import { CompactSign, compactVerify, importJWK } from "jose";
import { describe, expect, it } from "vitest";
import { createJwksVerifier, fromJws, generateKeyPair, type KeyAlgorithm, signVoucher, toJws, toJwks } from "../src/index";
import { at, BASE_URL, loadClaims, T0 } from "./fixtures";

const sale = loadClaims("sale-voucher");
const b64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

describe("voucher as a compact JWS", () => {
  it.each<KeyAlgorithm>(["Ed25519", "ES256"])("jose.compactVerify accepts toJws() for %s keys", async (alg) => {
    const pair = await generateKeyPair(alg);
    const { url, bytes } = await signVoucher(sale, { key: pair.privateJwk, keyIndex: 1, baseUrl: BASE_URL });
    const jws = toJws(url);
    const { payload, protectedHeader } = await compactVerify(jws, await importJWK(pair.publicJwk));
    expect(protectedHeader).toEqual({ alg: alg === "Ed25519" ? "EdDSA" : "ES256", typ: "shian-voucher" });
    expect(Buffer.from(payload)).toEqual(Buffer.from(bytes.subarray(0, bytes.length - 64)));
    expect(fromJws(jws)).toEqual(bytes);
  });

  it("rejects a JWS with the same payload signed under another alg or a changed header", async () => {
    const pair = await generateKeyPair();
    const verifier = await createJwksVerifier(await toJwks([pair.publicJwk]));
    const { url } = await signVoucher(sale, { key: pair.privateJwk, keyIndex: 1, baseUrl: BASE_URL });
    const [, payloadB64, signature] = toJws(url).split(".");
    const payload = Buffer.from(payloadB64!, "base64url");
    const key = await importJWK(pair.privateJwk, "EdDSA");

    const es256 = await generateKeyPair("ES256");
    const otherAlg = await new CompactSign(payload).setProtectedHeader({ alg: "ES256", typ: "shian-voucher" }).sign(await importJWK(es256.privateJwk, "ES256"));
    const extraMember = await new CompactSign(payload).setProtectedHeader({ alg: "EdDSA", typ: "shian-voucher", kid: pair.kid }).sign(key);
    const otherTyp = await new CompactSign(payload).setProtectedHeader({ alg: "EdDSA", typ: "JWT" }).sign(key);
    const swappedHeader = `${b64({ alg: "EdDSA", typ: "shian-voucher", crit: [] })}.${payloadB64}.${signature}`;
    const noneAlg = `${b64({ alg: "none" })}.${payloadB64}.`;

    for (const jws of [otherAlg, extraMember, otherTyp, swappedHeader, noneAlg]) {
      expect(() => fromJws(jws)).toThrowError(expect.objectContaining({ code: "malformed" }));
      const result = await verifier.verify(jws, { at: at(T0) });
      expect(result.valid).toBe(false);
      expect(result.error?.code).toBe("malformed");
    }
  });
});
