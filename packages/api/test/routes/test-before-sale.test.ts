import { generateKeyPair } from "@shian/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, enzymeTest, type Harness, type TestOrg, vegetableBatch } from "../harness";
import { count, createBatch, expectProblem, issue, signLocally } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const setPolicy = (market: TestOrg, enabled: boolean) => h.call("PUT", "/v1/test-before-sale", { key: market.key, json: { enabled } });
const test = (org: TestOrg, code: string, value: number) => h.call("POST", `/v1/batches/${code}/rapid-tests`, { key: org.key, json: enzymeTest(value) });
const bulk = (org: TestOrg, items: unknown[]) =>
  h.call("POST", "/v1/vouchers/bulk", { key: org.key, body: items.map((item) => JSON.stringify(item)).join("\n"), headers: { "content-type": "application/x-ndjson" } });
const lines = (text: string) => text.trim().split("\n").map((line) => JSON.parse(line));

async function marketWithPolicy() {
  const market = await h.org("wholesale-market");
  const trader = await h.org("wholesaler", { marketId: market.id });
  const reply = await setPolicy(market, true);
  expect(reply.status, reply.text).toBe(200);
  expect(reply.body).toMatchObject({ marketOrgId: market.id, enabled: true });
  return { market, trader };
}

describe("test-before-sale (入场批批检)", () => {
  it("refuses a custodial voucher for an untested batch with 409 test-required until a passing result is in", async () => {
    const { market, trader } = await marketWithPolicy();
    const batch = await createBatch(h, trader, vegetableBatch());
    expectProblem(await h.call("POST", "/v1/vouchers", { key: trader.key, json: { batchCode: batch.code } }), 409, "test-required");
    expect(await count(h, "vouchers")).toBe(0);
    // suspicious is not a pass
    const suspicious = await h.call("POST", `/v1/batches/${batch.code}/rapid-tests`, { key: market.key, json: { ...enzymeTest(45), threshold: { comparator: "gte", value: 50, unit: "%", suspiciousFrom: 40 } } });
    expect(suspicious.body.test.outcome).toBe("suspicious");
    expect((await h.call("POST", "/v1/vouchers", { key: trader.key, json: { batchCode: batch.code } })).body.code).toBe("test-required");
    expect((await test(market, batch.code, 12)).status).toBe(201);
    const voucher = await issue(h, trader, { batchCode: batch.code });
    expect(voucher.claims.rapidTest).toBe("pass");
    // a voucher without a batch is not goods of a batch: not gated
    expect((await h.call("POST", "/v1/vouchers", { key: trader.key, json: { netWeightGrams: 10 } })).status).toBe(201);
  });

  it("a lot split from a tested batch, and a buyer's batch bought from it in the market, count as tested", async () => {
    const { market, trader } = await marketWithPolicy();
    const stall = await h.org("stall", { marketId: market.id });
    const batch = await createBatch(h, trader, vegetableBatch(1_000));
    expect((await test(trader, batch.code, 5)).status).toBe(201);
    const [lot] = (await h.call("POST", `/v1/batches/${batch.code}/split`, { key: trader.key, json: { children: [{ quantity: 1_000 }] } })).body.children;
    const sale = await issue(h, trader, { batchCode: lot.code, buyerOrgId: stall.id });
    const bought = await createBatch(h, stall, { ...vegetableBatch(1_000), sourceVoucherCode: sale.code });
    expect((await issue(h, stall, { batchCode: bought.code })).claims.batchCode).toBe(bought.code);
    // but a stall's own untested batch is refused
    const own = await createBatch(h, stall, vegetableBatch());
    expectProblem(await h.call("POST", "/v1/vouchers", { key: stall.key, json: { batchCode: own.code } }), 409, "test-required");
  });

  it("bulk refuses the untested items per item with test-required and issues the rest", async () => {
    const { market, trader } = await marketWithPolicy();
    const tested = await createBatch(h, trader, vegetableBatch());
    const untested = await createBatch(h, trader, vegetableBatch());
    expect((await test(market, tested.code, 3)).status).toBe(201);
    const reply = await bulk(trader, [
      { idempotencyKey: "a", batchCode: tested.code, netWeightGrams: 500 },
      { idempotencyKey: "b", batchCode: untested.code, netWeightGrams: 500 },
      { idempotencyKey: "c", netWeightGrams: 500 },
      { idempotencyKey: "d", batchCode: untested.code, netWeightGrams: 250 },
    ]);
    expect(reply.status).toBe(200);
    const results = lines(reply.text);
    expect(results.map((line) => (line.ok ? "ok" : line.error.code))).toEqual(["ok", "test-required", "ok", "test-required"]);
    expect(results[1].error.message).toMatch(untested.code);
    expect(await count(h, "vouchers")).toBe(2);
    // retried after the test passed: the refused keys issue now, the others replay
    expect((await test(market, untested.code, 3)).status).toBe(201);
    const retry = lines((await bulk(trader, [{ idempotencyKey: "a", batchCode: tested.code, netWeightGrams: 500 }, { idempotencyKey: "b", batchCode: untested.code, netWeightGrams: 500 }])).text);
    expect(retry.map((line) => [line.ok, line.created])).toEqual([[true, false], [true, true]]);
  });

  it("a voucher signed locally for an untested batch is refused on registration, single and bulk", async () => {
    const { trader } = await marketWithPolicy();
    const batch = await createBatch(h, trader, vegetableBatch());
    const pair = await generateKeyPair();
    const key = await h.call("POST", "/v1/keys", { key: trader.key, json: { publicJwk: pair.publicJwk } });
    const local = await signLocally(pair.privateJwk, key.body.keyIndex, trader.namespace, 9_000, { batchCode: batch.code });
    expectProblem(await h.call("POST", "/v1/vouchers", { key: trader.key, json: { url: local.url } }), 409, "test-required");
    expect(lines((await bulk(trader, [{ idempotencyKey: "x", url: local.url }])).text)[0]).toMatchObject({ ok: false, error: { code: "test-required" } });
    expect(await count(h, "vouchers")).toBe(0);
  });

  it("applies only to the market's traders and only while on; only a market manager sets it", async () => {
    const { market, trader } = await marketWithPolicy();
    const outsider = await h.org("wholesaler");
    const elsewhere = await h.org("wholesaler", { marketId: (await h.org("wholesale-market")).id });
    for (const org of [outsider, elsewhere]) {
      const batch = await createBatch(h, org, vegetableBatch());
      expect((await h.call("POST", "/v1/vouchers", { key: org.key, json: { batchCode: batch.code } })).status).toBe(201);
    }
    for (const org of [trader, outsider, await h.org("regulator")]) expectProblem(await setPolicy(org, false), 403, "forbidden");
    expect((await h.call("GET", "/v1/test-before-sale", { key: trader.key })).body).toMatchObject({ marketOrgId: market.id, enabled: true });
    expectProblem(await h.call("PUT", "/v1/test-before-sale", { key: market.key, json: { enabled: "yes" } }), 400, "invalid-request");
    expect((await setPolicy(market, false)).body.enabled).toBe(false);
    const batch = await createBatch(h, trader, vegetableBatch());
    expect((await h.call("POST", "/v1/vouchers", { key: trader.key, json: { batchCode: batch.code } })).status).toBe(201);
  });
});
