import { createOfflineVerifier, generateKeyPair, verifyStatusList, verifyTrustBundle } from "@shian/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, enzymeTest, type Harness, type TestOrg, vegetableBatch } from "../harness";
import { createBatch, expectProblem, issue, pathOf, scan } from "./helpers";

let h: Harness;
let seller: TestOrg;
let batchCode: string;
beforeEach(async () => {
  h = await createHarness();
  seller = await h.org("wholesaler");
  batchCode = (await createBatch(h, seller, vegetableBatch())).code;
});
afterEach(() => h.close());

const anchors = async () => (await h.call("GET", "/trust-bundle/authority.json")).body.keys;

describe("GET /.well-known/jwks.json", () => {
  it("lists every active issuer key's public half with its key index, no auth needed", async () => {
    const [own] = (await h.call("GET", "/v1/keys", { key: seller.key })).body.keys;
    const reply = await h.call("GET", "/.well-known/jwks.json");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("cache-control")).toMatch(/public/);
    const keys = reply.body.keys as Array<Record<string, unknown>>;
    const mine = keys.find((key) => key.key_index === own.keyIndex);
    expect(mine).toMatchObject({ kty: "OKP", crv: "Ed25519", x: own.publicJwk.x, kid: own.kid });
    for (const key of keys) {
      expect(key).not.toHaveProperty("d");
      expect(typeof key.key_index).toBe("number");
    }
    // a newly registered key shows up
    const pair = await generateKeyPair("ES256");
    const added = await h.call("POST", "/v1/keys", { key: seller.key, json: { publicJwk: pair.publicJwk } });
    const after = (await h.call("GET", "/.well-known/jwks.json")).body.keys as Array<Record<string, unknown>>;
    expect(after.find((key) => key.key_index === added.body.keyIndex)).toMatchObject({ kty: "EC", x: pair.publicJwk.x });
  });
});

