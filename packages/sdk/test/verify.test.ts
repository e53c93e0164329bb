import { traceCheckChar } from "@shian/schemas";
import { describe, expect, it } from "vitest";
import {
  createJwksVerifier,
  createOfflineVerifier,
  generateKeyPair,
  type ShianErrorCode,
  signStatusList,
  signTrustBundle,
  signVoucher,
  toJwks,
  toJws,
  type VerificationResult,
} from "../src/index";
import { at, BASE_URL, loadClaims, makeWorld, T0 } from "./fixtures";

const sale = loadClaims("sale-voucher");
const expectInvalid = (result: VerificationResult, code: ShianErrorCode) => {
  expect(result.valid).toBe(false);
  expect(result.error?.code).toBe(code);
  expect(result.checks.at(-1)?.ok).toBe(false);
};

describe("offline verification against a trust bundle", () => {
  it("accepts a market's sale voucher and says what it checked", async () => {
    const world = await makeWorld();
    const verifier = await createOfflineVerifier({ trustAnchors: [world.authority.publicJwk], bundle: world.bundle, now: at(T0) });
    const { url } = await signVoucher(sale, { key: world.market.privateJwk, keyIndex: 1, baseUrl: BASE_URL });
    const result = await verifier.verify(url, { at: at(T0) });
    expect(result.valid).toBe(true);
    expect(result.issuer).toEqual({ id: "sanshui-market", name: "三水区农产品批发市场", roles: ["wholesale-market"] });
    expect(result.key).toEqual({ kid: world.market.kid, keyIndex: 1 });
    expect(result.checks.map((c) => c.check)).toEqual(["format", "key", "signature", "host", "key-validity", "namespace", "role", "time", "status"]);
    expect(result.checks.every((c) => c.ok)).toBe(true);
    expect(result.status).toBe("unchecked");
    expect(result.trust).toEqual({ source: "bundle", version: 5 });
    expect(result.voucher?.printedCode).toBe("4406071 2026 1124 0001 9");
  });

  it("verifies P-256 (ES256) vouchers and the JWS form", async () => {
    const world = await makeWorld();
    const verifier = await createOfflineVerifier({ trustAnchors: [world.authority.publicJwk], bundle: world.bundle, now: at(T0) });
    const { url } = await signVoucher(sale, { key: world.marketEs256.privateJwk, keyIndex: 2, baseUrl: BASE_URL });
    expect((await verifier.verify(url, { at: at(T0) })).valid).toBe(true);
    expect((await verifier.verify(toJws(url), { at: at(T0) })).valid).toBe(true);
  });

  it("rejects a voucher signed with the wrong key, an unknown index or the wrong algorithm for the index", async () => {
    const world = await makeWorld();
    const verifier = await createOfflineVerifier({ trustAnchors: [world.authority.publicJwk], bundle: world.bundle, now: at(T0) });
    const stranger = await generateKeyPair();
    const forged = await signVoucher(sale, { key: stranger.privateJwk, keyIndex: 1, baseUrl: BASE_URL });
    expectInvalid(await verifier.verify(forged.url, { at: at(T0) }), "bad-signature");
    const unknown = await signVoucher(sale, { key: world.market.privateJwk, keyIndex: 7, baseUrl: BASE_URL });
    expectInvalid(await verifier.verify(unknown.url, { at: at(T0) }), "unknown-key");
    const algSwap = await signVoucher(sale, { key: world.marketEs256.privateJwk, keyIndex: 1, baseUrl: BASE_URL });
    expectInvalid(await verifier.verify(algSwap.url, { at: at(T0) }), "unknown-key");
  });

  it("enforces the key's validity window and revocation", async () => {
    const world = await makeWorld();
    const issuers = world.bundleInput.issuers.map((issuer) => ({ ...issuer, keys: issuer.keys.map((key) => ({ ...key })) }));
    issuers[0]!.keys[0]!.notAfter = "2026-06-01T00:00:00Z";
    issuers[0]!.keys[1]!.revokedAt = "2026-11-01T00:00:00Z";
    const bundle = await signTrustBundle({ ...world.bundleInput, issuers }, world.authority.privateJwk);
    const verifier = await createOfflineVerifier({ trustAnchors: [world.authority.publicJwk], bundle, now: at(T0) });
    const expiredKey = await signVoucher(sale, { key: world.market.privateJwk, keyIndex: 1, baseUrl: BASE_URL });
    expectInvalid(await verifier.verify(expiredKey.url, { at: at(T0) }), "key-expired");
    const before = await signVoucher({ ...sale, issuedAt: "2026-05-31T23:59:00Z" }, { key: world.market.privateJwk, keyIndex: 1, baseUrl: BASE_URL });
    expect((await verifier.verify(before.url, { at: at(T0) })).valid).toBe(true);
    const early = await signVoucher({ ...sale, issuedAt: "2025-12-31T23:50:00Z" }, { key: world.market.privateJwk, keyIndex: 1, baseUrl: BASE_URL });
    expectInvalid(await verifier.verify(early.url, { at: at(T0) }), "key-not-yet-valid");
    const revoked = await signVoucher({ ...sale, issuedAt: "2026-10-01T00:00:00Z" }, { key: world.marketEs256.privateJwk, keyIndex: 2, baseUrl: BASE_URL });
    expectInvalid(await verifier.verify(revoked.url, { at: at(T0) }), "key-revoked");
  });

  it("keeps issuers inside their own namespace, roles and resolver hosts", async () => {
    const world = await makeWorld();
    const verifier = await createOfflineVerifier({ trustAnchors: [world.authority.publicJwk], bundle: world.bundle, now: at(T0) });
    const key = { key: world.market.privateJwk, keyIndex: 1, baseUrl: BASE_URL };
    const otherNamespace = await signVoucher({ ...sale, code: `4406000-5-${checkChar(4406000, 5)}` }, key);
    expectInvalid(await verifier.verify(otherNamespace.url, { at: at(T0) }), "namespace-not-allowed");
    const merchantCode = await signVoucher({ ...sale, type: "merchant" }, key);
    expectInvalid(await verifier.verify(merchantCode.url, { at: at(T0) }), "type-not-allowed");
    const phishing = await signVoucher(sale, { ...key, baseUrl: "https://trace-shian.example/v/" });
    expectInvalid(await verifier.verify(phishing.url, { at: at(T0) }), "host-not-allowed");
    const local = await signVoucher(sale, { ...key, baseUrl: "http://localhost:8787/v/" });
    expect((await verifier.verify(local.url, { at: at(T0) })).valid).toBe(true);
  });

  it("applies the clock-skew tolerance at both edges", async () => {
    const world = await makeWorld();
    const verifier = await createOfflineVerifier({ trustAnchors: [world.authority.publicJwk], bundle: world.bundle, now: at(T0), clockSkewSeconds: 300 });
    const key = { key: world.market.privateJwk, keyIndex: 1, baseUrl: BASE_URL };
    const { url } = await signVoucher({ ...sale, issuedAt: "2026-11-24T00:35:00Z", expiresAt: "2026-11-25T00:00:00Z" }, key);
    expect((await verifier.verify(url, { at: at("2026-11-24T00:30:00Z") })).valid).toBe(true); // issued exactly skew ahead
    expectInvalid(await verifier.verify(url, { at: at("2026-11-24T00:29:59Z") }), "not-yet-valid");
    expect((await verifier.verify(url, { at: at("2026-11-25T00:05:00Z") })).valid).toBe(true); // expired exactly skew ago
    expectInvalid(await verifier.verify(url, { at: at("2026-11-25T00:05:01Z") }), "expired");
  });

  it("refuses bundles not signed by an anchor, older than one accepted, or expired", async () => {
    const world = await makeWorld();
    const rogue = await generateKeyPair();
    const rogueBundle = await signTrustBundle(world.bundleInput, rogue.privateJwk);
    await expect(createOfflineVerifier({ trustAnchors: [world.authority.publicJwk], bundle: rogueBundle, now: at(T0) })).rejects.toMatchObject({ code: "untrusted-bundle" });
    await expect(createOfflineVerifier({ trustAnchors: [world.authority.publicJwk], bundle: world.bundle, minBundleVersion: 6, now: at(T0) })).rejects.toMatchObject({ code: "stale-bundle" });
    await expect(createOfflineVerifier({ trustAnchors: [world.authority.publicJwk], bundle: world.bundle, now: at("2027-01-01T00:00:00Z") })).rejects.toMatchObject({ code: "stale-bundle" });

    const verifier = await createOfflineVerifier({ trustAnchors: [world.authority.publicJwk], bundle: world.bundle, now: at(T0) });
    await expect(verifier.updateBundle(world.bundle, { now: at(T0) })).rejects.toMatchObject({ code: "stale-bundle" });
    const newer = await signTrustBundle({ ...world.bundleInput, version: 6 }, world.authority.privateJwk);
    await verifier.updateBundle(newer, { now: at(T0) });
    expect(verifier.bundleVersion).toBe(6);
    const { url } = await signVoucher(sale, { key: world.market.privateJwk, keyIndex: 1, baseUrl: BASE_URL });
    expectInvalid(await verifier.verify(url, { at: at("2027-01-02T00:00:00Z") }), "stale-bundle");
  });

  it("rejects a tampered bundle payload even with a valid anchor signature elsewhere", async () => {
    const world = await makeWorld();
    const [header, payload, signature] = world.bundle.split(".");
    const content = JSON.parse(Buffer.from(payload!, "base64url").toString());
    content.issuers[0].namespaces.push(4406000);
    const tampered = `${header}.${Buffer.from(JSON.stringify(content)).toString("base64url")}.${signature}`;
    await expect(createOfflineVerifier({ trustAnchors: [world.authority.publicJwk], bundle: tampered, now: at(T0) })).rejects.toMatchObject({ code: "untrusted-bundle" });
  });
});

