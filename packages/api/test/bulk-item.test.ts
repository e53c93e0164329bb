import { describe, expect, it } from "vitest";
import { fastBulkItem, parseBulkItem } from "../src/services/bulk-item";
import { BulkItem, VoucherRequest } from "../src/services/vouchers";

/** The reference: zod alone, key first, then the request without it. */
function viaZod(value: unknown) {
  try {
    const { idempotencyKey, ...rest } = BulkItem.parse(value);
    try {
      return { key: idempotencyKey, body: VoucherRequest.parse(rest) };
    } catch (error) {
      return { key: idempotencyKey, bodyError: (error as Error).message };
    }
  } catch (error) {
    return { keyError: (error as Error).message };
  }
}

function viaParse(value: unknown) {
  let parsed;
  try {
    parsed = parseBulkItem(value);
  } catch (error) {
    return { keyError: (error as Error).message };
  }
  try {
    return { key: parsed.key, body: parsed.body() };
  } catch (error) {
    return { key: parsed.key, bodyError: (error as Error).message };
  }
}

const common = [
  { idempotencyKey: "k", batchCode: "1001-1-5", netWeightGrams: 500 },
  { idempotencyKey: "k".repeat(128), type: "sale", batchCode: "b".repeat(64), buyerOrgId: "o".repeat(64), quantity: 0, unitPriceFen: 1_000_000_000 },
  { idempotencyKey: "k", type: "batch" },
  { idempotencyKey: "k" },
];
const other = [
  null, [], "k", 7, {},
  { idempotencyKey: "" }, { idempotencyKey: "k".repeat(129) }, { idempotencyKey: 7 },
  { idempotencyKey: "k", type: "nope" }, { idempotencyKey: "k", type: null },
  { idempotencyKey: "k", batchCode: "b".repeat(65) }, { idempotencyKey: "k", buyerOrgId: 5 },
  { idempotencyKey: "k", netWeightGrams: -1 }, { idempotencyKey: "k", netWeightGrams: 1.5 }, { idempotencyKey: "k", quantity: 1_000_000_001 },
  { idempotencyKey: "k", unitPriceFen: "5" }, { idempotencyKey: "k", netWeightGrams: null },
  { idempotencyKey: "k", extra: 1 }, JSON.parse('{"idempotencyKey":"k","__proto__":{"x":1}}'), JSON.parse('{"idempotencyKey":"k","constructor":1}'),
  { idempotencyKey: "k", url: "http://localhost:8787/v/123" }, { idempotencyKey: "k", url: "x", batchCode: "1" },
  { idempotencyKey: "k", expiresAt: "2026-11-24T00:00:00Z" }, { idempotencyKey: "k", expiresAt: "tomorrow" },
  { idempotencyKey: "k", gtin: "09506000134352" }, { idempotencyKey: "k", gtin: "123" }, { idempotencyKey: "k", lot: "A1" },
];

describe("bulk item validation", () => {
  it("checks the common shape by hand", () => {
    for (const value of common) expect(fastBulkItem(value), JSON.stringify(value)).toBeDefined();
    for (const value of other) expect(fastBulkItem(value), JSON.stringify(value)).toBeUndefined();
  });

  it("gives what zod gives, values and errors, for every item", () => {
    for (const value of [...common, ...other]) expect(viaParse(value), JSON.stringify(value)).toEqual(viaZod(value));
  });
});
