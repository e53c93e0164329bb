import { RAPID_TEST_CATALOGUE } from "@shian/schemas";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, type TestOrg, vegetableBatch } from "../harness";
import { count, createBatch, expectProblem } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const point = (extra: Record<string, unknown> = {}) => ({
  name: "三水批发市场快检室",
  kind: "market-lab",
  region: "440607",
  address: "三水区西南街道农产品批发市场 1 号楼",
  operators: [
    { id: "op-1", name: "陈检测" },
    { id: "op-2", name: "李检测" },
  ],
  ...extra,
});

async function register(org: TestOrg, body = point()) {
  const reply = await h.call("POST", "/v1/test-points", { key: org.key, json: body });
  expect(reply.status, reply.text).toBe(201);
  return reply.body as { id: string; name: string };
}

const record = (org: TestOrg, code: string, json: unknown) => h.call("POST", `/v1/batches/${code}/rapid-tests`, { key: org.key, json });

describe("GET /rapid-test-items", () => {
  it("lists the 65-item catalogue without an API key, by category on request", async () => {
    const all = await h.call("GET", "/rapid-test-items");
    expect(all.status, all.text).toBe(200);
    expect(all.body.items).toHaveLength(65);
    expect(all.body.items).toEqual(JSON.parse(JSON.stringify(RAPID_TEST_CATALOGUE)));
    expect(new Set(all.body.items.map((item: { category: string }) => item.category)).size).toBe(7);
    const vet = await h.call("GET", "/rapid-test-items?category=veterinary-drug");
    expect(vet.body.items.length).toBe(RAPID_TEST_CATALOGUE.filter((item) => item.category === "veterinary-drug").length);
    expect(vet.body.items.every((item: { category: string }) => item.category === "veterinary-drug")).toBe(true);
    expect(vet.body.items.map((item: { code: string }) => item.code)).toContain("clenbuterol");
    expectProblem(await h.call("GET", "/rapid-test-items?category=radioactivity"), 400, "invalid-request");
  });

  it("is rate-limited as a public path", async () => {
    const limited = await createHarness({ publicRateLimitPerMinute: 2 });
    try {
      expect((await limited.call("GET", "/rapid-test-items")).status).toBe(200);
      expect((await limited.call("GET", "/rapid-test-items")).status).toBe(200);
      expectProblem(await limited.call("GET", "/rapid-test-items"), 429, "rate-limited");
    } finally {
      limited.close();
    }
  });
});

describe("rapid tests against the catalogue", () => {
  it("takes a catalogue item's threshold, standard and method when none is given", async () => {
    const org = await h.org("wholesaler");
    const batch = await createBatch(h, org, { ...vegetableBatch(), product: { name: "猪肉", category: "livestock-meat" } });
    const reply = await record(org, batch.code, { item: "clenbuterol", measured: { kind: "reading", reading: "positive" }, tester: { name: "陈检测" }, testPoint: { id: "lab-1" } });
    expect(reply.status, reply.text).toBe(201);
    expect(reply.body.test.outcome).toBe("fail");
    expect(reply.body.test.record).toMatchObject({ item: "clenbuterol", method: "colloidal-gold", standard: { code: "KJ 201706" }, threshold: { comparator: "gte", value: 0.5, unit: "µg/kg" } });
    const so2 = await createBatch(h, org, vegetableBatch());
    const measured = await record(org, so2.code, { item: "sulfur-dioxide", measured: { kind: "value", value: 100 }, tester: { name: "陈检测" }, testPoint: { id: "lab-1" } });
    expect(measured.body.test).toMatchObject({ outcome: "pass", record: { threshold: { comparator: "gt", value: 100, unit: "mg/kg" }, standard: { code: "GB 2760-2024" } } });
  });

  it("an item outside the catalogue, or another standard without its threshold, is a 400 and nothing is stored", async () => {
    const org = await h.org("wholesaler");
    const batch = await createBatch(h, org, vegetableBatch());
    const base = { measured: { kind: "value", value: 10 }, tester: { name: "陈检测" }, testPoint: { id: "lab-1" } };
    expectProblem(await record(org, batch.code, { ...base, item: "other" }), 400, "invalid-request");
    expectProblem(await record(org, batch.code, { ...base, item: "organophosphate-carbamate", standard: { code: "NY/T 448-2001" } }), 400, "invalid-request");
    expectProblem(await record(org, batch.code, { ...base, item: "unicorn-dust" }), 400, "invalid-request");
    expect(await count(h, "rapid_tests")).toBe(0);
  });
});

