import { formatTraceCode } from "@shian/schemas";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, enzymeTest, type Harness, type TestOrg, vegetableBatch } from "../harness";
import { count, createBatch, expectProblem, issue, scan } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const body = { reason: "contamination", level: "level-1", note: "E. coli found" };
const recall = (org: TestOrg | undefined, code: string, json: unknown = body, headers?: Record<string, string>) =>
  h.call("POST", `/v1/batches/${code}/recall`, { ...(org ? { key: org.key } : {}), json, ...(headers ? { headers } : {}) });
const statusOf = async (org: TestOrg, code: string) => (await h.call("GET", `/v1/batches/${code}`, { key: org.key })).body.status;

describe("POST /v1/batches/{code}/recall", () => {
  it("recalls a batch, its lots, their vouchers and the buyers' batches; scans say recalled with the recall", async () => {
    const seller = await h.org("wholesaler");
    const buyer = await h.org("stall");
    const batch = await createBatch(h, seller, vegetableBatch(1_000));
    const [lot] = (await h.call("POST", `/v1/batches/${batch.code}/split`, { key: seller.key, json: { children: [{ quantity: 1_000 }] } })).body.children;
    const sale = await issue(h, seller, { batchCode: lot.code, buyerOrgId: buyer.id });
    const bought = await createBatch(h, buyer, { ...vegetableBatch(1_000), sourceVoucherCode: sale.code });
    const retail = await issue(h, buyer, { batchCode: bought.code, netWeightGrams: 250 });
    const unrelated = await createBatch(h, seller, vegetableBatch());

    const reply = await recall(seller, batch.code);
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ id: expect.any(String), batchCode: batch.code, orgId: seller.id, reason: "contamination", level: "level-1", note: "E. coli found", createdAt: expect.any(String) });
    expect(await statusOf(seller, batch.code)).toBe("recalled");
    expect(await statusOf(seller, lot.code)).toBe("recalled");
    expect(await statusOf(buyer, bought.code)).toBe("recalled");
    expect(await statusOf(seller, unrelated.code)).toBe("valid");
    expect((await h.call("GET", `/v1/vouchers/${sale.code}`, { key: seller.key })).body.status).toBe("recalled");
    for (const url of [sale.url, retail.url]) {
      const scanned = await scan(h, url);
      expect(scanned.body.state).toBe("recalled");
      expect(scanned.body.recall).toMatchObject({ batchCode: batch.code, reason: "contamination", level: "level-1" });
    }
    const html = await h.call("GET", `${new URL(retail.url).pathname}?lang=en`);
    expect(html.text).toContain('data-state="recalled"');
    expect(html.text).toContain("Contamination");
  });

  it("recalling twice is a 409, as is recalling a lot of a recalled batch; a suspended batch can still be recalled", async () => {
    const org = await h.org("wholesaler");
    const batch = await createBatch(h, org, vegetableBatch(1_000));
    const [lot] = (await h.call("POST", `/v1/batches/${batch.code}/split`, { key: org.key, json: { children: [{ quantity: 1_000 }] } })).body.children;
    expect((await recall(org, batch.code)).status).toBe(201);
    const again = await recall(org, batch.code, { reason: "other", level: "level-3" });
    expectProblem(again, 409, "conflict");
    expect(again.body.detail).toMatch(/already recalled/);
    expectProblem(await recall(org, lot.code), 409, "conflict");
    expect(await count(h, "recalls")).toBe(1);

    const suspended = await createBatch(h, org, vegetableBatch());
    const regulator = await h.org("regulator");
    expect((await h.call("POST", `/v1/batches/${suspended.code}/rapid-tests`, { key: regulator.key, json: enzymeTest(90) })).body.batchStatus).toBe("suspended");
    expect((await recall(org, suspended.code, { reason: "test-failed", level: "level-2" })).status).toBe(201);
    expect(await statusOf(org, suspended.code)).toBe("recalled");
  });

  it("the owner's market manager and regulators may recall another organisation's batch; others get 403 (both ways)", async () => {
    const market = await h.org("wholesale-market");
    const otherMarket = await h.org("wholesale-market");
    const owner = await h.org("wholesaler", { marketId: market.id });
    const neighbour = await h.org("wholesaler", { marketId: market.id });
    const regulator = await h.org("regulator");
    const first = await createBatch(h, owner, vegetableBatch());
    const second = await createBatch(h, owner, vegetableBatch());
    for (const stranger of [neighbour, otherMarket]) expectProblem(await recall(stranger, first.code), 403, "forbidden");
    expect(await statusOf(owner, first.code)).toBe("valid");
    const theirs = await createBatch(h, neighbour, vegetableBatch());
    expectProblem(await recall(owner, theirs.code), 403, "forbidden");
    expect(await statusOf(neighbour, theirs.code)).toBe("valid");
    expect(await count(h, "recalls")).toBe(0);

    const byMarket = await recall(market, first.code);
    expect(byMarket.status).toBe(201);
    expect(byMarket.body.orgId).toBe(market.id);
    const byRegulator = await recall(regulator, second.code, { reason: "illegal-additive", level: "level-1" });
    expect(byRegulator.status).toBe(201);
    expect(byRegulator.body.orgId).toBe(regulator.id);
    expect(await statusOf(owner, first.code)).toBe("recalled");
    expect(await statusOf(owner, second.code)).toBe("recalled");
  });

  it("validates reason, level and note with zod issues", async () => {
    const org = await h.org("wholesaler");
    const batch = await createBatch(h, org, vegetableBatch());
    for (const json of [{ reason: "boredom", level: "level-1" }, { reason: "other", level: "level-9" }, { reason: "other" }, { reason: "other", level: "level-1", note: "x".repeat(1001) }, { ...body, cascade: false }]) {
      const reply = await recall(org, batch.code, json);
      expectProblem(reply, 400, "invalid-request");
      expect(reply.body.issues.length).toBeGreaterThan(0);
    }
    expect(await statusOf(org, batch.code)).toBe("valid");
    expect(await count(h, "recalls")).toBe(0);
  });

  it("needs recalls:write; unknown batch is 404; no key is 401", async () => {
    const org = await h.org("wholesaler", { scopes: ["read", "batches:write"] });
    const batch = await createBatch(h, org, vegetableBatch());
    const denied = await recall(org, batch.code);
    expectProblem(denied, 403, "forbidden");
    expect(denied.body.detail).toMatch(/recalls:write/);
    const regulator = await h.org("regulator");
    expectProblem(await recall(regulator, formatTraceCode({ namespace: org.namespace, serial: 9 })), 404, "not-found");
    expectProblem(await recall(undefined, batch.code), 401, "unauthenticated");
    expect(await statusOf(org, batch.code)).toBe("valid");
  });

  it("a replayed Idempotency-Key returns the first recall (not a 409) and stores one; another body is a 409", async () => {
    const org = await h.org("wholesaler");
    const batch = await createBatch(h, org, vegetableBatch());
    const headers = { "idempotency-key": "recall-1" };
    const first = await recall(org, batch.code, body, headers);
    const replay = await recall(org, batch.code, body, headers);
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(first.body);
    expect(await count(h, "recalls")).toBe(1);
    expectProblem(await recall(org, batch.code, { ...body, level: "level-2" }, headers), 409, "idempotency-key-reused");
  });
});
