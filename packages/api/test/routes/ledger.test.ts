import { generateKeyPair } from "@shian/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, enzymeTest, type Harness, type TestOrg, vegetableBatch } from "../harness";
import { count, createBatch, expectProblem, issue, json, signLocally } from "./helpers";

let h: Harness;
let now = Date.now();
beforeEach(async () => {
  now = Date.now();
  h = await createHarness({}, { now: () => new Date(now) });
});
afterEach(() => h.close());

const sellerProfile = (extra: Record<string, unknown> = {}) => ({
  uscc: "91440607MA4UJXKTX2",
  licence: { number: "JY14406070012345", validFrom: "2024-01-01", validUntil: "2029-12-31" },
  businessType: "wholesaler",
  address: "农产品批发市场 3 号楼 12 档",
  region: "440607",
  responsiblePerson: { name: "陈老板" },
  phone: "13800138000",
  ...extra,
});

async function seller(name = "佛山鲜达蔬菜批发行"): Promise<TestOrg> {
  const org = await h.org("wholesaler", { name });
  const reply = await h.call("PUT", `/v1/merchants/${org.id}/profile`, { key: org.key, json: sellerProfile() });
  expect(reply.status, reply.text).toBe(200);
  return org;
}

const scan = (buyer: TestOrg, body: Record<string, unknown>) => h.call("POST", "/v1/ledger/scan", { key: buyer.key, json: body });

const manualLine = (extra: Record<string, unknown> = {}) => ({
  productName: "生抽酱油",
  category: "condiment",
  specification: "500ml/瓶",
  quantity: { value: 24, unit: "piece" },
  productionDate: "2026-09-01",
  shelfLifeDays: 540,
  purchaseDate: "2026-11-20",
  supplier: { name: "三水粮油调味品商行", address: "佛山市三水区西南街道健力宝南路 5 号", phone: "0757-87700001" },
  ...extra,
});

