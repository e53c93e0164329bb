import { describe, expect, it } from "vitest";
import { formatTraceCode } from "../src/identifiers/trace-code";
import { DEFAULT_RETENTION_POLICY, PurchaseRecord, retentionUntil } from "../src/purchase-record";

const record = {
  buyerId: "restaurant-9",
  productName: "酱油",
  specification: "500ml/瓶",
  quantity: { value: 24, unit: "bottle" },
  productionDate: "2026-01-10",
  shelfLifeDays: 540,
  purchaseDate: "2026-03-01",
  supplier: { name: "某调味品批发部", address: "佛山市三水区某路 8 号", phone: "0757-87654321" },
} as const;

function messages(result: { error?: { issues: { message: string }[] } }) {
  return (result.error?.issues ?? []).map((issue) => issue.message);
}

describe("PurchaseRecord", () => {
  it("parses a record with the legally required fields", () => {
    const parsed = PurchaseRecord.parse(record);
    expect(parsed.edibleFarmProduce).toBe(false);
    expect(parsed.supplier.phone).toBe("0757-87654321");
  });

  it("requires the production date or a batch", () => {
    const { productionDate: _p, ...noDate } = record;
    expect(messages(PurchaseRecord.safeParse(noDate))).toEqual(["give the production date or the batch"]);
    expect(PurchaseRecord.safeParse({ ...noDate, batchNumber: "L20260110" }).success).toBe(true);
    const sourceBatchCode = formatTraceCode({ namespace: 4401, serial: 77 });
    expect(PurchaseRecord.safeParse({ ...noDate, sourceBatchCode }).success).toBe(true);
  });

  it("requires shelf life except for edible farm produce", () => {
    const { shelfLifeDays: _s, ...noShelfLife } = record;
    expect(messages(PurchaseRecord.safeParse(noShelfLife))).toEqual(["shelf life is required (except for edible farm produce)"]);
    expect(PurchaseRecord.safeParse({ ...noShelfLife, edibleFarmProduce: true }).success).toBe(true);
  });

  it.each(["productName", "specification", "quantity", "purchaseDate", "supplier"] as const)("requires %s", (field) => {
    const { [field]: _omit, ...rest } = record;
    expect(PurchaseRecord.safeParse(rest).success).toBe(false);
  });

  it.each(["name", "address", "phone"] as const)("requires the supplier's %s", (field) => {
    const { [field]: _omit, ...supplier } = record.supplier;
    expect(PurchaseRecord.safeParse({ ...record, supplier }).success).toBe(false);
  });

  it("takes a voucher URL (https only) and rejects production after purchase", () => {
    expect(PurchaseRecord.safeParse({ ...record, sourceVoucherUrl: "https://t.example.cn/v/12345" }).success).toBe(true);
    expect(messages(PurchaseRecord.safeParse({ ...record, sourceVoucherUrl: "http://t.example.cn/v/1" }))).toEqual([
      "voucher URL must be an https URL",
    ]);
    expect(messages(PurchaseRecord.safeParse({ ...record, productionDate: "2026-03-02" }))).toEqual([
      "productionDate must not be after purchaseDate",
    ]);
  });
});

describe("retentionUntil", () => {
  it("keeps 6 months after shelf life when that is beyond 2 years", () => {
    // produced 2026-01-10 + 540 days = 2027-07-04; + 6 months = 2028-01-04 < 2028-03-01
    expect(retentionUntil(record)).toBe("2028-03-01");
    // a long shelf life: 2026-01-10 + 1095 days = 2029-01-09; + 6 months = 2029-07-09
    expect(retentionUntil({ ...record, shelfLifeDays: 1095 })).toBe("2029-07-09");
  });

  it("never keeps less than 2 years after purchase by default", () => {
    expect(retentionUntil({ ...record, shelfLifeDays: 3 })).toBe("2028-03-01");
  });

  it("follows a custom policy (the statute alone: 6 months after expiry)", () => {
    expect(retentionUntil({ ...record, shelfLifeDays: 3 }, { minimumYears: 0 })).toBe("2026-07-13");
    expect(retentionUntil({ ...record, shelfLifeDays: 3 }, { minimumYears: 0, monthsAfterShelfLife: 12 })).toBe("2027-01-13");
  });

  it("uses the purchase date when only the batch is known (keeps longer, never shorter)", () => {
    const { productionDate: _p, ...batchOnly } = record;
    expect(retentionUntil({ ...batchOnly, shelfLifeDays: 1095 })).toBe("2029-08-28");
  });

  it("keeps edible farm produce 6 months", () => {
    expect(retentionUntil({ purchaseDate: "2026-08-31", edibleFarmProduce: true })).toBe("2027-02-28");
    expect(retentionUntil({ purchaseDate: "2026-03-01", edibleFarmProduce: true, shelfLifeDays: 7 })).toBe("2026-09-08");
    expect(retentionUntil({ purchaseDate: "2026-03-01", edibleFarmProduce: true }, { edibleFarmProduceMonths: 24 })).toBe("2028-03-01");
  });

  it("keeps 2 years when a non-farm product has no shelf life", () => {
    expect(retentionUntil({ purchaseDate: "2024-02-29" })).toBe("2026-02-28");
  });

  it("exposes its defaults and rejects a bad policy", () => {
    expect(DEFAULT_RETENTION_POLICY).toEqual({
      monthsAfterShelfLife: 6,
      minimumYears: 2,
      noShelfLifeYears: 2,
      edibleFarmProduceMonths: 6,
    });
    expect(() => retentionUntil(record, { minimumYears: -1 })).toThrow();
  });
});
