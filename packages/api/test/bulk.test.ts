import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, type TestOrg, vegetableBatch } from "./harness";

let h: Harness;
let seller: TestOrg;
let batchCode: string;

beforeEach(async () => {
  h = await createHarness({ bulkChunkSize: 100, maxBulkBytes: 4 * 1024 * 1024 });
  seller = await h.org("wholesaler");
  batchCode = (await h.call("POST", "/v1/batches", { key: seller.key, json: vegetableBatch() })).body.code;
});
afterEach(() => h.close());

const ndjson = (items: unknown[]) => items.map((item) => JSON.stringify(item)).join("\n");
const items = (count: number, prefix = "k") => Array.from({ length: count }, (_, i) => ({ idempotencyKey: `${prefix}-${i}`, batchCode, netWeightGrams: 500 + i }));
const bulk = (body: string, headers: Record<string, string> = {}) =>
  h.call("POST", "/v1/vouchers/bulk", { key: seller.key, body, headers: { "content-type": "application/x-ndjson", ...headers } });
const lines = (text: string) => text.trim().split("\n").map((line) => JSON.parse(line));
const stored = async () => (await h.db.all<{ key: string; n: number }>(sql`SELECT idempotency_key AS key, COUNT(*) AS n FROM vouchers WHERE idempotency_key IS NOT NULL GROUP BY idempotency_key`));

describe("bulk voucher issue", () => {
  it("issues 10,000 vouchers in one request, one NDJSON result per line in order", async () => {
    const response = await bulk(ndjson(items(10_000)));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/x-ndjson/);
    const results = lines(response.text);
    expect(results).toHaveLength(10_000);
    expect(results.every((r, i) => r.ok && r.created && r.line === i + 1 && r.idempotencyKey === `k-${i}`)).toBe(true);
    expect(new Set(results.map((r) => r.voucher.code)).size).toBe(10_000);
    expect(results[9_999].voucher.claims).toMatchObject({ batchCode, netWeightGrams: 10_499, originRegion: "530424" });
    expect((await stored()).length).toBe(10_000);
  }, 120_000);

  it("a failure inside a chunk's transaction stores nothing of that chunk; the retry creates each voucher exactly once", async () => {
    await h.db.run(sql.raw(`CREATE TRIGGER forced_failure BEFORE INSERT ON vouchers WHEN NEW.idempotency_key = 'k-150' BEGIN SELECT RAISE(ABORT, 'forced failure'); END`));
    const body = ndjson(items(350));
    const first = lines((await bulk(body)).text);
    expect(first).toHaveLength(350);
    const failed = first.filter((r) => !r.ok);
    expect(failed.map((r) => r.line)).toEqual(Array.from({ length: 100 }, (_, i) => 101 + i));
    expect(failed.every((r) => r.error.code === "chunk-failed")).toBe(true);
    const afterFailure = await stored();
    expect(afterFailure.length).toBe(250);
    expect(afterFailure.some((row) => /^k-1\d\d$/.test(row.key))).toBe(false);

    await h.db.run(sql.raw("DROP TRIGGER forced_failure"));
    const retry = lines((await bulk(body)).text);
    expect(retry.every((r) => r.ok)).toBe(true);
    expect(retry.filter((r) => r.created).map((r) => r.line)).toEqual(Array.from({ length: 100 }, (_, i) => 101 + i));
    expect(retry.filter((r) => !r.created).map((r) => r.voucher.code)).toEqual(first.filter((r) => r.ok).map((r) => r.voucher.code));
    const final = await stored();
    expect(final.length).toBe(350);
    expect(final.every((row) => row.n === 1)).toBe(true);
  });

  it("reports bad lines without stopping the others", async () => {
    const body = [
      JSON.stringify({ idempotencyKey: "a", batchCode }),
      "{not json",
      JSON.stringify({ batchCode }),
      JSON.stringify({ idempotencyKey: "b", batchCode: "1-0-3" }),
      JSON.stringify({ idempotencyKey: "c", batchCode, colour: "red" }),
      "",
      JSON.stringify({ idempotencyKey: "d", netWeightGrams: 5 }),
    ].join("\n");
    const results = lines((await bulk(body)).text);
    expect(results.map((r) => [r.line, r.ok])).toEqual([[1, true], [2, false], [3, false], [4, false], [5, false], [7, true]]);
    expect(results[1].error.code).toBe("invalid-request");
    expect(results[3].error.code).toBe("not-found");
  });

  it("stops a failed batch from being sold in bulk too", async () => {
    await h.call("POST", `/v1/batches/${batchCode}/recall`, { key: seller.key, json: { reason: "other", level: "level-3" } });
    const results = lines((await bulk(ndjson(items(3)))).text);
    expect(results.every((r) => !r.ok && r.error.code === "conflict")).toBe(true);
    expect((await stored()).length).toBe(0);
  });

  it("refuses the wrong content type, oversize bodies, missing keys and other organisations' batches", async () => {
    expect((await bulk(ndjson(items(1)), { "content-type": "application/json" })).status).toBe(415);
    expect((await bulk("x".repeat(10), { "content-length": String(5 * 1024 * 1024) })).status).toBe(413);
    const streamedTooLarge = lines((await bulk(`${ndjson(items(1))}\n${" ".repeat(4 * 1024 * 1024 + 10)}`)).text);
    expect(streamedTooLarge.at(-1)).toMatchObject({ ok: false, error: { code: "payload-too-large" } });
    expect((await h.call("POST", "/v1/vouchers/bulk", { body: ndjson(items(1)), headers: { "content-type": "application/x-ndjson" } })).status).toBe(401);
    const other = await h.org("wholesaler");
    const foreign = lines((await h.call("POST", "/v1/vouchers/bulk", { key: other.key, body: ndjson(items(2)), headers: { "content-type": "application/x-ndjson" } })).text);
    expect(foreign.every((r) => !r.ok && r.error.code === "forbidden")).toBe(true);
  });
});
