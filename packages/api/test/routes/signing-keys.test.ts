import { generateKeyPair, jwkThumbprint } from "@shian/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, vegetableBatch } from "../harness";
import { count, createBatch, expectProblem, issue, scan } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const jwksIndexes = async () => ((await h.call("GET", "/.well-known/jwks.json")).body.keys as Array<{ key_index: number }>).map((key) => key.key_index);

describe("GET /v1/keys", () => {
  it("lists the organisation's keys, public parts only", async () => {
    const org = await h.org("wholesaler");
    await h.org("wholesaler");
    const list = await h.call("GET", "/v1/keys", { key: org.key });
    expect(list.status).toBe(200);
    expect(list.body.keys).toHaveLength(1);
    const [key] = list.body.keys;
    expect(key).toMatchObject({ orgId: org.id, alg: "EdDSA", custodial: true, revokedAt: null, keyIndex: expect.any(Number), kid: expect.any(String) });
    expect(key.publicJwk).toMatchObject({ kty: "OKP", crv: "Ed25519", kid: key.kid });
    expect(key.publicJwk).not.toHaveProperty("d");
    expect(list.text).not.toMatch(/encrypted|"d":/i);
    expectProblem(await h.call("GET", "/v1/keys"), 401, "unauthenticated");
  });
});

describe("POST /v1/keys", () => {
  it("generates custodial Ed25519 and ES256 keys, published in the JWKS", async () => {
    const org = await h.org("wholesaler", { custodial: false });
    const ed = await h.call("POST", "/v1/keys", { key: org.key, json: { generate: "Ed25519" } });
    expect(ed.status).toBe(201);
    expect(ed.body).toMatchObject({ orgId: org.id, alg: "EdDSA", custodial: true, revokedAt: null });
    expect(ed.body.publicJwk).not.toHaveProperty("d");
    const es = await h.call("POST", "/v1/keys", { key: org.key, json: { generate: "ES256" } });
    expect(es.status).toBe(201);
    expect(es.body).toMatchObject({ alg: "ES256", custodial: true });
    expect(es.body.publicJwk).toMatchObject({ kty: "EC", crv: "P-256" });
    expect(es.body.keyIndex).toBeGreaterThan(ed.body.keyIndex);
    expect(await jwksIndexes()).toEqual(expect.arrayContaining([ed.body.keyIndex, es.body.keyIndex]));
    // the newest custodial key signs
    const batch = await createBatch(h, org, vegetableBatch());
    expect((await issue(h, org, { batchCode: batch.code })).keyIndex).toBe(es.body.keyIndex);
  });

  it("registers a public key (kid = RFC 7638 thumbprint, not custodial); the same key twice is a 409", async () => {
    const org = await h.org("stall");
    const pair = await generateKeyPair();
    const reply = await h.call("POST", "/v1/keys", { key: org.key, json: { publicJwk: pair.publicJwk, notAfter: "2099-01-01T00:00:00Z" } });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ orgId: org.id, custodial: false, kid: await jwkThumbprint(pair.publicJwk), notAfter: "2099-01-01T00:00:00Z" });
    expect(reply.body.publicJwk.x).toBe(pair.publicJwk.x);
    const again = await h.call("POST", "/v1/keys", { key: org.key, json: { publicJwk: pair.publicJwk } });
    expectProblem(again, 409, "conflict");
    // nor may another organisation claim the same public key
    const other = await h.org("stall");
    expectProblem(await h.call("POST", "/v1/keys", { key: other.key, json: { publicJwk: pair.publicJwk } }), 409, "conflict");
    expect(await count(h, "signing_keys", `kid = '${reply.body.kid}'`)).toBe(1);
  });

  it("validates: exactly one of publicJwk or generate, a real JWK, notAfter after notBefore", async () => {
    const org = await h.org("stall");
    const pair = await generateKeyPair();
    const before = await count(h, "signing_keys");
    for (const json of [
      {},
      { generate: "Ed25519", publicJwk: pair.publicJwk },
      { generate: "RSA" },
      { publicJwk: { kty: "OKP", crv: "Ed25519", x: "short" } },
      { generate: "Ed25519", notBefore: "2030-01-01T00:00:00Z", notAfter: "2029-01-01T00:00:00Z" },
      { generate: "Ed25519", notAfter: "tomorrow" },
    ]) {
      const reply = await h.call("POST", "/v1/keys", { key: org.key, json });
      expectProblem(reply, 400, "invalid-request");
    }
    const missing = await h.call("POST", "/v1/keys", { key: org.key, json: {} });
    expect(missing.body.issues.length).toBeGreaterThan(0);
    expect(await count(h, "signing_keys")).toBe(before);
  });

  it("needs the keys:write scope", async () => {
    const org = await h.org("stall", { scopes: ["read", "vouchers:write"] });
    const reply = await h.call("POST", "/v1/keys", { key: org.key, json: { generate: "Ed25519" } });
    expectProblem(reply, 403, "forbidden");
    expect(reply.body.detail).toMatch(/keys:write/);
    expect(await count(h, "signing_keys", `org_id = '${org.id}'`)).toBe(1);
    expectProblem(await h.call("POST", "/v1/keys", { json: { generate: "Ed25519" } }), 401, "unauthenticated");
  });

  it("an Idempotency-Key replays the first response (one key created); another body with it is a 409", async () => {
    const org = await h.org("stall", { custodial: false });
    const headers = { "idempotency-key": "new-key-1" };
    const first = await h.call("POST", "/v1/keys", { key: org.key, json: { generate: "Ed25519" }, headers });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const second = await h.call("POST", "/v1/keys", { key: org.key, json: { generate: "Ed25519" }, headers });
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.body).toEqual(first.body);
    expect(await count(h, "signing_keys", `org_id = '${org.id}'`)).toBe(1);
    expectProblem(await h.call("POST", "/v1/keys", { key: org.key, json: { generate: "ES256" }, headers }), 409, "idempotency-key-reused");
    expect(await count(h, "signing_keys", `org_id = '${org.id}'`)).toBe(1);
  });
});

