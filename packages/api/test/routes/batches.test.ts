import { formatTraceCode } from "@shian/schemas";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, enzymeTest, type Harness, vegetableBatch } from "../harness";
import { count, createBatch, expectProblem, issue } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

describe("POST /v1/batches", () => {
  it("creates a batch under the next trace code of the caller's namespace", async () => {
    const org = await h.org("wholesaler");
    const reply = await h.call("POST", "/v1/batches", { key: org.key, json: { ...vegetableBatch(1_000), certificates: ["CERT-1"] } });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      code: formatTraceCode({ namespace: org.namespace, serial: 1 }),
      orgId: org.id,
      parentCode: null,
      sourceVoucherCode: null,
      product: { name: "菜心", category: "vegetable" },
      originRegion: "530424",
      quantity: 1_000,
      unit: "gram",
      certificates: ["CERT-1"],
      status: "valid",
      statusReason: null,
      createdAt: expect.any(String),
    });
    const second = await h.call("POST", "/v1/batches", { key: org.key, json: vegetableBatch() });
    expect(second.body.code).toBe(formatTraceCode({ namespace: org.namespace, serial: 2 }));
    expect(second.body.certificates).toEqual([]);
  });

  it("links a buyer's batch to the voucher it was bought with; an unknown source voucher is a 400", async () => {
    const seller = await h.org("wholesaler");
    const buyer = await h.org("stall");
    const batch = await createBatch(h, seller, vegetableBatch());
    const voucher = await issue(h, seller, { batchCode: batch.code, buyerOrgId: buyer.id });
    const bought = await h.call("POST", "/v1/batches", { key: buyer.key, json: { ...vegetableBatch(500), sourceVoucherCode: voucher.code } });
    expect(bought.status).toBe(201);
    expect(bought.body.sourceVoucherCode).toBe(voucher.code);
    const missing = await h.call("POST", "/v1/batches", { key: buyer.key, json: { ...vegetableBatch(500), sourceVoucherCode: formatTraceCode({ namespace: seller.namespace, serial: 999 }) } });
    expectProblem(missing, 400, "invalid-request");
    expect(await count(h, "batches", `org_id = '${buyer.id}'`)).toBe(1);
  });

  it("validates the body with zod issues", async () => {
    const org = await h.org("wholesaler");
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...vegetableBatch(), quantity: 0 }, "quantity"],
      [{ ...vegetableBatch(), quantity: 1.5 }, "quantity"],
      [{ ...vegetableBatch(), originRegion: "12" }, "originRegion"],
      [{ ...vegetableBatch(), unit: "bushel" }, "unit"],
      [{ ...vegetableBatch(), product: { name: "x", category: "spaceship" } }, "product"],
      [{ ...vegetableBatch(), status: "recalled" }, ""],
    ];
    for (const [json, field] of cases) {
      const reply = await h.call("POST", "/v1/batches", { key: org.key, json });
      expectProblem(reply, 400, "invalid-request");
      expect(reply.body.issues.length, JSON.stringify(json)).toBeGreaterThan(0);
      if (field) expect(reply.body.issues.map((issue: { path: unknown[] }) => issue.path[0])).toContain(field);
    }
    expect(await count(h, "batches")).toBe(0);
  });

  it("is for sellers only: restaurants, canteens and regulators get 403", async () => {
    for (const role of ["restaurant", "canteen", "regulator"] as const) {
      const org = await h.org(role);
      const reply = await h.call("POST", "/v1/batches", { key: org.key, json: vegetableBatch() });
      expectProblem(reply, 403, "forbidden");
      expect(reply.body.detail).toContain(role);
    }
    for (const role of ["wholesale-market", "stall", "supermarket", "producer", "collector"] as const) {
      const org = await h.org(role);
      expect((await h.call("POST", "/v1/batches", { key: org.key, json: vegetableBatch() })).status).toBe(201);
    }
    expect(await count(h, "batches")).toBe(5);
  });

  it("needs batches:write and a key", async () => {
    const org = await h.org("wholesaler", { scopes: ["read", "vouchers:write"] });
    const reply = await h.call("POST", "/v1/batches", { key: org.key, json: vegetableBatch() });
    expectProblem(reply, 403, "forbidden");
    expect(reply.body.detail).toMatch(/batches:write/);
    expectProblem(await h.call("POST", "/v1/batches", { json: vegetableBatch() }), 401, "unauthenticated");
    expect(await count(h, "batches")).toBe(0);
  });

  it("a replayed Idempotency-Key with the same body returns the same batch and creates one row; another body is a 409", async () => {
    const org = await h.org("wholesaler");
    const headers = { "idempotency-key": "harvest-2026-11-24" };
    const first = await h.call("POST", "/v1/batches", { key: org.key, json: vegetableBatch(1_000), headers });
    expect(first.status).toBe(201);
    const replay = await h.call("POST", "/v1/batches", { key: org.key, json: vegetableBatch(1_000), headers });
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(first.body);
    expect(await count(h, "batches")).toBe(1);
    const reused = await h.call("POST", "/v1/batches", { key: org.key, json: vegetableBatch(2_000), headers });
    expectProblem(reused, 409, "idempotency-key-reused");
    expect(await count(h, "batches")).toBe(1);
    // keys are per organisation: another org's identical key is its own request
    const other = await h.org("wholesaler");
    const theirs = await h.call("POST", "/v1/batches", { key: other.key, json: vegetableBatch(1_000), headers });
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    expect(theirs.body.orgId).toBe(other.id);
    expect(await count(h, "batches")).toBe(2);
    expectProblem(await h.call("POST", "/v1/batches", { key: org.key, json: vegetableBatch(1_000), headers: { "idempotency-key": "x".repeat(129) } }), 400, "invalid-request");
  });

  it("a failed request frees its Idempotency-Key for a corrected retry", async () => {
    const org = await h.org("wholesaler");
    const headers = { "idempotency-key": "retry-me" };
    expectProblem(await h.call("POST", "/v1/batches", { key: org.key, json: { ...vegetableBatch(), sourceVoucherCode: "1-1-1" }, headers }), 400, "invalid-request");
    const retry = await h.call("POST", "/v1/batches", { key: org.key, json: vegetableBatch(), headers });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
  });
});

