/** The AI table kept as data (src/gs1/data/ai-dictionary.json) is GS1's toolkit table, as pinned. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import dictionary from "../src/gs1/data/ai-dictionary.json";

const require = createRequire(import.meta.url);
const TOOLKIT = "digital-link.js/lib/GS1DigitalLinkCompressionPrototype/GS1DigitalLinkToolkit.js";
type Row = { ai: string; title: string; format: string; type: string; shortcode?: string; checkDigit?: string; qualifiers?: string[] };
const Toolkit = require(TOOLKIT) as new () => { aitable: Row[]; tableP: Record<string, number> };

describe("GS1 AI table data", () => {
  const toolkit = new Toolkit();

  it("has every AI of the pinned GS1 toolkit with the same format, type, short name, check digit and qualifiers", () => {
    const ours = new Map(dictionary.ais.map((a) => [a.ai, a as Row]));
    expect(ours.size).toBe(toolkit.aitable.length);
    for (const row of toolkit.aitable) {
      const mine = ours.get(row.ai);
      expect(mine, row.ai).toBeDefined();
      expect({ ...mine, title: undefined }).toEqual({
        ai: row.ai,
        title: undefined,
        format: row.format,
        type: row.type,
        ...(row.shortcode ? { shortcode: row.shortcode } : {}),
        ...(row.checkDigit ? { checkDigit: row.checkDigit } : {}),
        ...(row.qualifiers ? { qualifiers: row.qualifiers } : {}),
      });
      expect(mine!.title).toBe(row.title.trim());
    }
  });

  it("has the toolkit's AI-length and predefined-length tables", () => {
    expect(dictionary.aiLengthByPrefix).toEqual(toolkit.tableP);
    const source = readFileSync(require.resolve(TOOLKIT), "utf8");
    expect(dictionary.predefinedLengthByPrefix).toEqual(JSON.parse(/const fixedLengthTable=(\{[^}]*\})/.exec(source)![1]!));
  });
});
