import { describe, expect, it } from "vitest";
import { bulkLineJson } from "../src/services/bulk-line";
import { type BulkLine, type VoucherRow, voucherView } from "../src/services/vouchers";

const row = (over: Partial<VoucherRow>): VoucherRow => ({
  code: "1001-2-77",
  orgId: "org-a",
  namespace: 1001,
  serial: 77,
  type: "sale",
  batchCode: "1001-1-5",
  buyerOrgId: null,
  keyIndex: 3,
  digits: "123456",
  url: "http://localhost:8787/v/123456",
  claims: { type: "sale", code: "1001-2-77", issuedAt: "2026-11-24T00:00:00.000Z", netWeightGrams: 500, batchCode: "1001-1-5" },
  status: "valid",
  idempotencyKey: "k",
  createdAt: "2026-11-24T00:00:00.000Z",
  ...over,
});

describe("bulk result lines", () => {
  it("are the text JSON.stringify gives, for ok and error lines", () => {
    const lines: BulkLine[] = [
      { line: 1, idempotencyKey: "till-7-000001", ok: true, created: true, voucher: voucherView(row({})) },
      { line: 2, idempotencyKey: 'quote " back \\ 鲜 \u2028 \n', ok: true, created: false, voucher: voucherView(row({ batchCode: null, buyerOrgId: "org-b", status: "recalled" })) },
      { line: 3, idempotencyKey: "k", ok: true, created: true, voucher: voucherView(row({ claims: { lot: "A\"1", nested: { a: [1, null] } }, keyIndex: 0 })) },
      { line: 4, idempotencyKey: "k", ok: false, error: { code: "test-required", message: "batch 1001-1-5 needs a passing rapid test" } },
      { line: 5, ok: false, error: { code: "invalid-request", message: "line is not JSON" } },
    ];
    for (const line of lines) {
      expect(bulkLineJson(line)).toBe(JSON.stringify(line));
      expect(JSON.parse(bulkLineJson(line))).toEqual(line);
    }
  });
});