describe("GET /v1/batches/{code}", () => {
  it("the owner, its market's manager and regulators may read a batch; other organisations get 403", async () => {
    const market = await h.org("wholesale-market");
    const otherMarket = await h.org("wholesale-market");
    const owner = await h.org("wholesaler", { marketId: market.id });
    const neighbour = await h.org("wholesaler", { marketId: market.id });
    const regulator = await h.org("regulator");
    const batch = await createBatch(h, owner, vegetableBatch());
    for (const reader of [owner, market, regulator]) {
      const reply = await h.call("GET", `/v1/batches/${batch.code}`, { key: reader.key });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ code: batch.code, orgId: owner.id, status: "valid", quantity: 100_000 });
    }
    for (const stranger of [neighbour, otherMarket]) {
      const reply = await h.call("GET", `/v1/batches/${batch.code}`, { key: stranger.key });
      expectProblem(reply, 403, "forbidden");
      expect(reply.text).not.toContain("菜心");
    }
    // and the other way round: the owner may not read the neighbour's batch
    const theirs = await createBatch(h, neighbour, vegetableBatch());
    expectProblem(await h.call("GET", `/v1/batches/${theirs.code}`, { key: owner.key }), 403, "forbidden");
    expectProblem(await h.call("GET", `/v1/batches/${batch.code}`), 401, "unauthenticated");
  });

  it("404 for an unknown or unparseable code", async () => {
    const org = await h.org("wholesaler");
    expectProblem(await h.call("GET", `/v1/batches/${formatTraceCode({ namespace: org.namespace, serial: 42 })}`, { key: org.key }), 404, "not-found");
    expectProblem(await h.call("GET", "/v1/batches/not-a-code", { key: org.key }), 404, "not-found");
  });
});