describe("GET /trust-bundle and /trust-bundle/authority.json", () => {
  it("serves a bundle signed by the authority key that verifies vouchers offline with the SDK", async () => {
    const voucher = await issue(h, seller, { batchCode, netWeightGrams: 500 });
    const authority = await h.call("GET", "/trust-bundle/authority.json");
    expect(authority.status).toBe(200);
    expect(authority.body.keys).toHaveLength(1);
    expect(authority.body.keys[0]).not.toHaveProperty("d");
    const bundle = await h.call("GET", "/trust-bundle");
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toBe("application/jose");
    expect(bundle.headers.get("etag")).toMatch(/^".+"$/);
    expect(bundle.text.split(".")).toHaveLength(3);

    const content = await verifyTrustBundle(bundle.text, authority.body.keys);
    const issuer = content.issuers.find((candidate) => candidate.id === seller.id);
    expect(issuer).toMatchObject({ roles: ["wholesaler"], namespaces: [seller.namespace] });
    expect(content.resolverHosts).toEqual(["localhost:8787"]);

    const verifier = await createOfflineVerifier({ trustAnchors: authority.body.keys, bundle: bundle.text });
    const offline = await verifier.verify(voucher.url);
    expect(offline.valid).toBe(true);
    expect(offline.issuer?.id).toBe(seller.id);

    // another anchor does not trust it
    const stranger = await generateKeyPair();
    await expect(createOfflineVerifier({ trustAnchors: [stranger.publicJwk], bundle: bundle.text })).rejects.toMatchObject({ code: "untrusted-bundle" });
  });

  it("answers If-None-Match with 304, and a new ETag once an issuer or key changes", async () => {
    const first = await h.call("GET", "/trust-bundle");
    const etag = first.headers.get("etag")!;
    const notModified = await h.call("GET", "/trust-bundle", { headers: { "if-none-match": etag } });
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe("");
    expect(notModified.headers.get("etag")).toBe(etag);
    expect((await h.call("GET", "/trust-bundle", { headers: { "if-none-match": `"other", ${etag}` } })).status).toBe(304);
    expect((await h.call("GET", "/trust-bundle", { headers: { "if-none-match": '"stale"' } })).status).toBe(200);

    const [own] = (await h.call("GET", "/v1/keys", { key: seller.key })).body.keys;
    await h.call("POST", `/v1/keys/${own.keyIndex}/revoke`, { key: seller.key });
    const changed = await h.call("GET", "/trust-bundle", { headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    const content = await verifyTrustBundle(changed.text, await anchors());
    const revoked = content.issuers.find((issuer) => issuer.id === seller.id)!.keys.find((key) => key.keyIndex === own.keyIndex);
    expect(revoked?.revokedAt).toEqual(expect.any(String));
  });
});

describe("GET /status-lists/{namespace}", () => {
  it("serves the namespace's signed list with an ETag; If-None-Match → 304; a status change → new ETag and content", async () => {
    const voucher = await issue(h, seller, { batchCode });
    const first = await h.call("GET", `/status-lists/${seller.namespace}`);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("application/jose");
    const etag = first.headers.get("etag")!;
    expect(etag).toBeTruthy();
    const same = await h.call("GET", `/status-lists/${seller.namespace}`, { headers: { "if-none-match": etag } });
    expect(same.status).toBe(304);
    expect(same.text).toBe("");

    const trust = await createOfflineVerifier({ trustAnchors: await anchors(), bundle: (await h.call("GET", "/trust-bundle")).text, statusLists: [first.text] });
    expect((await trust.verify(voucher.url)).valid).toBe(true);

    const regulator = await h.org("regulator");
    await h.call("POST", `/v1/batches/${batchCode}/rapid-tests`, { key: regulator.key, json: enzymeTest(90) });
    const changed = await h.call("GET", `/status-lists/${seller.namespace}`, { headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    const newEtag = changed.headers.get("etag")!;
    expect(newEtag).not.toBe(etag);
    expect((await h.call("GET", `/status-lists/${seller.namespace}`, { headers: { "if-none-match": newEtag } })).status).toBe(304);

    const verifier = await createOfflineVerifier({ trustAnchors: await anchors(), bundle: (await h.call("GET", "/trust-bundle")).text, statusLists: [changed.text] });
    const offline = await verifier.verify(voucher.url);
    expect(offline.valid).toBe(false);
    expect(offline.error?.code).toBe("suspended");

    // the platform's regulator key signs it: the bundle lists that key
    const content = await verifyTrustBundle((await h.call("GET", "/trust-bundle")).text, await anchors());
    const platformKeys = content.issuers.find((issuer) => issuer.id === "platform")!.keys;
    const list = await verifyStatusList(changed.text, platformKeys[0]!.jwk);
    expect(list.content).toMatchObject({ namespace: seller.namespace });
    expect(list.statusOf(1)).toBe("suspended");
  });

  it("404 for a namespace nobody holds, 400 for one that is not a number", async () => {
    expectProblem(await h.call("GET", "/status-lists/999999"), 404, "not-found");
    const bad = await h.call("GET", "/status-lists/abc");
    expectProblem(bad, 400, "invalid-request");
    expect(bad.body.issues.length).toBeGreaterThan(0);
  });
});

describe("GET /v/{digits} (scan)", () => {
  it("answers JSON to Accept: application/json with the state and its evidence", async () => {
    const voucher = await issue(h, seller, { batchCode, netWeightGrams: 500 });
    const reply = await scan(h, voucher.url);
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
    expect(reply.headers.get("cache-control")).toBe("no-store");
    expect(reply.headers.get("vary")).toMatch(/Accept/);
    expect(reply.body).toMatchObject({
      state: "valid",
      url: voucher.url,
      verification: { valid: true },
      voucher: { code: voucher.code },
      issuer: { id: seller.id, role: "wholesaler" },
      batch: { code: batchCode },
      upstream: [],
      tests: [],
    });
  });

  it("reports the live status in verification.status and its status check, in step with state", async () => {
    const voucher = await issue(h, seller, { batchCode, netWeightGrams: 500 });
    const before = (await scan(h, voucher.url)).body;
    expect(before.verification.status).toBe("valid");
    expect(before.verification.checks.filter((c: { check: string }) => c.check === "status")).toEqual([{ check: "status", ok: true, detail: expect.stringContaining(`batch ${batchCode} valid`) }]);
    const regulator = await h.org("regulator");
    await h.call("POST", `/v1/batches/${batchCode}/rapid-tests`, { key: regulator.key, json: enzymeTest(90) });
    const after = (await scan(h, voucher.url)).body;
    expect(after.state).toBe("suspended");
    expect(after.verification.status).toBe("suspended");
    expect(after.verification.checks.find((c: { check: string }) => c.check === "status")).toMatchObject({ ok: false, detail: expect.stringContaining(`batch ${batchCode} suspended`) });
  });

  it("answers HTML by default in zh-CN; ?lang and Accept-Language pick the language", async () => {
    const voucher = await issue(h, seller, { batchCode });
    const path = pathOf(voucher.url);
    const zh = await h.call("GET", path);
    expect(zh.status).toBe(200);
    expect(zh.headers.get("content-type")).toMatch(/^text\/html/);
    expect(zh.text).toContain('<html lang="zh-CN">');
    expect(zh.text).toContain("凭证有效");
    expect(zh.text).toContain(`${path}?lang=en`);

    const en = await h.call("GET", `${path}?lang=en`);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain("Valid voucher");
    const header = await h.call("GET", path, { headers: { "accept-language": "en-GB,en;q=0.9" } });
    expect(header.text).toContain('<html lang="en">');
    const query = await h.call("GET", `${path}?lang=zh-CN`, { headers: { "accept-language": "en" } });
    expect(query.text).toContain('<html lang="zh-CN">');
    // a browser's Accept lists HTML: it gets the page, even with JSON in the list
    const browser = await h.call("GET", path, { headers: { accept: "text/html,application/xhtml+xml,application/json;q=0.9" } });
    expect(browser.headers.get("content-type")).toMatch(/^text\/html/);
  });

  it("?lang is case-insensitive (zh, zh-cn, ZH, en-US, EN); any other value falls back to Accept-Language, then zh-CN", async () => {
    const voucher = await issue(h, seller, { batchCode });
    const path = pathOf(voucher.url);
    const langOf = async (query: string, acceptLanguage?: string) => {
      const reply = await h.call("GET", `${path}?${query}`, acceptLanguage ? { headers: { "accept-language": acceptLanguage } } : {});
      expect(reply.status, `${query} / ${acceptLanguage}: ${reply.text}`).toBe(200);
      expect(reply.headers.get("content-type")).toMatch(/^text\/html/);
      return /<html lang="([^"]+)">/.exec(reply.text)?.[1];
    };
    for (const lang of ["zh", "zh-cn", "ZH", "ZH-CN", "zh-Hans-CN"]) expect(await langOf(`lang=${lang}`, "en"), lang).toBe("zh-CN");
    for (const lang of ["en", "EN", "en-US", "en-gb"]) expect(await langOf(`lang=${lang}`, "zh-CN"), lang).toBe("en");
    // unsupported values: Accept-Language decides, and without it the zh-CN default
    for (const lang of ["fr", "de-DE", "english", "", "zh_CN", "x".repeat(300)]) {
      expect(await langOf(`lang=${lang}`, "fr-FR,en;q=0.8"), lang).toBe("en");
      expect(await langOf(`lang=${lang}`, "en-US,zh-CN;q=0.9"), lang).toBe("en");
      expect(await langOf(`lang=${lang}`, "zh-TW,en;q=0.5"), lang).toBe("zh-CN");
      expect(await langOf(`lang=${lang}`), lang).toBe("zh-CN");
    }
    // a repeated ?lang counts by its first value
    expect(await langOf("lang=en&lang=zh-CN")).toBe("en");
    expect(await langOf("lang=fr&lang=zh-CN", "en")).toBe("en");
    // the JSON answer ignores the language, and never rejects it
    const json = await h.call("GET", `${path}?lang=fr`, { headers: { accept: "application/json" } });
    expect(json.status).toBe(200);
    expect(json.body.state).toBe("valid");
    // errors follow the same rule for their zh-CN words
    expect((await h.call("GET", "/v/12ab?lang=fr", { headers: { "accept-language": "zh-CN" } })).body["detail_zh-CN"]).toBe("无法识别该凭证。");
    expect((await h.call("GET", "/v/12ab?lang=ZH")).body["detail_zh-CN"]).toBe("无法识别该凭证。");
    expect((await h.call("GET", "/v/12ab?lang=en", { headers: { "accept-language": "zh-CN" } })).body).not.toHaveProperty("detail_zh-CN");
  });

  it("a forged or unknown voucher scans as invalid; a path that is not digits is a 400", async () => {
    const voucher = await issue(h, seller, { batchCode });
    const last = Number(voucher.url.at(-1));
    const forged = await scan(h, `${voucher.url.slice(0, -1)}${(last + 1) % 10}`);
    expect(forged.status).toBe(200);
    expect(forged.body).toMatchObject({ state: "invalid", verification: { valid: false, error: { code: "bad-signature" } } });
    expect(forged.body).not.toHaveProperty("voucher");
    const html = await h.call("GET", `${pathOf(voucher.url).slice(0, -1)}${(last + 1) % 10}`);
    expect(html.text).toContain('data-state="invalid"');
    expect((await scan(h, "http://localhost:8787/v/12345")).body.state).toBe("invalid");
    expectProblem(await h.call("GET", "/v/12ab"), 400, "invalid-voucher");
    expectProblem(await h.call("GET", "/v/0123"), 400, "invalid-voucher");
  });
});
