import { describe, expect, it } from "vitest";
import { Product } from "../src/product";
import { Quantity } from "../src/unit";

describe("Product", () => {
  it("parses a prepackaged product with a GTIN", () => {
    const product = Product.parse({
      name: "盒装豆腐",
      category: "soy-product",
      gtin: "6901234567892",
      specification: "400g/盒",
      shelfLifeDays: 3,
      unit: "box",
    });
    expect(product.gtin).toBe("6901234567892");
  });

  it("lets loose produce go without GTIN or shelf life", () => {
    expect(Product.parse({ name: "青菜", category: "vegetable", unit: "gram" })).toEqual({
      name: "青菜",
      category: "vegetable",
      unit: "gram",
    });
  });

  it("rejects a bad GTIN, unknown category, fractional shelf life and empty name", () => {
    const base = { name: "豆腐", category: "soy-product", unit: "box" };
    expect(Product.safeParse({ ...base, gtin: "6901234567891" }).error?.issues[0]?.message).toBe(
      "GTIN check digit does not match",
    );
    expect(Product.safeParse({ ...base, category: "candy" }).success).toBe(false);
    expect(Product.safeParse({ ...base, shelfLifeDays: 2.5 }).error?.issues[0]?.message).toBe(
      "shelf life is a whole number of days",
    );
    expect(Product.safeParse({ ...base, name: "   " }).error?.issues[0]?.message).toBe("must not be empty");
  });
});

describe("Quantity", () => {
  it("is a positive whole number in a unit", () => {
    expect(Quantity.parse({ value: 2500, unit: "gram" })).toEqual({ value: 2500, unit: "gram" });
    expect(Quantity.safeParse({ value: 2.5, unit: "kilogram" }).error?.issues[0]?.message).toMatch(/whole number/);
    expect(Quantity.safeParse({ value: 0, unit: "gram" }).success).toBe(false);
    expect(Quantity.safeParse({ value: 1, unit: "ton" }).success).toBe(false);
  });
});