describe("POST /v1/ledger/scan: a scanned voucher fills the buyer's purchase record", () => {
  it("fills every required field from the voucher, the batch and the seller's profile, linked to the seller's batch", async () => {
    const wholesaler = await seller();
    const stall = await h.org("stall", { name: "A12 蔬菜档" });
    const market = await h.org("wholesale-market");
    const batch = await createBatch(h, wholesaler, { ...vegetableBatch(), certificates: ["合格证 4406-0001"] });
    await h.call("POST", `/v1/batches/${batch.code}/rapid-tests`, { key: wholesaler.key, json: enzymeTest(10) });
    const voucher = await issue(h, wholesaler, { batchCode: batch.code, netWeightGrams: 20_000, buyerOrgId: stall.id });

    const reply = await scan(stall, { url: voucher.url });
    expect(reply.status, reply.text).toBe(201);
    const record = reply.body.record;
    expect(record).toMatchObject({
      buyerOrgId: stall.id,
      source: "voucher",
      productName: "菜心",
      category: "vegetable",
      specification: "散装（称重）",
      quantity: { value: 20_000, unit: "gram" },
      batchNumber: batch.code,
      edibleFarmProduce: true,
      supplier: { name: "佛山鲜达蔬菜批发行", address: "广东省佛山市三水区农产品批发市场 3 号楼 12 档", phone: "13800138000", uscc: "91440607MA4UJXKTX2", licenceNumber: "JY14406070012345", contactName: "陈老板", orgId: wholesaler.id },
      sourceVoucherCode: voucher.code,
      sourceVoucherUrl: voucher.url,
      sourceBatchCode: batch.code,
      certificateRefs: ["合格证 4406-0001"],
    });
    expect(record.purchaseDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Farm produce without a shelf life: 6 months.
    const purchased = new Date(`${record.purchaseDate}T00:00:00Z`);
    purchased.setUTCMonth(purchased.getUTCMonth() + 6);
    expect(record.retainUntil).toBe(purchased.toISOString().slice(0, 10));

    // Downstream tracing: the seller sees who bought from its batch; another business does not.
    const down = await h.call("GET", `/v1/batches/${batch.code}/purchases`, { key: wholesaler.key });
    expect(down.body.records.map((r: { id: string }) => r.id)).toEqual([record.id]);
    expectProblem(await h.call("GET", `/v1/batches/${batch.code}/purchases`, { key: market.key }), 403, "forbidden");
    // The stall's ledger and its public page list the source with its test.
    const ledger = await h.call("GET", `/v1/merchants/${stall.id}/ledger`, { key: stall.key });
    expect(ledger.body.records).toHaveLength(1);
    await h.call("PUT", `/v1/merchants/${stall.id}/profile`, { key: stall.key, json: sellerProfile({ businessType: "stall" }) });
    const code = await h.call("POST", `/v1/merchants/${stall.id}/code`, { key: stall.key });
    const page = await h.call("GET", code.body.url.slice("http://localhost:8787".length), { headers: json });
    expect(page.body.sources).toEqual([{ productName: "菜心", supplierName: "佛山鲜达蔬菜批发行", originRegion: "530424", purchaseDate: record.purchaseDate, sourceBatchCode: batch.code, latestTest: expect.objectContaining({ outcome: "pass" }) }]);
    expect(page.body.tests).toEqual([expect.objectContaining({ batchCode: batch.code, outcome: "pass" })]);
  });

  it("a duplicate scan gives one ledger line", async () => {
    const wholesaler = await seller();
    const stall = await h.org("stall");
    const voucher = await issue(h, wholesaler, { batchCode: (await createBatch(h, wholesaler, vegetableBatch())).code, netWeightGrams: 5000 });
    const first = await scan(stall, { url: voucher.url });
    const again = await scan(stall, { url: voucher.url });
    const concurrent = await Promise.all([scan(stall, { url: voucher.url }), scan(stall, { url: voucher.url })]);
    expect(first.status).toBe(201);
    expect([again.status, ...concurrent.map((r) => r.status)]).toEqual([200, 200, 200]);
    expect(again.body).toEqual({ record: first.body.record, created: false });
    expect(await count(h, "purchase_records")).toBe(1);
  });

  it("a tampered voucher is refused and nothing is written", async () => {
    const wholesaler = await seller();
    const stall = await h.org("stall");
    const voucher = await issue(h, wholesaler, { batchCode: (await createBatch(h, wholesaler, vegetableBatch())).code, netWeightGrams: 5000 });
    const i = voucher.url.length - 8;
    const tampered = voucher.url.slice(0, i) + ((Number(voucher.url[i]) + 1) % 10) + voucher.url.slice(i + 1);
    const reply = await scan(stall, { url: tampered, receiveAsBatch: true });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toMatch(/bad-signature|malformed|invalid-voucher/);
    const foreign = await scan(stall, { url: "https://example.com/v/123" });
    expect(foreign.status).toBe(400);
    expect(await count(h, "purchase_records")).toBe(0);
    expect(await count(h, "batches", `org_id = '${stall.id}'`)).toBe(0);
  });

  it("a voucher from another issuer works: a second seller, and a voucher the seller signed locally with the SDK (never registered)", async () => {
    const a = await seller();
    const b = await seller("三水联兴水产批发部");
    const restaurant = await h.org("restaurant");
    const fish = await createBatch(h, b, { product: { name: "鲈鱼", category: "aquatic" }, originRegion: "440606", quantity: 300_000, unit: "gram" });
    const fromB = await issue(h, b, { batchCode: fish.code, netWeightGrams: 8000 });
    const greens = await issue(h, a, { batchCode: (await createBatch(h, a, vegetableBatch())).code, netWeightGrams: 3000 });
    const pair = await generateKeyPair();
    const key = await h.call("POST", "/v1/keys", { key: b.key, json: { publicJwk: pair.publicJwk } });
    const local = await signLocally(pair.privateJwk, key.body.keyIndex, b.namespace, 900, { batchCode: fish.code, productCategory: "aquatic", netWeightGrams: 1200 });
    for (const url of [fromB.url, greens.url, local.url]) expect((await scan(restaurant, { url })).status).toBe(201);
    const lines = (await h.call("GET", `/v1/merchants/${restaurant.id}/ledger`, { key: restaurant.key })).body.records;
    expect(lines.map((line: { supplier: { name: string }; quantity: { value: number } }) => [line.supplier.name, line.quantity.value]).sort()).toEqual([
      ["三水联兴水产批发部", 1200],
      ["三水联兴水产批发部", 8000],
      ["佛山鲜达蔬菜批发行", 3000],
    ]);
    expect(lines.find((line: { quantity: { value: number } }) => line.quantity.value === 1200)).toMatchObject({ productName: "鲈鱼", sourceBatchCode: fish.code, sourceVoucherCode: local.claims.code });
  });

  it("refuses what is not a purchase: own voucher, sold to another buyer, recalled goods, a seller without address or phone (unless supplied)", async () => {
    const wholesaler = await seller();
    const stall = await h.org("stall");
    const other = await h.org("stall");
    const batch = await createBatch(h, wholesaler, vegetableBatch());
    expectProblem(await scan(wholesaler, { url: (await issue(h, wholesaler, { batchCode: batch.code })).url }), 400, "invalid-request");
    expectProblem(await scan(other, { url: (await issue(h, wholesaler, { batchCode: batch.code, buyerOrgId: stall.id })).url }), 403, "forbidden");
    const recalledBatch = await createBatch(h, wholesaler, vegetableBatch());
    const recalled = await issue(h, wholesaler, { batchCode: recalledBatch.code, netWeightGrams: 100 });
    await h.call("POST", `/v1/batches/${recalledBatch.code}/recall`, { key: wholesaler.key, json: { reason: "test-failed", level: "level-2" } });
    expectProblem(await scan(stall, { url: recalled.url }), 409, "goods-recalled");

    const bare = await h.org("wholesaler", { name: "无档案批发商" });
    const bareVoucher = await issue(h, bare, { batchCode: (await createBatch(h, bare, vegetableBatch())).code, netWeightGrams: 100 });
    const open = await scan(stall, { url: bareVoucher.url });
    expectProblem(open, 400, "invalid-request");
    expect(JSON.stringify(open.body.issues)).toMatch(/supplier/);
    expect(await count(h, "purchase_records")).toBe(0);
    const supplied = await scan(stall, { url: bareVoucher.url, supplement: { supplierAddress: "批发市场 9 档", supplierPhone: "13900139000" } });
    expect(supplied.status, supplied.text).toBe(201);
    expect(supplied.body.record.supplier).toMatchObject({ address: "批发市场 9 档", phone: "13900139000" });
  });

  it("receiveAsBatch creates the buyer's batch linked upstream: the trace and a recall reach it", async () => {
    const wholesaler = await seller();
    const stall = await h.org("stall");
    const batch = await createBatch(h, wholesaler, vegetableBatch());
    const voucher = await issue(h, wholesaler, { batchCode: batch.code, netWeightGrams: 7000, buyerOrgId: stall.id });
    const reply = await scan(stall, { url: voucher.url, receiveAsBatch: true });
    expect(reply.status, reply.text).toBe(201);
    const received = reply.body.record.receivedBatchCode;
    const mine = await h.call("GET", `/v1/batches/${received}`, { key: stall.key });
    expect(mine.body).toMatchObject({ orgId: stall.id, sourceVoucherCode: voucher.code, quantity: 7000, product: { name: "菜心" } });
    // A second scan does not create a second batch.
    await scan(stall, { url: voucher.url, receiveAsBatch: true });
    expect(await count(h, "batches", `org_id = '${stall.id}'`)).toBe(1);
    const trace = await h.call("GET", `/v1/batches/${batch.code}/trace`, { key: wholesaler.key });
    expect(JSON.stringify(trace.body)).toContain(received);
    await h.call("POST", `/v1/batches/${batch.code}/recall`, { key: wholesaler.key, json: { reason: "test-failed", level: "level-2" } });
    expect((await h.call("GET", `/v1/batches/${received}`, { key: stall.key })).body.status).toBe("recalled");
  });
});

describe("manual entry and retention", () => {
  it("validates the legally required fields", async () => {
    const restaurant = await h.org("restaurant");
    const post = (body: unknown) => h.call("POST", "/v1/ledger", { key: restaurant.key, json: body });
    const ok = await post(manualLine());
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body).toMatchObject({ source: "manual", productName: "生抽酱油", quantity: { value: 24, unit: "piece" }, shelfLifeDays: 540, supplier: { phone: "0757-87700001" } });
    // Shelf life ends 2028-02-24; six months later is 2028-08-24 (beyond the 2-year floor 2028-11-20? no: the later date wins).
    expect(ok.body.retainUntil).toBe("2028-11-20");
    const { shelfLifeDays: _s, ...noShelfLife } = manualLine();
    expectProblem(await post(noShelfLife), 400, "invalid-request");
    const { productionDate: _p, ...noDate } = manualLine();
    expectProblem(await post(noDate), 400, "invalid-request");
    expectProblem(await post(manualLine({ supplier: { name: "x", address: "y", phone: "123" } })), 400, "invalid-request");
    expectProblem(await post(manualLine({ specification: "" })), 400, "invalid-request");
    expectProblem(await post(manualLine({ productionDate: "2026-12-01", purchaseDate: "2026-11-20" })), 400, "invalid-request");
    // Farm produce needs no shelf life, and a batch number stands for the production date.
    const farm = await post({ ...noShelfLife, productionDate: undefined, batchNumber: "L-77", edibleFarmProduce: true, productName: "土鸡蛋", category: "egg" });
    expect(farm.status, farm.text).toBe(201);
    expect(farm.body.retainUntil).toBe("2027-05-20");
    const regulator = await h.org("regulator");
    expectProblem(await h.call("POST", "/v1/ledger", { key: regulator.key, json: manualLine() }), 403, "forbidden");
  });

  it("retention: deleting before the deadline is refused; after it, only the buyer may delete", async () => {
    const restaurant = await h.org("restaurant");
    await h.call("PUT", `/v1/merchants/${restaurant.id}/profile`, { key: restaurant.key, json: sellerProfile({ businessType: "restaurant", retentionPolicy: { minimumYears: 3 } }) });
    const line = (await h.call("POST", "/v1/ledger", { key: restaurant.key, json: manualLine() })).body;
    expect(line.retainUntil).toBe("2029-11-20");
    const denied = await h.call("DELETE", `/v1/ledger/${line.id}`, { key: restaurant.key });
    expectProblem(denied, 409, "retention-period");
    expect(denied.body.detail).toContain("2029-11-20");
    now = Date.parse("2029-11-20T12:00:00+08:00");
    expectProblem(await h.call("DELETE", `/v1/ledger/${line.id}`, { key: restaurant.key }), 409, "retention-period");
    now = Date.parse("2029-11-21T00:30:00+08:00");
    const other = await h.org("restaurant");
    expectProblem(await h.call("DELETE", `/v1/ledger/${line.id}`, { key: other.key }), 403, "forbidden");
    expect((await h.call("DELETE", `/v1/ledger/${line.id}`, { key: restaurant.key })).status).toBe(204);
    expectProblem(await h.call("GET", `/v1/ledger/${line.id}`, { key: restaurant.key }), 404, "not-found");
  });
});