describe("POST /v1/batches/{code}/split", () => {
  it("splits into child lots whose quantities add up exactly", async () => {
    const org = await h.org("wholesaler");
    const batch = await createBatch(h, org, vegetableBatch(1_000));
    const reply = await h.call("POST", `/v1/batches/${batch.code}/split`, { key: org.key, json: { children: [{ quantity: 600 }, { quantity: 300 }, { quantity: 100 }] } });
    expect(reply.status).toBe(201);
    const children = reply.body.children as Array<Record<string, unknown>>;
    expect(children.map((child) => child.quantity)).toEqual([600, 300, 100]);
    expect(children.map((child) => child.code)).toEqual([2, 3, 4].map((serial) => formatTraceCode({ namespace: org.namespace, serial })));
    for (const child of children) expect(child).toMatchObject({ parentCode: batch.code, orgId: org.id, status: "valid", product: { name: "菜心", category: "vegetable" }, originRegion: "530424", unit: "gram" });
    const lot = await h.call("GET", `/v1/batches/${children[0]!.code}`, { key: org.key });
    expect(lot.body.parentCode).toBe(batch.code);
    expect((await h.call("GET", `/v1/batches/${batch.code}`, { key: org.key })).body.quantity).toBe(1_000);
  });

  it("quantities that do not add up are a 400 and nothing is created", async () => {
    const org = await h.org("wholesaler");
    const batch = await createBatch(h, org, vegetableBatch(1_000));
    for (const children of [[{ quantity: 600 }, { quantity: 300 }], [{ quantity: 600 }, { quantity: 500 }], [{ quantity: 1_001 }]]) {
      const reply = await h.call("POST", `/v1/batches/${batch.code}/split`, { key: org.key, json: { children } });
      expectProblem(reply, 400, "invalid-request");
      expect(reply.body.detail).toMatch(/add up to 1000/);
    }
    for (const json of [{ children: [] }, { children: [{ quantity: 0 }, { quantity: 1_000 }] }, { children: [{ quantity: 500.5 }, { quantity: 499.5 }] }, {}]) {
      expectProblem(await h.call("POST", `/v1/batches/${batch.code}/split`, { key: org.key, json }), 400, "invalid-request");
    }
    expect(await count(h, "batches")).toBe(1);
  });

  it("splitting twice is a 409; a suspended batch cannot be split (409)", async () => {
    const org = await h.org("wholesaler");
    const batch = await createBatch(h, org, vegetableBatch(1_000));
    expect((await h.call("POST", `/v1/batches/${batch.code}/split`, { key: org.key, json: { children: [{ quantity: 1_000 }] } })).status).toBe(201);
    const again = await h.call("POST", `/v1/batches/${batch.code}/split`, { key: org.key, json: { children: [{ quantity: 500 }, { quantity: 500 }] } });
    expectProblem(again, 409, "conflict");
    expect(await count(h, "batches", `parent_code = '${batch.code}'`)).toBe(1);

    const other = await createBatch(h, org, vegetableBatch(1_000));
    const regulator = await h.org("regulator");
    expect((await h.call("POST", `/v1/batches/${other.code}/rapid-tests`, { key: regulator.key, json: enzymeTest(90) })).body.batchStatus).toBe("suspended");
    expectProblem(await h.call("POST", `/v1/batches/${other.code}/split`, { key: org.key, json: { children: [{ quantity: 1_000 }] } }), 409, "conflict");
    expect(await count(h, "batches", `parent_code = '${other.code}'`)).toBe(0);
  });

  it("only the owner may split: other organisations, the market manager and regulators get 403", async () => {
    const market = await h.org("wholesale-market");
    const owner = await h.org("wholesaler", { marketId: market.id });
    const stranger = await h.org("wholesaler");
    const regulator = await h.org("regulator");
    const batch = await createBatch(h, owner, vegetableBatch(1_000));
    for (const org of [stranger, market, regulator]) {
      expectProblem(await h.call("POST", `/v1/batches/${batch.code}/split`, { key: org.key, json: { children: [{ quantity: 1_000 }] } }), 403, "forbidden");
    }
    expect(await count(h, "batches", `parent_code = '${batch.code}'`)).toBe(0);
    // the stranger's own batch is likewise out of the owner's reach
    const theirs = await createBatch(h, stranger, vegetableBatch(1_000));
    expectProblem(await h.call("POST", `/v1/batches/${theirs.code}/split`, { key: owner.key, json: { children: [{ quantity: 1_000 }] } }), 403, "forbidden");
    expect((await h.call("POST", `/v1/batches/${batch.code}/split`, { key: owner.key, json: { children: [{ quantity: 1_000 }] } })).status).toBe(201);
  });

  it("needs batches:write; 404 for an unknown batch; 401 without a key", async () => {
    const org = await h.org("wholesaler");
    const batch = await createBatch(h, org, vegetableBatch(1_000));
    const readOnly = (await h.call("POST", "/v1/api-keys", { key: org.key, json: { name: "ro", scopes: ["read"] } })).body.key;
    expectProblem(await h.call("POST", `/v1/batches/${batch.code}/split`, { key: readOnly, json: { children: [{ quantity: 1_000 }] } }), 403, "forbidden");
    expectProblem(await h.call("POST", `/v1/batches/${formatTraceCode({ namespace: org.namespace, serial: 77 })}/split`, { key: org.key, json: { children: [{ quantity: 1 }] } }), 404, "not-found");
    expectProblem(await h.call("POST", `/v1/batches/${batch.code}/split`, { json: { children: [{ quantity: 1_000 }] } }), 401, "unauthenticated");
    expect(await count(h, "batches")).toBe(1);
  });

  it("a replayed Idempotency-Key returns the same lots instead of a 409", async () => {
    const org = await h.org("wholesaler");
    const batch = await createBatch(h, org, vegetableBatch(1_000));
    const headers = { "idempotency-key": "split-1" };
    const json = { children: [{ quantity: 400 }, { quantity: 600 }] };
    const first = await h.call("POST", `/v1/batches/${batch.code}/split`, { key: org.key, json, headers });
    const replay = await h.call("POST", `/v1/batches/${batch.code}/split`, { key: org.key, json, headers });
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(first.body);
    expect(await count(h, "batches", `parent_code = '${batch.code}'`)).toBe(2);
    expectProblem(await h.call("POST", `/v1/batches/${batch.code}/split`, { key: org.key, json: { children: [{ quantity: 1_000 }] }, headers }), 409, "idempotency-key-reused");
  });
});