describe("POST /v1/keys/{keyIndex}/revoke", () => {
  it("revokes a key: it leaves the JWKS, vouchers it signed scan as invalid (key-revoked), and issuing needs a new custodial key", async () => {
    const org = await h.org("wholesaler");
    const [custodial] = (await h.call("GET", "/v1/keys", { key: org.key })).body.keys;
    const batch = await createBatch(h, org, vegetableBatch());
    const voucher = await issue(h, org, { batchCode: batch.code, netWeightGrams: 500 });
    expect((await scan(h, voucher.url)).body.state).toBe("valid");

    const revoked = await h.call("POST", `/v1/keys/${custodial.keyIndex}/revoke`, { key: org.key });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ keyIndex: custodial.keyIndex, orgId: org.id, revokedAt: expect.any(String) });
    expect(await jwksIndexes()).not.toContain(custodial.keyIndex);
    const listed = (await h.call("GET", "/v1/keys", { key: org.key })).body.keys[0];
    expect(listed.revokedAt).toBe(revoked.body.revokedAt);

    const after = await scan(h, voucher.url);
    expect(after.status).toBe(200);
    expect(after.body.state).toBe("invalid");
    expect(after.body.verification).toMatchObject({ valid: false, error: { code: "key-revoked" } });
    expect((await h.call("GET", `${new URL(voucher.url).pathname}?lang=en`)).text).toContain("key-revoked");

    const refused = await h.call("POST", "/v1/vouchers", { key: org.key, json: { batchCode: batch.code } });
    expectProblem(refused, 409, "conflict");
    expect(refused.body.detail).toMatch(/custodial/);
    expect(await count(h, "vouchers", `org_id = '${org.id}'`)).toBe(1);

    const fresh = await h.call("POST", "/v1/keys", { key: org.key, json: { generate: "Ed25519" } });
    const next = await issue(h, org, { batchCode: batch.code });
    expect(next.keyIndex).toBe(fresh.body.keyIndex);
    expect((await scan(h, next.url)).body.state).toBe("valid");
    // the old voucher stays invalid
    expect((await scan(h, voucher.url)).body.state).toBe("invalid");
  });

  it("revoking twice, an unknown index or another organisation's key is a 404 (and that key keeps working)", async () => {
    const org = await h.org("wholesaler");
    const victim = await h.org("wholesaler");
    const [victimKey] = (await h.call("GET", "/v1/keys", { key: victim.key })).body.keys;
    expectProblem(await h.call("POST", `/v1/keys/${victimKey.keyIndex}/revoke`, { key: org.key }), 404, "not-found");
    expect(await jwksIndexes()).toContain(victimKey.keyIndex);
    const batch = await createBatch(h, victim, vegetableBatch());
    expect((await scan(h, (await issue(h, victim, { batchCode: batch.code })).url)).body.state).toBe("valid");

    expectProblem(await h.call("POST", "/v1/keys/99999/revoke", { key: org.key }), 404, "not-found");
    const [own] = (await h.call("GET", "/v1/keys", { key: org.key })).body.keys;
    expect((await h.call("POST", `/v1/keys/${own.keyIndex}/revoke`, { key: org.key })).status).toBe(200);
    expectProblem(await h.call("POST", `/v1/keys/${own.keyIndex}/revoke`, { key: org.key }), 404, "not-found");
    expectProblem(await h.call("POST", "/v1/keys/not-a-number/revoke", { key: org.key }), 400, "invalid-request");
  });

  it("needs keys:write, and a key", async () => {
    const org = await h.org("wholesaler", { scopes: ["read", "vouchers:write"] });
    const [own] = (await h.call("GET", "/v1/keys", { key: org.key })).body.keys;
    expectProblem(await h.call("POST", `/v1/keys/${own.keyIndex}/revoke`, { key: org.key }), 403, "forbidden");
    expectProblem(await h.call("POST", `/v1/keys/${own.keyIndex}/revoke`), 401, "unauthenticated");
    expect((await h.call("GET", "/v1/keys", { key: org.key })).body.keys[0].revokedAt).toBeNull();
  });
});
