import { formatTraceCode, parseTraceCode } from "@shian/schemas";
import { createOfflineVerifier, decodeVoucher, generateKeyPair, MAX_STATUS_ENTRIES } from "@shian/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, enzymeTest, type Harness, type TestOrg, vegetableBatch } from "../harness";
import { count, createBatch, expectProblem, issue, scan, signLocally, VOUCHER_BASE } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const post = (org: TestOrg | undefined, json: unknown, headers?: Record<string, string>) => h.call("POST", "/v1/vouchers", { ...(org ? { key: org.key } : {}), json, ...(headers ? { headers } : {}) });

/** Registers a public key for the org through the API and returns the private half with its key index. */
async function localKey(org: TestOrg) {
  const pair = await generateKeyPair();
  const reply = await h.call("POST", "/v1/keys", { key: org.key, json: { publicJwk: pair.publicJwk } });
  expect(reply.status, reply.text).toBe(201);
  expect(reply.body.custodial).toBe(false);
  return { privateJwk: pair.privateJwk, keyIndex: reply.body.keyIndex as number };
}

describe("POST /v1/vouchers (custodial signing)", () => {
  it("signs a sale voucher with the custodial key, claims filled from the batch; it scans as valid", async () => {
    const org = await h.org("wholesaler");
    const buyer = await h.org("stall");
    const [custodial] = (await h.call("GET", "/v1/keys", { key: org.key })).body.keys;
    const batch = await createBatch(h, org, vegetableBatch());
    const reply = await post(org, { batchCode: batch.code, netWeightGrams: 12_500, unitPriceFen: 800, buyerOrgId: buyer.id });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      type: "sale",
      orgId: org.id,
      batchCode: batch.code,
      buyerOrgId: buyer.id,
      keyIndex: custodial.keyIndex,
      status: "valid",
      claims: { type: "sale", batchCode: batch.code, originRegion: "530424", productCategory: "vegetable", rapidTest: "not-tested", netWeightGrams: 12_500, unitPriceFen: 800 },
    });
    expect(reply.body.code).toBe(formatTraceCode({ namespace: org.namespace, serial: 2 }));
    expect(reply.body.url.startsWith(VOUCHER_BASE)).toBe(true);
    const decoded = decodeVoucher(reply.body.url);
    expect(decoded.keyIndex).toBe(custodial.keyIndex);
    expect(decoded.claims.code).toBe(reply.body.code);
    const scanned = await scan(h, reply.body.url);
    expect(scanned.body).toMatchObject({ state: "valid", voucher: { code: reply.body.code }, issuer: { id: org.id, role: "wholesaler" }, batch: { code: batch.code } });
    expect(await count(h, "vouchers")).toBe(1);
  });

  it("issues a voucher without a batch", async () => {
    const org = await h.org("supermarket");
    const reply = await post(org, { quantity: 3, gtin: "06901234567892" });
    expect(reply.status, reply.text).toBe(201);
    expect(reply.body.batchCode).toBeNull();
    expect(reply.body.claims).toMatchObject({ quantity: 3 });
    expect((await scan(h, reply.body.url)).body.state).toBe("valid");
  });

  it("issuing for another organisation's batch is a 403 (both ways), and nothing is stored", async () => {
    const a = await h.org("wholesaler");
    const b = await h.org("wholesaler");
    const batchA = await createBatch(h, a, vegetableBatch());
    const batchB = await createBatch(h, b, vegetableBatch());
    expectProblem(await post(b, { batchCode: batchA.code }), 403, "forbidden");
    expectProblem(await post(a, { batchCode: batchB.code }), 403, "forbidden");
    // not even the market manager or a regulator signs for someone else's batch
    const market = await h.org("wholesale-market");
    expectProblem(await post(market, { batchCode: batchA.code }), 403, "forbidden");
    expect(await count(h, "vouchers")).toBe(0);
  });

  it("roles: a stall may not issue a merchant voucher, a restaurant issues nothing, a regulator issues merchant codes", async () => {
    const stall = await h.org("stall");
    const merchant = await post(stall, { type: "merchant" });
    expectProblem(merchant, 403, "forbidden");
    expect(merchant.body.detail).toMatch(/stall organisations may not issue merchant/);
    const restaurant = await h.org("restaurant");
    expectProblem(await post(restaurant, { netWeightGrams: 100 }), 403, "forbidden");
    const regulator = await h.org("regulator");
    expectProblem(await post(regulator, { type: "sale" }), 403, "forbidden");
    expect(await count(h, "vouchers")).toBe(0);
    const code = await post(regulator, { type: "merchant" });
    expect(code.status).toBe(201);
    expect(code.body.type).toBe("merchant");
    expect((await scan(h, code.body.url)).body.state).toBe("valid");
  });

  it("a recalled or suspended batch gets no vouchers (409)", async () => {
    const org = await h.org("wholesaler");
    const regulator = await h.org("regulator");
    const recalled = await createBatch(h, org, vegetableBatch());
    const suspended = await createBatch(h, org, vegetableBatch());
    await h.call("POST", `/v1/batches/${recalled.code}/recall`, { key: org.key, json: { reason: "other", level: "level-3" } });
    await h.call("POST", `/v1/batches/${suspended.code}/rapid-tests`, { key: regulator.key, json: enzymeTest(90) });
    const r = await post(org, { batchCode: recalled.code });
    expectProblem(r, 409, "conflict");
    expect(r.body.detail).toMatch(/recalled/);
    const s = await post(org, { batchCode: suspended.code });
    expectProblem(s, 409, "conflict");
    expect(s.body.detail).toMatch(/suspended/);
    expect(await count(h, "vouchers")).toBe(0);
  });

  it("an unknown batch is a 404, a malformed code or body a 400 with issues", async () => {
    const org = await h.org("wholesaler");
    expectProblem(await post(org, { batchCode: formatTraceCode({ namespace: org.namespace, serial: 40 }) }), 404, "not-found");
    expectProblem(await post(org, { batchCode: "nope" }), 400, "invalid-request");
    for (const json of [{ netWeightGrams: -1 }, { type: "gift" }, { netWeightGrams: 1, colour: "red" }, { expiresAt: "next week" }]) {
      const reply = await post(org, json);
      expectProblem(reply, 400, "invalid-request");
      expect(reply.body.issues.length).toBeGreaterThan(0);
    }
    expect(await count(h, "vouchers")).toBe(0);
  });

  it("needs vouchers:write; no key is 401", async () => {
    const org = await h.org("wholesaler", { scopes: ["read", "batches:write"] });
    const denied = await post(org, { netWeightGrams: 1 });
    expectProblem(denied, 403, "forbidden");
    expect(denied.body.detail).toMatch(/vouchers:write/);
    expectProblem(await post(undefined, { netWeightGrams: 1 }), 401, "unauthenticated");
    expect(await count(h, "vouchers")).toBe(0);
  });

  it("a replayed Idempotency-Key returns the same voucher and stores one; another body is a 409", async () => {
    const org = await h.org("wholesaler");
    const batch = await createBatch(h, org, vegetableBatch());
    const headers = { "idempotency-key": "till-7-000001" };
    const first = await post(org, { batchCode: batch.code, netWeightGrams: 500 }, headers);
    expect(first.status).toBe(201);
    const replay = await post(org, { batchCode: batch.code, netWeightGrams: 500 }, headers);
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(first.body);
    expect(await count(h, "vouchers")).toBe(1);
    const reused = await post(org, { batchCode: batch.code, netWeightGrams: 501 }, headers);
    expectProblem(reused, 409, "idempotency-key-reused");
    expect(await count(h, "vouchers")).toBe(1);
  });
});