describe("test points", () => {
  it("an organisation registers its points with operators and lists them; another organisation gets 403, a regulator may look", async () => {
    const market = await h.org("wholesale-market");
    const canteen = await h.org("canteen");
    const regulator = await h.org("regulator");
    const lab = await register(market);
    await register(market, point({ name: "流动快检车", kind: "mobile-lab", address: undefined, operators: [{ id: "op-9", name: "王检测" }] }));
    await register(canteen, point({ name: "食堂快检室", kind: "canteen" }));
    const mine = await h.call("GET", "/v1/test-points", { key: market.key });
    expect(mine.body.testPoints.map((p: { name: string; kind: string }) => [p.name, p.kind])).toEqual([["三水批发市场快检室", "market-lab"], ["流动快检车", "mobile-lab"]]);
    expect(mine.body.testPoints[0]).toMatchObject({ orgId: market.id, region: "440607", operators: [{ id: "op-1", name: "陈检测" }, { id: "op-2", name: "李检测" }] });
    expect((await h.call("GET", `/v1/test-points/${lab.id}`, { key: market.key })).status).toBe(200);
    expectProblem(await h.call("GET", `/v1/test-points/${lab.id}`, { key: canteen.key }), 403, "forbidden");
    expectProblem(await h.call("GET", `/v1/test-points?orgId=${market.id}`, { key: canteen.key }), 403, "forbidden");
    expect((await h.call("GET", `/v1/test-points/${lab.id}`, { key: regulator.key })).body.name).toBe("三水批发市场快检室");
    expect((await h.call("GET", `/v1/test-points?orgId=${market.id}`, { key: regulator.key })).body.testPoints).toHaveLength(2);
    expectProblem(await h.call("GET", "/v1/test-points/point_missing", { key: market.key }), 404, "not-found");
  });

  it("validates kind, region and operators", async () => {
    const market = await h.org("wholesale-market");
    for (const body of [point({ kind: "spaceship" }), point({ region: "999999x" }), point({ operators: [] }), point({ operators: [{ id: "a", name: "x" }, { id: "a", name: "y" }] }), point({ name: "" })]) {
      expectProblem(await h.call("POST", "/v1/test-points", { key: market.key, json: body }), 400, "invalid-request");
    }
    expect(await count(h, "test_points")).toBe(0);
  });

  it("a result names the caller's own point and one of its operators; another organisation's point is 403, a stranger operator 400", async () => {
    const market = await h.org("wholesale-market");
    const other = await h.org("wholesale-market");
    const trader = await h.org("wholesaler", { marketId: market.id });
    const lab = await register(market);
    const otherLab = await register(other);
    const batch = await createBatch(h, trader, vegetableBatch());
    const base = { item: "organophosphate-carbamate", measured: { kind: "value", value: 12 } };
    const ok = await record(market, batch.code, { ...base, tester: { name: "陈检测", id: "op-1" }, testPoint: { id: lab.id } });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body.test.record.testPoint).toEqual({ id: lab.id, name: "三水批发市场快检室" });
    expect((await h.db.get<{ test_point_id: string }>(sql`SELECT test_point_id FROM rapid_tests WHERE id = ${ok.body.test.id}`))?.test_point_id).toBe(lab.id);
    expectProblem(await record(market, batch.code, { ...base, tester: { name: "赵某", id: "op-7" }, testPoint: { id: lab.id } }), 400, "invalid-request");
    expectProblem(await record(other, batch.code, { ...base, tester: { name: "陈检测", id: "op-1" }, testPoint: { id: otherLab.id } }), 403, "forbidden");
    const regulator = await h.org("regulator");
    expectProblem(await record(regulator, batch.code, { ...base, tester: { name: "陈检测" }, testPoint: { id: lab.id } }), 403, "forbidden");
    expect(await count(h, "rapid_tests")).toBe(1);
  });
});
