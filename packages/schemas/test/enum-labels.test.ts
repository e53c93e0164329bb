import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as schemas from "@shian/schemas";
import { ENUM_LABELS, LOCALES, labelOf } from "@shian/schemas";

const SRC = fileURLToPath(new URL("../src", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

describe("ENUM_LABELS", () => {
  it("gives every value of every enum non-empty zh-CN and en labels", () => {
    for (const [name, labels] of Object.entries(ENUM_LABELS)) {
      const entries = Object.entries(labels);
      expect(entries.length, name).toBeGreaterThan(0);
      for (const [value, label] of entries) {
        for (const locale of LOCALES) {
          expect(typeof label[locale], `${name}.${value}.${locale}`).toBe("string");
          expect(label[locale].trim().length, `${name}.${value}.${locale}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it("covers every labelledEnum defined in the package, including the voucher and product enums", () => {
    const defined = sourceFiles(SRC).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/export const (\w+) = labelledEnum\(/g)].map((match) => match[1]!),
    );
    expect(defined.length).toBeGreaterThanOrEqual(37);
    const registered = new Set<unknown>(Object.values(ENUM_LABELS));
    for (const name of defined) {
      const exported = (schemas as Record<string, unknown>)[name] as { labels: unknown } | undefined;
      expect(exported, `${name} is exported`).toBeDefined();
      expect(registered.has(exported!.labels), `${name} is in ENUM_LABELS`).toBe(true);
    }
    expect(Object.keys(ENUM_LABELS)).toEqual(expect.arrayContaining(["ProductCategory", "RapidTestOutcome", "VoucherType", "ItemStatus"]));
  });

  it("keys each enum by its zod schema, whose options match the labels", () => {
    for (const [name, labels] of Object.entries(ENUM_LABELS)) {
      const schema = (schemas as Record<string, unknown>)[name] as { options?: string[] } | undefined;
      expect(schema?.options, name).toEqual(Object.keys(labels));
    }
  });
});

describe("labelOf", () => {
  it("looks up labels in both locales", () => {
    expect(labelOf("OrganisationKind", "stall", "zh-CN")).toBe("摊位");
    expect(labelOf("ProductCategory", "vegetable", "en")).toBe("Vegetables");
    expect(labelOf("RapidTestOutcome", "suspicious", "zh-CN")).toBe("可疑");
    expect(labelOf("ItemStatus", "recalled", "en")).toBe("Recalled");
  });

  it("returns undefined for unknown enums or values (and ignores prototype keys)", () => {
    expect(labelOf("Nope", "x", "en")).toBeUndefined();
    expect(labelOf("ItemStatus", "expired", "en")).toBeUndefined();
    expect(labelOf("ItemStatus", "toString", "en")).toBeUndefined();
    expect(labelOf("constructor", "name", "en")).toBeUndefined();
  });
});