describe("status lists", () => {
  const list = (namespace: number, version: number, entries: [number, "valid" | "suspended" | "revoked" | "recalled"][]) => ({
    namespace,
    version,
    issuedAt: "2026-11-24T00:00:00Z",
    expiresAt: "2026-11-25T00:00:00Z",
    size: 1_000,
    entries,
  });

  it("reports revoked, suspended and recalled vouchers, and a batch recall reaches its vouchers", async () => {
    const world = await makeWorld();
    const key = { key: world.market.privateJwk, keyIndex: 1, baseUrl: BASE_URL };
    const statuses = await signStatusList(list(4406071, 1, [[10, "revoked"], [11, "suspended"], [12, "recalled"], [500, "recalled"]]), world.market.privateJwk);
    const verifier = await createOfflineVerifier({ trustAnchors: [world.authority.publicJwk], bundle: world.bundle, statusLists: [statuses], now: at(T0) });
    const expectations = [
      [10, "revoked"],
      [11, "suspended"],
      [12, "recalled"],
    ] as const;
    for (const [serial, code] of expectations) {
      const { url } = await signVoucher({ ...sale, code: `4406071-${serial}-${checkChar(4406071, serial)}` }, key);
      const result = await verifier.verify(url, { at: at(T0) });
      expectInvalid(result, code);
      expect(result.status).toBe(code);
    }
    const fine = await signVoucher({ ...sale, code: `4406071-13-${checkChar(4406071, 13)}` }, key);
    const fineResult = await verifier.verify(fine.url, { at: at(T0) });
    expect(fineResult.valid).toBe(true);
    expect(fineResult.status).toBe("valid");
    const inRecalledBatch = await signVoucher({ ...sale, code: `4406071-13-${checkChar(4406071, 13)}`, batchCode: `4406071-500-${checkChar(4406071, 500)}` }, key);
    expectInvalid(await verifier.verify(inRecalledBatch.url, { at: at(T0) }), "recalled");

    // liveStatus: the caller judges the status from its own records; the lists are not consulted.
    const live = await verifier.verify(inRecalledBatch.url, { at: at(T0), liveStatus: true });
    expect(live.valid).toBe(true);
    expect(live.status).toBe("unchecked");
    expect(live.checks.map((c) => c.check)).not.toContain("status");
    expect(live.checks.every((c) => c.ok)).toBe(true);
  });

  it("lets a regulator publish any namespace's list, but not another issuer", async () => {
    const world = await makeWorld();
    const byRegulator = await signStatusList(list(4406071, 2, [[1, "recalled"]]), world.regulator.privateJwk);
    const verifier = await createOfflineVerifier({ trustAnchors: [world.authority.publicJwk], bundle: world.bundle, now: at(T0) });
    await verifier.addStatusList(byRegulator, { now: at(T0) });
    const foreign = await signStatusList(list(4406000, 1, [[1, "revoked"]]), world.market.privateJwk);
    await expect(verifier.addStatusList(foreign, { now: at(T0) })).rejects.toMatchObject({ code: "invalid-status-list" });
    const outsider = await generateKeyPair();
    await expect(verifier.addStatusList(await signStatusList(list(4406071, 9, []), outsider.privateJwk), { now: at(T0) })).rejects.toMatchObject({ code: "invalid-status-list" });
  });

  it("keeps status list versions increasing and refuses expired lists", async () => {
    const world = await makeWorld();
    const verifier = await createOfflineVerifier({ trustAnchors: [world.authority.publicJwk], bundle: world.bundle, now: at(T0) });
    await verifier.addStatusList(await signStatusList(list(4406071, 3, [[1, "recalled"]]), world.market.privateJwk), { now: at(T0) });
    const older = await signStatusList(list(4406071, 2, []), world.market.privateJwk);
    await expect(verifier.addStatusList(older, { now: at(T0) })).rejects.toMatchObject({ code: "stale-status-list" });
    const expired = await signStatusList(list(4406071, 4, []), world.market.privateJwk);
    await expect(verifier.addStatusList(expired, { now: at("2026-11-26T00:00:00Z") })).rejects.toMatchObject({ code: "stale-status-list" });
    const { url } = await signVoucher({ ...sale, code: `4406071-1-${checkChar(4406071, 1)}` }, { key: world.market.privateJwk, keyIndex: 1, baseUrl: BASE_URL });
    expectInvalid(await verifier.verify(url, { at: at(T0) }), "recalled");
  });
});

