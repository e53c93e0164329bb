import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, enzymeTest, type Harness, vegetableBatch } from "./harness";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const digitsOf = (url: string) => url.slice("http://localhost:8787".length);

describe("end-to-end flow", () => {
  it("batch → split → vouchers → buyer batch → recall reaches every descendant voucher's scan at once", async () => {
    const market = await h.org("wholesale-market");
    const seller = await h.org("wholesaler", { marketId: market.id });
    const stall = await h.org("stall", { marketId: market.id });
    const batch = await h.call("POST", "/v1/batches", { key: seller.key, json: vegetableBatch(1_000) });
    expect(batch.status).toBe(201);
    const split = await h.call("POST", `/v1/batches/${batch.body.code}/split`, { key: seller.key, json: { children: [{ quantity: 600 }, { quantity: 400 }] } });
    expect(split.status).toBe(201);
    const [lot] = split.body.children;
    const sale = await h.call("POST", "/v1/vouchers", { key: seller.key, json: { batchCode: lot.code, netWeightGrams: 600, buyerOrgId: stall.id } });
    expect(sale.status).toBe(201);
    const stallBatch = await h.call("POST", "/v1/batches", { key: stall.key, json: { ...vegetableBatch(600), sourceVoucherCode: sale.body.code } });
    const retail = await h.call("POST", "/v1/vouchers", { key: stall.key, json: { batchCode: stallBatch.body.code, netWeightGrams: 250 } });
    const scans = [sale.body.url, retail.body.url];
    for (const url of scans) {
      const scan = await h.call("GET", digitsOf(url), { headers: { accept: "application/json" } });
      expect(scan.body.state).toBe("valid");
    }
    const upstream = (await h.call("GET", digitsOf(retail.body.url), { headers: { accept: "application/json" } })).body.upstream.map((b: { code: string }) => b.code);
    expect(upstream).toEqual([lot.code, batch.body.code]);

    const recall = await h.call("POST", `/v1/batches/${batch.body.code}/recall`, { key: market.key, json: { reason: "test-failed", level: "level-2" } });
    expect(recall.status).toBe(201);
    for (const url of scans) {
      const scan = await h.call("GET", digitsOf(url), { headers: { accept: "application/json" } });
      expect(scan.body.state).toBe("recalled");
      expect(scan.body.recall?.batchCode ?? scan.body.batch.statusReason).toBeTruthy();
    }
  });

  it("a failed rapid test suspends the batch and its lots, and the status list says so", async () => {
    const seller = await h.org("wholesaler");
    const tester = await h.org("regulator");
    const batch = await h.call("POST", "/v1/batches", { key: seller.key, json: vegetableBatch(1_000) });
    const split = await h.call("POST", `/v1/batches/${batch.body.code}/split`, { key: seller.key, json: { children: [{ quantity: 1_000 }] } });
    const voucher = await h.call("POST", "/v1/vouchers", { key: seller.key, json: { batchCode: split.body.children[0].code } });
    const pass = await h.call("POST", `/v1/batches/${batch.body.code}/rapid-tests`, { key: tester.key, json: enzymeTest(20) });
    expect(pass.body).toMatchObject({ test: { outcome: "pass" }, batchStatus: "valid" });
    const fail = await h.call("POST", `/v1/batches/${batch.body.code}/rapid-tests`, { key: tester.key, json: enzymeTest(75) });
    expect(fail.body).toMatchObject({ test: { outcome: "fail" }, batchStatus: "suspended" });
    const scan = await h.call("GET", digitsOf(voucher.body.url), { headers: { accept: "application/json" } });
    expect(scan.body.state).toBe("suspended");
    const list = await h.call("GET", `/status-lists/${seller.namespace}`);
    expect(list.status).toBe(200);
    const { createOfflineVerifier } = await import("@shian/sdk");
    const bundle = await h.call("GET", "/trust-bundle");
    const anchors = await h.call("GET", "/trust-bundle/authority.json");
    const verifier = await createOfflineVerifier({ trustAnchors: anchors.body.keys, bundle: bundle.text, statusLists: [list.text] });
    const offline = await verifier.verify(voucher.body.url);
    expect(offline.valid).toBe(false);
    expect(offline.error?.code).toBe("suspended");
  });
});
