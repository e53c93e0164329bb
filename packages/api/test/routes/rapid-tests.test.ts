import { formatTraceCode } from "@shian/schemas";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, enzymeTest, type Harness, type TestOrg, vegetableBatch } from "../harness";
import { count, createBatch, expectProblem, issue, scan } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const test = (org: TestOrg | undefined, code: string, json: unknown, headers?: Record<string, string>) =>
  h.call("POST", `/v1/batches/${code}/rapid-tests`, { ...(org ? { key: org.key } : {}), json, ...(headers ? { headers } : {}) });
const statusOf = async (org: TestOrg, code: string) => (await h.call("GET", `/v1/batches/${code}`, { key: org.key })).body.status;

describe("POST /v1/batches/{code}/rapid-tests", () => {
  it("records a passing test: the outcome is computed, the batch stays valid, later vouchers carry it", async () => {
    const org = await h.org("wholesaler");
    const batch = await createBatch(h, org, vegetableBatch());
    const reply = await test(org, batch.code, enzymeTest(20));
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      test: { id: expect.any(String), batchCode: batch.code, orgId: org.id, item: "organophosphate-carbamate", outcome: "pass", record: expect.any(Object), testedAt: expect.any(String) },
      batchStatus: "valid",
    });
    expect(reply.body.test.record).toMatchObject({ outcome: "pass", sample: { batchCode: batch.code, name: "菜心" }, measured: { kind: "value", value: 20 } });
    expect(await statusOf(org, batch.code)).toBe("valid");
    expect((await issue(h, org, { batchCode: batch.code })).claims.rapidTest).toBe("pass");
  });

  it("the client cannot dictate the outcome: a failing measurement with outcome 'pass' is still a fail", async () => {
    const org = await h.org("wholesaler");
    const batch = await createBatch(h, org, vegetableBatch());
    const reply = await test(org, batch.code, { ...enzymeTest(80), outcome: "pass" });
    expect(reply.status).toBe(201);
    expect(reply.body.test.outcome).toBe("fail");
    expect(reply.body.batchStatus).toBe("suspended");
  });

  it("a failed test suspends the batch, its lots, their vouchers and the buyers' batches; scans say suspended", async () => {
    const seller = await h.org("wholesaler");
    const buyer = await h.org("stall");
    const regulator = await h.org("regulator");
    const batch = await createBatch(h, seller, vegetableBatch(1_000));
    const [lot] = (await h.call("POST", `/v1/batches/${batch.code}/split`, { key: seller.key, json: { children: [{ quantity: 1_000 }] } })).body.children;
    const sale = await issue(h, seller, { batchCode: lot.code, buyerOrgId: buyer.id });
    const bought = await createBatch(h, buyer, { ...vegetableBatch(1_000), sourceVoucherCode: sale.code });

    const reply = await test(regulator, batch.code, enzymeTest(75));
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ test: { outcome: "fail", orgId: regulator.id }, batchStatus: "suspended" });
    expect(await statusOf(seller, batch.code)).toBe("suspended");
    expect(await statusOf(seller, lot.code)).toBe("suspended");
    expect(await statusOf(buyer, bought.code)).toBe("suspended");
    expect((await h.call("GET", `/v1/batches/${batch.code}`, { key: seller.key })).body.statusReason).toMatch(/rapid test failed/);
    expect((await h.call("GET", `/v1/vouchers/${sale.code}`, { key: seller.key })).body.status).toBe("suspended");
    const scanned = await scan(h, sale.url);
    expect(scanned.body.state).toBe("suspended");
    expect(scanned.body.tests.map((t: { outcome: string }) => t.outcome)).toContain("fail");
    // a suspended batch issues no vouchers
    expectProblem(await h.call("POST", "/v1/vouchers", { key: buyer.key, json: { batchCode: bought.code } }), 409, "conflict");
  });

  it("the owner's market manager and regulators may test another organisation's batch; others get 403 (both ways)", async () => {
    const market = await h.org("wholesale-market");
    const otherMarket = await h.org("wholesale-market");
    const owner = await h.org("wholesaler", { marketId: market.id });
    const neighbour = await h.org("wholesaler", { marketId: market.id });
    const regulator = await h.org("regulator");
    const batch = await createBatch(h, owner, vegetableBatch());
    for (const stranger of [neighbour, otherMarket]) {
      expectProblem(await test(stranger, batch.code, enzymeTest(99)), 403, "forbidden");
    }
    expect(await statusOf(owner, batch.code)).toBe("valid");
    expect(await count(h, "rapid_tests")).toBe(0);
    // the owner cannot test the neighbour's batch either
    const theirs = await createBatch(h, neighbour, vegetableBatch());
    expectProblem(await test(owner, theirs.code, enzymeTest(99)), 403, "forbidden");
    expect(await statusOf(neighbour, theirs.code)).toBe("valid");

    const byMarket = await test(market, batch.code, enzymeTest(10));
    expect(byMarket.status).toBe(201);
    expect(byMarket.body.test.orgId).toBe(market.id);
    const byRegulator = await test(regulator, batch.code, enzymeTest(60));
    expect(byRegulator.status).toBe(201);
    expect(byRegulator.body.batchStatus).toBe("suspended");
    expect(await count(h, "rapid_tests", `batch_code = '${batch.code}'`)).toBe(2);
  });

  it("validates the record with zod issues", async () => {
    const org = await h.org("wholesaler");
    const batch = await createBatch(h, org, vegetableBatch());
    const { measured: _measured, ...noMeasurement } = enzymeTest(10);
    for (const json of [
      noMeasurement,
      { ...enzymeTest(10), threshold: { comparator: "about", value: 50, unit: "%" } },
      { ...enzymeTest(10), measured: { kind: "value", value: "high" } },
      { ...enzymeTest(10), measured: { kind: "reading", reading: "maybe" } },
      { ...enzymeTest(10), testPoint: undefined },
    ]) {
      const reply = await test(org, batch.code, json);
      expectProblem(reply, 400, "invalid-request");
      expect(reply.body.issues.length).toBeGreaterThan(0);
    }
    expect(await count(h, "rapid_tests")).toBe(0);
    expect(await statusOf(org, batch.code)).toBe("valid");
  });

  it("needs tests:write; unknown batch is 404; no key is 401", async () => {
    const org = await h.org("wholesaler", { scopes: ["read", "batches:write"] });
    const batch = await createBatch(h, org, vegetableBatch());
    const denied = await test(org, batch.code, enzymeTest(90));
    expectProblem(denied, 403, "forbidden");
    expect(denied.body.detail).toMatch(/tests:write/);
    expect(await statusOf(org, batch.code)).toBe("valid");
    const regulator = await h.org("regulator");
    expectProblem(await test(regulator, formatTraceCode({ namespace: org.namespace, serial: 99 }), enzymeTest(90)), 404, "not-found");
    expectProblem(await test(undefined, batch.code, enzymeTest(90)), 401, "unauthenticated");
    expect(await count(h, "rapid_tests")).toBe(0);
  });

  it("a replayed Idempotency-Key stores one test; another body with it is a 409", async () => {
    const org = await h.org("wholesaler");
    const batch = await createBatch(h, org, vegetableBatch());
    const headers = { "idempotency-key": "test-77" };
    const first = await test(org, batch.code, enzymeTest(30), headers);
    const replay = await test(org, batch.code, enzymeTest(30), headers);
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(first.body);
    expect(await count(h, "rapid_tests")).toBe(1);
    expectProblem(await test(org, batch.code, enzymeTest(31), headers), 409, "idempotency-key-reused");
    expect(await count(h, "rapid_tests")).toBe(1);
  });
});
