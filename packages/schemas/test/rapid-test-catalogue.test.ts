import { describe, expect, it } from "vitest";
import { RAPID_TEST_CATALOGUE, RapidTestCatalogueItem, catalogueItem } from "../src/rapid-test-catalogue";
import { RAPID_TEST_ITEM_CATEGORY, judgeMeasurement, rapidTestCategories, rapidTestItems } from "../src/rapid-test";

describe("rapid-test catalogue", () => {
  it("has 65 unique items across exactly the 7 categories (seed 002), each valid against its schema", () => {
    expect(RAPID_TEST_CATALOGUE).toHaveLength(65);
    expect(new Set(RAPID_TEST_CATALOGUE.map((item) => item.code)).size).toBe(65);
    expect(new Set(RAPID_TEST_CATALOGUE.map((item) => item.category))).toEqual(new Set(rapidTestCategories.values));
    for (const item of RAPID_TEST_CATALOGUE) expect(RapidTestCatalogueItem.safeParse(item).success, item.code).toBe(true);
  });

  it("covers every named item of the vocabulary except 'other', under the item's own category", () => {
    expect(RAPID_TEST_CATALOGUE.map((item) => item.code).sort()).toEqual(rapidTestItems.values.filter((code) => code !== "other").sort());
    for (const item of RAPID_TEST_CATALOGUE) expect(item.category).toBe(RAPID_TEST_ITEM_CATEGORY[item.code]);
  });

  it("files the items the seed names (pesticide residue, 瘦肉精, nitrite, sulfur dioxide, health-food additions)", () => {
    expect(catalogueItem("organophosphate-carbamate")).toMatchObject({ method: "enzyme-inhibition", standard: { code: "GB/T 5009.199-2003" }, threshold: { comparator: "gte", value: 50, unit: "%" } });
    for (const code of ["clenbuterol", "ractopamine", "salbutamol"]) expect(catalogueItem(code)).toMatchObject({ category: "veterinary-drug", method: "colloidal-gold", readout: "qualitative", standard: { code: "KJ 201706" } });
    expect(catalogueItem("nitrite")?.category).toBe("additive-abuse");
    expect(catalogueItem("sulfur-dioxide")?.readout).toBe("quantitative");
    expect(catalogueItem("sildenafil")?.category).toBe("illegal-additive");
    expect(catalogueItem("other")).toBeUndefined();
    expect(catalogueItem("no-such-item")).toBeUndefined();
  });

  it("its thresholds judge: the limit itself passes a 'gt' limit and fails a 'gte' cut-off", () => {
    const so2 = catalogueItem("sulfur-dioxide")!;
    expect(judgeMeasurement({ kind: "value", value: 100 }, so2.threshold)).toBe("pass");
    expect(judgeMeasurement({ kind: "value", value: 100.1 }, so2.threshold)).toBe("fail");
    const enzyme = catalogueItem("organophosphate-carbamate")!;
    expect(judgeMeasurement({ kind: "value", value: 50 }, enzyme.threshold)).toBe("fail");
  });

  it("rejects an item whose category disagrees with the vocabulary", () => {
    const wrong = { ...catalogueItem("borax")!, category: "heavy-metal" };
    expect(RapidTestCatalogueItem.safeParse(wrong).success).toBe(false);
  });
});
