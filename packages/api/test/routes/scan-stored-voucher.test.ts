import { decodeVoucher, generateKeyPair } from "@shian/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, vegetableBatch } from "../harness";
import { createBatch, issue, scan, signLocally } from "./helpers";

/**
 * A scan of a voucher stored here takes its claims and key index from the stored row instead of
 * decoding the digits again (the bytes were verified when the voucher was stored). The answer
 * must be what decoding the URL gives, however the voucher was stored.
 */
let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

async function expectAsDecoded(url: string) {
  const reply = await scan(h, url);
  expect(reply.body.state).toBe("valid");
  const decoded = decodeVoucher(url);
  const { voucher } = reply.body.verification;
  expect(voucher).toEqual({ claims: decoded.claims, keyIndex: decoded.keyIndex, alg: decoded.alg, printedCode: voucher.printedCode });
  expect(reply.body.voucher.claims).toEqual(decoded.claims);
  expect(reply.body.verification.checks.find((c: { check: string }) => c.check === "signature").detail).toMatch(/verified earlier/);
}

describe("scans of stored vouchers", () => {
  it("answer with the claims the URL decodes to: custodial, bulk and registered vouchers", async () => {
    const org = await h.org("wholesaler");
    const batch = await createBatch(h, org, vegetableBatch(100_000));
    await expectAsDecoded((await issue(h, org, { batchCode: batch.code, netWeightGrams: 1_250, unitPriceFen: 800 })).url);

    const bulk = await h.call("POST", "/v1/vouchers/bulk", {
      key: org.key,
      body: [{ idempotencyKey: "a", batchCode: batch.code, netWeightGrams: 700 }, { idempotencyKey: "b", batchCode: batch.code, netWeightGrams: 900, unitPriceFen: 1_000 }].map((item) => JSON.stringify(item)).join("\n"),
      headers: { "content-type": "application/x-ndjson" },
    });
    const lines = bulk.text.trim().split("\n").map((line) => JSON.parse(line));
    expect(lines.every((line) => line.ok)).toBe(true);
    for (const line of lines) await expectAsDecoded(line.voucher.url);

    const pair = await generateKeyPair();
    const key = await h.call("POST", "/v1/keys", { key: org.key, json: { publicJwk: pair.publicJwk } });
    const signed = await signLocally(pair.privateJwk, key.body.keyIndex, org.namespace, 900, { batchCode: batch.code, unitPriceFen: 650, expiresAt: "2099-01-01T00:00:00Z" });
    expect((await h.call("POST", "/v1/vouchers", { key: org.key, json: { url: signed.url } })).status).toBe(201);
    await expectAsDecoded(signed.url);
  });
});