describe("GET /v1/batches/{code}/trace", () => {
  it("traces upstream (lots, then the seller's batch) and downstream (lots, vouchers, buyers' batches)", async () => {
    const seller = await h.org("wholesaler");
    const buyer = await h.org("stall");
    const regulator = await h.org("regulator");
    const batch = await createBatch(h, seller, vegetableBatch(1_000));
    const split = await h.call("POST", `/v1/batches/${batch.code}/split`, { key: seller.key, json: { children: [{ quantity: 700 }, { quantity: 300 }] } });
    const [lotA, lotB] = split.body.children as Array<{ code: string }>;
    const sale = await issue(h, seller, { batchCode: lotA!.code, netWeightGrams: 700, buyerOrgId: buyer.id });
    const bought = await createBatch(h, buyer, { ...vegetableBatch(700), sourceVoucherCode: sale.code });

    const down = await h.call("GET", `/v1/batches/${batch.code}/trace`, { key: seller.key });
    expect(down.status).toBe(200);
    expect(down.body.batch.code).toBe(batch.code);
    expect(down.body.upstream).toEqual([]);
    expect(down.body.downstream.batch.code).toBe(batch.code);
    expect(down.body.downstream.children.map((node: { batch: { code: string } }) => node.batch.code)).toEqual([lotA!.code, lotB!.code]);
    const nodeA = down.body.downstream.children[0];
    expect(nodeA.vouchers).toEqual([{ code: sale.code, buyerOrgId: buyer.id, status: "valid" }]);
    expect(nodeA.children.map((node: { batch: { code: string } }) => node.batch.code)).toEqual([bought.code]);

    const up = await h.call("GET", `/v1/batches/${bought.code}/trace`, { key: buyer.key });
    expect(up.status).toBe(200);
    expect(up.body.upstream.map((b: { code: string }) => b.code)).toEqual([lotA!.code, batch.code]);
    expect(up.body.downstream).toMatchObject({ batch: { code: bought.code }, vouchers: [], children: [] });

    expect((await h.call("GET", `/v1/batches/${batch.code}/trace`, { key: regulator.key })).status).toBe(200);
  });

  it("another organisation gets 403 (both ways); unknown is 404; no key is 401", async () => {
    const a = await h.org("wholesaler");
    const b = await h.org("wholesaler");
    const batchA = await createBatch(h, a, vegetableBatch());
    const batchB = await createBatch(h, b, vegetableBatch());
    expectProblem(await h.call("GET", `/v1/batches/${batchA.code}/trace`, { key: b.key }), 403, "forbidden");
    expectProblem(await h.call("GET", `/v1/batches/${batchB.code}/trace`, { key: a.key }), 403, "forbidden");
    expectProblem(await h.call("GET", `/v1/batches/${formatTraceCode({ namespace: a.namespace, serial: 50 })}/trace`, { key: a.key }), 404, "not-found");
    expectProblem(await h.call("GET", `/v1/batches/${batchA.code}/trace`), 401, "unauthenticated");
  });
});
