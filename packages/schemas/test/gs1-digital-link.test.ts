import { describe, expect, it } from "vitest";
import {
  buildDigitalLink,
  canonicalDigitalLink,
  DigitalLinkError,
  digitalLinkToElementString,
  elementStringToDigitalLink,
  GS,
  getAiDefinition,
  parseDigitalLink,
  parseDigitalLinkPath,
  parseElementString,
  percentEncodeAiValue,
  toElementString,
  validateAiValue,
} from "../src/index";
import examples from "./fixtures/gs1/examples.json";

function caught(fn: () => unknown): DigitalLinkError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DigitalLinkError);
    return error as DigitalLinkError;
  }
  throw new Error("expected a DigitalLinkError");
}

describe("GS1 Digital Link: GS1's published examples", () => {
  for (const e of examples.elementStringToUri) {
    it(`element string → URI: ${e.id}`, () => {
      const options = e as { stem?: string; shortNames?: boolean };
      expect(elementStringToDigitalLink(e.elementString, { stem: options.stem, shortNames: options.shortNames })).toBe(e.uri);
    });
  }
  for (const e of examples.uriToElementString) {
    it(`URI → element string: ${e.id}`, () => {
      expect(digitalLinkToElementString(e.uri, { brackets: e.brackets })).toBe(e.elementString);
    });
  }
  for (const e of examples.canonical) {
    it(`canonical form: ${e.id}`, () => {
      expect(canonicalDigitalLink(e.uri)).toBe(e.canonical);
      expect(canonicalDigitalLink(e.canonical)).toBe(e.canonical);
    });
  }
  for (const e of examples.bad) {
    it(`rejects ${e.uri} (${e.rule})`, () => {
      const error = caught(() => parseDigitalLink(e.uri));
      expect(error.rule).toBe(e.rule);
      expect(error.ai).toBe((e as { ai?: string }).ai);
      if (error.ai) expect(error.message).toContain(`(${error.ai})`);
    });
  }
});

describe("parseDigitalLink", () => {
  it("splits stem, primary key, qualifiers, attributes and other parameters", () => {
    const dl = parseDigitalLink("https://Shop.Example.com/p/gtin/09506000134352/cpv/2A/lot/L%2F7?3103=000189&17=250101&linkType=gs1%3Apip&x=a+b");
    expect(dl).toEqual({
      stem: "https://shop.example.com/p",
      primaryKey: { ai: "01", value: "09506000134352" },
      qualifiers: [
        { ai: "22", value: "2A" },
        { ai: "10", value: "L/7" },
      ],
      attributes: [
        { ai: "3103", value: "000189" },
        { ai: "17", value: "250101" },
      ],
      otherParams: [
        ["linkType", "gs1:pip"],
        ["x", "a b"],
      ],
    });
  });

  it("accepts the other primary keys: SSCC, GLN, GRAI, GIAI, ITIP, GSRN", () => {
    expect(parseDigitalLink("https://id.gs1.org/00/106141411234567897").primaryKey.ai).toBe("00");
    expect(parseDigitalLink("https://id.gs1.org/414/9521234500001").primaryKey.ai).toBe("414");
    expect(parseDigitalLink("https://id.gs1.org/8003/09521234500018SER1").primaryKey).toEqual({ ai: "8003", value: "09521234500018SER1" });
    expect(parseDigitalLink("https://id.gs1.org/8004/9521234ASSET%2F1").primaryKey).toEqual({ ai: "8004", value: "9521234ASSET/1" });
    expect(parseDigitalLink("https://id.gs1.org/8006/095060001343520102/10/L1").qualifiers).toEqual([{ ai: "10", value: "L1" }]);
    expect(parseDigitalLink("https://id.gs1.org/8018/952123450000000012/8019/12").qualifiers).toEqual([{ ai: "8019", value: "12" }]);
  });

  it("accepts GTIN-8, -12 and -13 and pads them only in the canonical form", () => {
    expect(parseDigitalLink("https://id.gs1.org/01/96385074").primaryKey.value).toBe("96385074");
    expect(canonicalDigitalLink("https://id.gs1.org/01/96385074")).toBe("https://id.gs1.org/01/00000096385074");
    expect(canonicalDigitalLink("https://id.gs1.org/01/614141123452")).toBe("https://id.gs1.org/01/00614141123452");
  });

  it("parses a resolver's path and query", () => {
    const dl = parseDigitalLinkPath("/01/09506000134352/10/ABC1", "?linkType=all");
    expect(dl.primaryKey.value).toBe("09506000134352");
    expect(dl.qualifiers).toEqual([{ ai: "10", value: "ABC1" }]);
    expect(dl.otherParams).toEqual([["linkType", "all"]]);
  });

  it("reports the GRAI check digit at position 14, before the serial", () => {
    expect(caught(() => parseDigitalLink("https://id.gs1.org/8003/09521234500019SER1")).rule).toBe("check-digit");
  });

  it("rejects a primary key in the query, a non-URI and a compressed link", () => {
    expect(caught(() => parseDigitalLink("https://id.gs1.org/01/09506000134352?00=106141411234567897"))).toMatchObject({ rule: "not-a-data-attribute", ai: "00" });
    expect(caught(() => parseDigitalLink("not a uri")).rule).toBe("uri");
    expect(caught(() => parseDigitalLink("ftp://id.gs1.org/01/09506000134352")).rule).toBe("uri");
    expect(caught(() => parseDigitalLink("https://id.gs1.org/ARHKVAdpQg")).rule).toBe("compressed");
    expect(caught(() => parseDigitalLink(`https://id.gs1.org/01/09506000134352?91=${"a".repeat(3000)}`)).rule).toBe("uri");
  });
});