describe("POST /v1/vouchers (registering a URL signed locally with the SDK)", () => {
  it("registers a voucher signed with a key registered through POST /v1/keys; it scans as valid", async () => {
    const org = await h.org("stall", { custodial: false });
    const { privateJwk, keyIndex } = await localKey(org);
    const batch = await createBatch(h, org, vegetableBatch());
    const signed = await signLocally(privateJwk, keyIndex, org.namespace, 2, { batchCode: batch.code });
    const reply = await post(org, { url: signed.url });
    expect(reply.status, reply.text).toBe(201);
    expect(reply.body).toMatchObject({ code: formatTraceCode({ namespace: org.namespace, serial: 2 }), url: signed.url, orgId: org.id, keyIndex, batchCode: batch.code, status: "valid", claims: { netWeightGrams: 500 } });
    expect((await h.call("GET", `/v1/vouchers/${reply.body.code}`, { key: org.key })).body.url).toBe(signed.url);
    expect((await scan(h, signed.url)).body).toMatchObject({ state: "valid", voucher: { code: reply.body.code }, batch: { code: batch.code } });
    // the same URL again is a conflict, not a second row
    expectProblem(await post(org, { url: signed.url }), 409, "conflict");
    expect(await count(h, "vouchers")).toBe(1);
  });

  it("a voucher signed by another organisation's key is a 403", async () => {
    const thief = await h.org("stall");
    const victim = await h.org("stall", { custodial: false });
    const { privateJwk, keyIndex } = await localKey(victim);
    const signed = await signLocally(privateJwk, keyIndex, victim.namespace, 5);
    const reply = await post(thief, { url: signed.url });
    expectProblem(reply, 403, "forbidden");
    expect(reply.body.detail).toMatch(/another organisation's key/);
    // a voucher the victim signed for itself but naming the thief's batch: 403 too
    const thiefBatch = await createBatch(h, thief, vegetableBatch());
    const foreign = await signLocally(privateJwk, keyIndex, victim.namespace, 6, { batchCode: thiefBatch.code });
    expectProblem(await post(victim, { url: foreign.url }), 403, "forbidden");
    expect(await count(h, "vouchers")).toBe(0);
  });

  it("a tampered signature, an unknown key, a foreign namespace, another host or garbage is a 400", async () => {
    const org = await h.org("stall", { custodial: false });
    const other = await h.org("stall");
    const { privateJwk, keyIndex } = await localKey(org);
    const signed = await signLocally(privateJwk, keyIndex, org.namespace, 3);
    const last = Number(signed.url.at(-1));
    const tampered = `${signed.url.slice(0, -1)}${(last + 1) % 10}`;
    const bad = await post(org, { url: tampered });
    expectProblem(bad, 400, "bad-signature");

    const unregistered = await generateKeyPair();
    expectProblem(await post(org, { url: (await signLocally(unregistered.privateJwk, 4242, org.namespace, 3)).url }), 400, "unknown-key");
    const namespace = await post(org, { url: (await signLocally(privateJwk, keyIndex, other.namespace, 3)).url });
    expect(namespace.status).toBe(400);
    expect(namespace.body.code).toBe("namespace-not-allowed");
    const elsewhere = signed.url.replace("http://localhost:8787/v/", "https://evil.example/v/");
    expectProblem(await post(org, { url: elsewhere }), 400, "invalid-voucher");
    const garbage = await post(org, { url: `${VOUCHER_BASE}12345` });
    expect(garbage.status).toBe(400);
    expect(await count(h, "vouchers")).toBe(0);
    // the untampered one still registers
    expect((await post(org, { url: signed.url })).status).toBe(201);
  });

  it("a registered voucher's status reaches the scan and the signed status list even beyond the namespace's counter", async () => {
    const org = await h.org("stall", { custodial: false });
    const { privateJwk, keyIndex } = await localKey(org);
    const batch = await createBatch(h, org, vegetableBatch());
    const signed = await signLocally(privateJwk, keyIndex, org.namespace, 500, { batchCode: batch.code });
    expect((await post(org, { url: signed.url })).status).toBe(201);
    expect((await h.call("POST", `/v1/batches/${batch.code}/recall`, { key: org.key, json: { reason: "other", level: "level-3" } })).status).toBe(201);
    expect((await scan(h, signed.url)).body.state).toBe("recalled");
    const list = await h.call("GET", `/status-lists/${org.namespace}`);
    expect(list.status, list.text).toBe(200);
    const anchors = (await h.call("GET", "/trust-bundle/authority.json")).body.keys;
    const verifier = await createOfflineVerifier({ trustAnchors: anchors, bundle: (await h.call("GET", "/trust-bundle")).text, statusLists: [list.text] });
    const offline = await verifier.verify(signed.url);
    expect(offline.valid).toBe(false);
    expect(offline.error?.code).toBe("recalled");
  });
});

describe("registered serials and the namespace's counter", () => {
  const serialOf = (code: string) => {
    const parsed = parseTraceCode(code);
    if (!parsed.ok) throw new Error(`${code} is not a trace code`);
    return parsed.parts.serial;
  };

  it("registering a voucher with serial S moves the counter past S: the next custodial voucher gets a larger serial, and both scan as valid", async () => {
    const org = await h.org("wholesaler");
    const { privateJwk, keyIndex } = await localKey(org);
    const signed = await signLocally(privateJwk, keyIndex, org.namespace, 90_000);
    const registered = await post(org, { url: signed.url });
    expect(registered.status, registered.text).toBe(201);
    expect(serialOf(registered.body.code)).toBe(90_000);

    const issued = await issue(h, org, { netWeightGrams: 250 });
    expect(serialOf(issued.code)).toBe(90_001);
    // a batch shares the namespace's serials: it comes after both
    const batch = await createBatch(h, org, vegetableBatch());
    expect(serialOf(batch.code)).toBe(90_002);
    // a lower registered serial never moves the counter back
    const lower = await signLocally(privateJwk, keyIndex, org.namespace, 50_000);
    expect((await post(org, { url: lower.url })).status).toBe(201);
    expect(serialOf((await issue(h, org, { netWeightGrams: 1 })).code)).toBe(90_003);

    for (const url of [signed.url, issued.url, lower.url]) expect((await scan(h, url)).body.state, url).toBe("valid");
    expect(await count(h, "vouchers")).toBe(4);
  });

  it("the same holds for vouchers registered through the bulk route", async () => {
    const org = await h.org("wholesaler");
    const { privateJwk, keyIndex } = await localKey(org);
    const a = await signLocally(privateJwk, keyIndex, org.namespace, 7_000);
    const b = await signLocally(privateJwk, keyIndex, org.namespace, 7_500);
    const body = [
      { idempotencyKey: "a", url: a.url },
      { idempotencyKey: "custodial", netWeightGrams: 10 },
      { idempotencyKey: "b", url: b.url },
    ]
      .map((item) => JSON.stringify(item))
      .join("\n");
    const reply = await h.call("POST", "/v1/vouchers/bulk", { key: org.key, body, headers: { "content-type": "application/x-ndjson" } });
    expect(reply.status).toBe(200);
    const results = reply.text.trim().split("\n").map((line) => JSON.parse(line));
    expect(results.every((result) => result.ok)).toBe(true);
    // the custodial item in the same chunk got its serial before the chunk was stored
    const custodialSerial = serialOf(results[1].voucher.code);
    expect(custodialSerial).toBeLessThan(7_000);
    const next = await issue(h, org, { netWeightGrams: 1 });
    expect(serialOf(next.code)).toBe(7_501);
    for (const url of [a.url, b.url, next.url, results[1].voucher.url]) expect((await scan(h, url)).body.state, url).toBe("valid");
  });

  it("a bulk chunk larger than one multi-row INSERT is stored in full; the retry creates nothing new", async () => {
    const org = await h.org("wholesaler");
    const batch = await createBatch(h, org, vegetableBatch());
    const body = Array.from({ length: 60 }, (_, i) => JSON.stringify({ idempotencyKey: `k-${i}`, batchCode: batch.code, netWeightGrams: 100 + i })).join("\n");
    const send = async () => {
      const reply = await h.call("POST", "/v1/vouchers/bulk", { key: org.key, body, headers: { "content-type": "application/x-ndjson" } });
      expect(reply.status).toBe(200);
      return reply.text.trim().split("\n").map((line) => JSON.parse(line));
    };
    const first = await send();
    expect(first.map((result) => [result.ok, result.created])).toEqual(first.map(() => [true, true]));
    expect(first[59].voucher.claims).toMatchObject({ batchCode: batch.code, netWeightGrams: 159 });
    expect(await count(h, "vouchers")).toBe(60);
    const retry = await send();
    expect(retry.map((result) => [result.ok, result.created, result.voucher.code])).toEqual(first.map((result) => [true, false, result.voucher.code]));
    expect(await count(h, "vouchers")).toBe(60);
    expect((await scan(h, first[59].voucher.url)).body.state).toBe("valid");
  });

  it("a bulk body over maxBulkBytes: a declared length is a 413; a streamed one ends with a payload-too-large line, and only the lines answered ok are stored", async () => {
    const small = await createHarness({ maxBulkBytes: 4_000, bulkChunkSize: 10 });
    try {
      const org = await small.org("wholesaler");
      const batch = await createBatch(small, org, vegetableBatch());
      const body = Array.from({ length: 100 }, (_, i) => JSON.stringify({ idempotencyKey: `big-${i}`, batchCode: batch.code, netWeightGrams: 100 })).join("\n");
      expect(body.length).toBeGreaterThan(4_000);
      const declared = await small.call("POST", "/v1/vouchers/bulk", { key: org.key, body, headers: { "content-type": "application/x-ndjson", "content-length": String(body.length) } });
      expectProblem(declared, 413, "payload-too-large");
      const streamed = await small.call("POST", "/v1/vouchers/bulk", { key: org.key, body, headers: { "content-type": "application/x-ndjson" } });
      const lines = streamed.text.trim().split("\n").map((line) => JSON.parse(line));
      expect(lines.at(-1)).toMatchObject({ ok: false, error: { code: "payload-too-large" } });
      const stored = lines.filter((line) => line.ok);
      expect(stored.length).toBeLessThan(100);
      expect(await count(small, "vouchers")).toBe(stored.length);
    } finally {
      small.close();
    }
  });

  it("a registered serial no status list can cover is a 400, and the counter stays put", async () => {
    const org = await h.org("wholesaler");
    const { privateJwk, keyIndex } = await localKey(org);
    const tooHigh = await signLocally(privateJwk, keyIndex, org.namespace, MAX_STATUS_ENTRIES);
    const reply = await post(org, { url: tooHigh.url });
    expectProblem(reply, 400, "invalid-voucher");
    expect(reply.body.detail).toMatch(/serial/);
    expect(await count(h, "vouchers")).toBe(0);
    const highest = await signLocally(privateJwk, keyIndex, org.namespace, MAX_STATUS_ENTRIES - 1);
    expect(serialOf((await issue(h, org, { netWeightGrams: 1 })).code)).toBe(1);
    expect((await post(org, { url: highest.url })).status).toBe(201);
    // the namespace's status list still signs
    expect((await h.call("GET", `/status-lists/${org.namespace}`)).status).toBe(200);
  });
});

describe("GET /v1/vouchers/{code}", () => {
  it("the seller, the buyer, the seller's market manager and regulators may read it; others get 403", async () => {
    const market = await h.org("wholesale-market");
    const seller = await h.org("wholesaler", { marketId: market.id });
    const buyer = await h.org("stall", { marketId: market.id });
    const neighbour = await h.org("stall", { marketId: market.id });
    const otherMarket = await h.org("wholesale-market");
    const regulator = await h.org("regulator");
    const batch = await createBatch(h, seller, vegetableBatch());
    const voucher = await issue(h, seller, { batchCode: batch.code, buyerOrgId: buyer.id, netWeightGrams: 900 });
    for (const reader of [seller, buyer, market, regulator]) {
      const reply = await h.call("GET", `/v1/vouchers/${voucher.code}`, { key: reader.key });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ code: voucher.code, url: voucher.url, orgId: seller.id, buyerOrgId: buyer.id, status: "valid", claims: { netWeightGrams: 900 } });
    }
    for (const stranger of [neighbour, otherMarket]) {
      const reply = await h.call("GET", `/v1/vouchers/${voucher.code}`, { key: stranger.key });
      expectProblem(reply, 403, "forbidden");
      expect(reply.text).not.toContain(voucher.url);
    }
    // and the other way: the seller may not read the neighbour's voucher
    const theirs = await issue(h, neighbour, { netWeightGrams: 1 });
    expectProblem(await h.call("GET", `/v1/vouchers/${theirs.code}`, { key: seller.key }), 403, "forbidden");
  });

  it("404 for an unknown or malformed code; 401 without a key", async () => {
    const org = await h.org("wholesaler");
    const voucher = await issue(h, org, { netWeightGrams: 1 });
    expectProblem(await h.call("GET", `/v1/vouchers/${formatTraceCode({ namespace: org.namespace, serial: 77 })}`, { key: org.key }), 404, "not-found");
    expectProblem(await h.call("GET", "/v1/vouchers/garbage", { key: org.key }), 404, "not-found");
    expectProblem(await h.call("GET", `/v1/vouchers/${voucher.code}`), 401, "unauthenticated");
  });
});