describe("JWKS verification", () => {
  it("checks the signature against any key of the JWKS and reports that no policy was applied", async () => {
    const [a, b] = await Promise.all([generateKeyPair(), generateKeyPair("ES256")]);
    const verifier = await createJwksVerifier(await toJwks([a.publicJwk, b.publicJwk]));
    const signed = await signVoucher(sale, { key: b.privateJwk, keyIndex: 4, baseUrl: BASE_URL });
    const result = await verifier.verify(signed.url, { at: at(T0) });
    expect(result.valid).toBe(true);
    expect(result.key).toEqual({ kid: b.kid, keyIndex: 4 });
    expect(result.trust).toEqual({ source: "jwks", keys: 2 });
    expect(result.checks.find((c) => c.check === "key")?.detail).toMatch(/no roles, namespaces or validity/);
    const other = await generateKeyPair();
    const forged = await signVoucher(sale, { key: other.privateJwk, keyIndex: 4, baseUrl: BASE_URL });
    expectInvalid(await verifier.verify(forged.url, { at: at(T0) }), "bad-signature");
  });
});

function checkChar(namespace: number, serial: number): string {
  return traceCheckChar({ namespace, serial });
}

describe("preverified bytes", () => {
  it("skips only the signature check: revocation and the other rules still apply", async () => {
    const world = await makeWorld();
    const verifier = await createOfflineVerifier({ trustAnchors: [world.authority.publicJwk], bundle: world.bundle, now: at(T0) });
    const { url } = await signVoucher(sale, { key: world.market.privateJwk, keyIndex: 1, baseUrl: BASE_URL });
    const result = await verifier.verify(url, { at: at(T0), preverified: true });
    expect(result.valid).toBe(true);
    expect(result.checks.find((c) => c.check === "signature")?.detail).toMatch(/verified earlier/);
    const stranger = await generateKeyPair();
    const forged = await signVoucher(sale, { key: stranger.privateJwk, keyIndex: 1, baseUrl: BASE_URL });
    expectInvalid(await verifier.verify(forged.url, { at: at(T0) }), "bad-signature");
    const early = await verifier.verify(url, { at: at("2026-11-23T00:00:00Z"), preverified: true });
    expectInvalid(early, "not-yet-valid");
    const issuers = world.bundleInput.issuers.map((issuer) => ({ ...issuer, keys: issuer.keys.map((key) => ({ ...key, revokedAt: "2026-11-20T00:00:00Z" })) }));
    const revokedBundle = await signTrustBundle({ ...world.bundleInput, version: 6, issuers }, world.authority.privateJwk);
    await verifier.updateBundle(revokedBundle, { now: at(T0) });
    expectInvalid(await verifier.verify(url, { at: at(T0), preverified: true }), "key-revoked");
  });
});