describe("buildDigitalLink", () => {
  it("puts qualifiers in the standard's order and attributes in AI order", () => {
    const uri = buildDigitalLink([
      { ai: "17", value: "260101" },
      { ai: "21", value: "S.1" },
      { ai: "3103", value: "000500" },
      { ai: "01", value: "09506000134352" },
      { ai: "10", value: "LOT(1)" },
      { ai: "15", value: "251231" },
    ]);
    expect(uri).toBe("https://id.gs1.org/01/09506000134352/10/LOT%281%29/21/S.1?15=251231&17=260101&3103=000500");
  });

  it("uses short names and a custom stem on request, and keeps other parameters", () => {
    const uri = buildDigitalLink(
      { primaryKey: { ai: "01", value: "09506000134352" }, qualifiers: [{ ai: "10", value: "A1" }], attributes: [{ ai: "17", value: "260101" }], otherParams: [["linkType", "gs1:pip"]] },
      { stem: "https://Example.com/dl/", shortNames: true },
    );
    expect(uri).toBe("https://example.com/dl/gtin/09506000134352/lot/A1?exp=260101&linkType=gs1%3Apip");
    expect(parseDigitalLink(uri).stem).toBe("https://example.com/dl");
  });

  it("validates what it builds", () => {
    expect(caught(() => buildDigitalLink([{ ai: "10", value: "A" }])).rule).toBe("missing-primary-key");
    expect(caught(() => buildDigitalLink([{ ai: "01", value: "09506000134352" }, { ai: "00", value: "106141411234567897" }])).rule).toBe("missing-primary-key");
    expect(caught(() => buildDigitalLink([{ ai: "01", value: "09506000134352" }, { ai: "3103", value: "12" }]))).toMatchObject({ rule: "length", ai: "3103" });
    expect(caught(() => buildDigitalLink([{ ai: "00", value: "106141411234567897" }, { ai: "10", value: "L" }]))).toMatchObject({ rule: "not-a-data-attribute", ai: "10" });
    expect(caught(() => buildDigitalLink({ primaryKey: { ai: "01", value: "09506000134352" }, qualifiers: [{ ai: "254", value: "x" }] }))).toMatchObject({ rule: "qualifier-not-allowed", ai: "254" });
    expect(caught(() => buildDigitalLink([{ ai: "01", value: "09506000134352" }], { stem: "https://x.example/?q" })).rule).toBe("uri");
  });

  it("round-trips through parse", () => {
    const uri = "https://id.gs1.org/01/09506000134352/22/V%2B2/10/A%26B/21/%21%22%25%27%2A?11=240229&3922=1234&91=x%3Fy";
    expect(buildDigitalLink(parseDigitalLink(uri))).toBe(uri);
    expect(canonicalDigitalLink(uri)).toBe(uri);
  });
});

