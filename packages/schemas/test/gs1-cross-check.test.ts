/**
 * Cross-check against two other implementations, pinned as devDependencies: GS1's own
 * GS1DigitalLinkToolkit.js and digital-link.js's grammar validator (both in digital-link.js 1.4.3).
 * A few hundred links are generated from a seeded PRNG.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { prng } from "../../sdk/test/seeded";
import {
  buildDigitalLink,
  type GS1Element,
  getAiDefinition,
  gs1CheckDigit,
  hasPredefinedLength,
  parseDigitalLink,
  parseElementString,
  toElementString,
} from "../src/index";

const require = createRequire(import.meta.url);
type AiMap = Record<string, string>;
const Toolkit = require("digital-link.js/lib/GS1DigitalLinkCompressionPrototype/GS1DigitalLinkToolkit.js") as new () => {
  buildGS1digitalLink(map: AiMap, useShortText: boolean, uriStem: string | null, other: AiMap): string;
  buildGS1elementStrings(map: AiMap, brackets: boolean): string;
  extractFromGS1digitalLink(uri: string): { GS1: AiMap; other: AiMap };
  extractFromGS1elementStrings(text: string): AiMap;
};
const { DigitalLink } = require("digital-link.js") as { DigitalLink: (uri: string) => { isValid(): boolean } };
const toolkit = new Toolkit();

const rand = prng(20261124);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)]!;
const digits = (n: number) => Array.from({ length: n }, () => String(int(10))).join("");
const withCheck = (body: string) => body + gs1CheckDigit(body);
// GS1 character set 82 less :;<=>? and ", which the toolkit's regular expressions leave out
const X = "!%&'()*+,-./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
const xs = (min: number, max: number) => Array.from({ length: min + int(max - min + 1) }, () => pick([...X])).join("");
const date = () => `${digits(2)}${String(1 + int(12)).padStart(2, "0")}${String(int(29)).padStart(2, "0")}`;

const ATTRIBUTES: Record<string, () => string> = {
  "11": date,
  "13": date,
  "15": date,
  "16": date,
  "17": date,
  "3103": () => digits(6),
  "3922": () => digits(1 + int(15)),
  "30": () => digits(1 + int(8)),
  "422": () => digits(3),
  "7003": () => digits(10),
  "91": () => xs(1, 90),
};

function generate(): GS1Element[] {
  const kind = pick(["gtin", "gtin", "gtin", "sscc", "gln", "grai", "giai", "itip"]);
  const els: GS1Element[] = [];
  if (kind === "gtin") {
    els.push({ ai: "01", value: withCheck(digits(pick([7, 11, 12, 13]))) });
    if (rand() < 0.3) els.push({ ai: "22", value: xs(1, 20) });
    if (rand() < 0.7) els.push({ ai: "10", value: xs(1, 20) });
    if (rand() < 0.5) els.push({ ai: "21", value: xs(1, 20) });
  } else if (kind === "sscc") els.push({ ai: "00", value: withCheck(digits(17)) });
  else if (kind === "gln") {
    els.push({ ai: "414", value: withCheck(digits(12)) });
    if (rand() < 0.5) els.push({ ai: "254", value: xs(1, 20) });
  } else if (kind === "grai") els.push({ ai: "8003", value: withCheck(`0${digits(12)}`) + xs(0, 16) });
  else if (kind === "giai") els.push({ ai: "8004", value: xs(1, 30) });
  else {
    els.push({ ai: "8006", value: withCheck(digits(13)) + "0102" });
    if (rand() < 0.5) els.push({ ai: "10", value: xs(1, 20) });
  }
  for (const [ai, make] of Object.entries(ATTRIBUTES)) if (rand() < 0.25) els.push({ ai, value: make() });
  return els.sort(() => rand() - 0.5);
}

const toMap = (els: GS1Element[]): AiMap =>
  Object.fromEntries(els.map((e) => [e.ai, e.ai === "01" ? e.value.padStart(14, "0") : e.value]));
const CASES = Array.from({ length: 300 }, generate);

describe("cross-check with GS1's toolkit and digital-link.js (300 generated links)", () => {
  it("builds the same Digital Link URIs as GS1's toolkit (same path, same query parameters)", () => {
    for (const els of CASES) {
      const ours = buildDigitalLink(els);
      const theirs = toolkit.buildGS1digitalLink(toMap(els), false, null, {});
      const [ourPath, ourQuery = ""] = ours.split("?");
      const [theirPath, theirQuery = ""] = theirs.split("?");
      expect(ourPath, JSON.stringify(els)).toBe(theirPath!.replace(/\/01\/(\d+)/, (_m, g: string) => `/01/${els.find((e) => e.ai === "01")!.value}`));
      expect(ourQuery.split("&").sort()).toEqual(theirQuery.split("&").sort());
    }
  });

  it("each reads the other's URIs and element strings to the same AIs", () => {
    for (const els of CASES) {
      const expected = toMap(els);
      const uri = buildDigitalLink(els);
      expect(toolkit.extractFromGS1digitalLink(uri).GS1, uri).toEqual(expected);
      expect(toMap([...[parseDigitalLink(toolkit.buildGS1digitalLink(expected, true, "https://example.org", {}))].flatMap((d) => [d.primaryKey, ...d.qualifiers, ...d.attributes])])).toEqual(expected);
      expect(toolkit.extractFromGS1elementStrings(toElementString(els))).toEqual(expected);
      // The toolkit omits the GS after any fixed-length value (422, 7003, 8006), but only the AIs
      // of the predefined-length table (GS1 General Specifications 7.8.5-2) may go without one.
      if (!els.some((e) => !hasPredefinedLength(e.ai) && !getAiDefinition(e.ai)!.format.includes(".."))) {
        expect(toMap(parseElementString(toolkit.buildGS1elementStrings(expected, false)))).toEqual(expected);
      }
    }
  });

  it("writes the same bracketed element strings as GS1's toolkit", () => {
    for (const els of CASES) expect(toElementString(els, { brackets: true })).toBe(toolkit.buildGS1elementStrings(toMap(els), true));
  });

  it("digital-link.js's grammar accepts every URI built here", () => {
    // its decoder rejects every GIAI (8004) and ITIP (8006) link, even https://example.com/8004/A1
    for (const els of CASES.filter((c) => !c.some((e) => e.ai === "8004" || e.ai === "8006"))) {
      const uri = buildDigitalLink(els, { stem: "https://example.com" });
      expect(DigitalLink(uri).isValid(), uri).toBe(true);
    }
  });

  it("both reject a primary key whose check digit is wrong", () => {
    for (const els of CASES.slice(0, 50)) {
      const key = els.find((e) => ["01", "00", "414", "8003", "8006"].includes(e.ai));
      if (!key) continue;
      const at = key.ai === "8003" || key.ai === "8006" ? 13 : key.value.length - 1;
      const bad = els.map((e) => (e === key ? { ai: e.ai, value: e.value.slice(0, at) + ((Number(e.value[at]) + 1) % 10) + e.value.slice(at + 1) } : e));
      expect(() => buildDigitalLink(bad)).toThrow(/check digit/);
      expect(() => toolkit.buildGS1digitalLink(toMap(bad), false, null, {})).toThrow(/CHECK DIGIT/);
    }
  });
});