describe("preverified bytes with the stored voucher (known)", () => {
  it("answers exactly as decoding would, for EdDSA and ES256 keys", async () => {
    const world = await makeWorld();
    const verifier = await createOfflineVerifier({ trustAnchors: [world.authority.publicJwk], bundle: world.bundle, now: at(T0) });
    for (const [key, keyIndex] of [[world.market.privateJwk, 1], [world.marketEs256.privateJwk, 2]] as const) {
      const { url } = await signVoucher(sale, { key, keyIndex, baseUrl: BASE_URL });
      const decoded = await verifier.verify(url, { at: at(T0), preverified: true });
      const known = await verifier.verify(url, { at: at(T0), preverified: true, known: { claims: decoded.voucher!.claims, keyIndex } });
      expect(decoded.valid).toBe(true);
      expect(known.voucher?.alg).toBe(keyIndex === 1 ? "EdDSA" : "ES256");
      expect(known).toEqual(decoded);
    }
  });

  it("is ignored without preverified, and still checks the URL's host and the current trust", async () => {
    const world = await makeWorld();
    const verifier = await createOfflineVerifier({ trustAnchors: [world.authority.publicJwk], bundle: world.bundle, now: at(T0) });
    const { url } = await signVoucher(sale, { key: world.market.privateJwk, keyIndex: 1, baseUrl: BASE_URL });
    const claims = (await verifier.verify(url, { at: at(T0) })).voucher!.claims;
    const other = { ...claims, netWeightGrams: 1 };
    const plain = await verifier.verify(url, { at: at(T0), known: { claims: other, keyIndex: 1 } });
    expect(plain.voucher?.claims).toEqual(claims); // decoded from the URL, not taken from `known`
    const foreignHost = url.replace(new URL(BASE_URL).host, "elsewhere.example.cn");
    expectInvalid(await verifier.verify(foreignHost, { at: at(T0), preverified: true, known: { claims, keyIndex: 1 } }), "host-not-allowed");
    expectInvalid(await verifier.verify(url, { at: at(T0), preverified: true, known: { claims, keyIndex: 77 } }), "unknown-key");
    // A JWKS verifier checks every signature: `known` does not stand in for the bytes there.
    const jwks = await createJwksVerifier(await toJwks([world.market.publicJwk]));
    const viaJwks = await jwks.verify(url, { at: at(T0), preverified: true, known: { claims, keyIndex: 1 } });
    expect(viaJwks.valid).toBe(true);
    expect(viaJwks.checks.find((c) => c.check === "signature")?.detail).toMatch(/verified with/);
    const issuers = world.bundleInput.issuers.map((issuer) => ({ ...issuer, keys: issuer.keys.map((key) => ({ ...key, revokedAt: "2026-11-20T00:00:00Z" })) }));
    await verifier.updateBundle(await signTrustBundle({ ...world.bundleInput, version: 6, issuers }, world.authority.privateJwk), { now: at(T0) });
    expectInvalid(await verifier.verify(url, { at: at(T0), preverified: true, known: { claims, keyIndex: 1 } }), "key-revoked");
  });
});