describe("element strings", () => {
  it("writes predefined-length elements first and a GS only between variable-length ones", () => {
    const elements = [
      { ai: "01", value: "09506000134352" },
      { ai: "10", value: "ABC" },
      { ai: "21", value: "123" },
      { ai: "17", value: "260101" },
      { ai: "3103", value: "000189" },
    ];
    expect(toElementString(elements)).toBe(`0109506000134352172601013103000189${"10ABC"}${GS}21123`);
    expect(toElementString(elements, { brackets: true })).toBe("(01)09506000134352(10)ABC(21)123(17)260101(3103)000189");
    expect(toElementString(elements, { separator: "|" })).toBe("0109506000134352172601013103000189" + "10ABC|21123");
  });

  it("puts a GS after a variable-length primary key that is not last", () => {
    expect(toElementString([{ ai: "8004", value: "9521234A1" }, { ai: "17", value: "260101" }])).toBe(`80049521234A1${GS}17260101`);
  });

  it("parses the barcode form with a symbology identifier, and the bracketed form", () => {
    const expected = [
      { ai: "01", value: "09506000134352" },
      { ai: "17", value: "260101" },
      { ai: "10", value: "AB(C)" },
      { ai: "21", value: "9" },
    ];
    expect(parseElementString(`]d2010950600013435217260101${"10AB(C)"}${GS}219`)).toEqual(expected);
    expect(parseElementString(`]Q3${GS}010950600013435217260101${"10AB(C)"}${GS}219`)).toEqual(expected);
    expect(parseElementString("(01)09506000134352(17)260101(10)AB(C)(21)9")).toEqual(expected);
  });

  it("converts both ways between URI and element string", () => {
    const uri = "https://id.gs1.org/01/09506000134352/10/ABC/21/123?17=260101&3103=000189";
    expect(elementStringToDigitalLink(digitalLinkToElementString(uri))).toBe(uri);
    expect(elementStringToDigitalLink(digitalLinkToElementString(uri, { brackets: true }))).toBe(uri);
  });

  it("names the AI of a bad element", () => {
    expect(caught(() => parseElementString("0109506000134353"))).toMatchObject({ rule: "check-digit", ai: "01" });
    expect(caught(() => parseElementString("(01)09506000134352(99999)1"))).toMatchObject({ rule: "length", ai: "01" });
    expect(caught(() => parseElementString("0109506000134352" + "4799"))).toMatchObject({ rule: "unknown-ai" });
    expect(caught(() => parseElementString("(01)09506000134352(10)A(10)B"))).toMatchObject({ rule: "duplicate-ai", ai: "10" });
    expect(caught(() => parseElementString("(x)1")).rule).toBe("element-string");
  });
});

describe("AI values", () => {
  it("reads the format from the AI table", () => {
    expect(getAiDefinition("01")).toMatchObject({ format: "N14", type: "I", checkDigit: "L", qualifiers: ["22", "10", "21"] });
    expect(getAiDefinition("3103")).toMatchObject({ format: "N6", type: "D" });
    expect(() => validateAiValue("3103", "000189")).not.toThrow();
    expect(() => validateAiValue("7230", "AB12345")).not.toThrow();
    expect(caught(() => validateAiValue("7230", "A"))).toMatchObject({ rule: "length", ai: "7230" });
    expect(() => validateAiValue("8010", "ABC#-/123")).not.toThrow();
    expect(caught(() => validateAiValue("8010", "abc"))).toMatchObject({ rule: "characters", ai: "8010" });
    expect(() => validateAiValue("10", "A:B;C<=>?")).not.toThrow();
    expect(caught(() => validateAiValue("10", "A@B"))).toMatchObject({ rule: "characters" });
    expect(caught(() => validateAiValue("4799", "1"))).toMatchObject({ rule: "unknown-ai", ai: "4799" });
  });

  it("percent-encodes everything outside the unreserved set", () => {
    expect(percentEncodeAiValue(`A-._~!"%&'()*+,/:;<=>?`)).toBe("A-._~%21%22%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F");
  });
});
