import { describe, expect, it } from "vitest";
import { buildDigitalLink, canonicalDigitalLink, digitalLinkToElementString, isShianError, parseDigitalLink, parseElementString, ShianError } from "../src/index";

function caught(fn: () => unknown): ShianError {
  try {
    fn();
  } catch (error) {
    expect(isShianError(error)).toBe(true);
    return error as ShianError;
  }
  throw new Error("expected a ShianError");
}

describe("GS1 Digital Link (SDK)", () => {
  it("parses, canonicalises and converts", () => {
    const uri = "https://example.com/gtin/9506000134352/lot/ABC1?exp=260101";
    expect(parseDigitalLink(uri).qualifiers).toEqual([{ ai: "10", value: "ABC1" }]);
    expect(canonicalDigitalLink(uri)).toBe("https://id.gs1.org/01/09506000134352/10/ABC1?17=260101");
    expect(digitalLinkToElementString(uri, { brackets: true })).toBe("(01)09506000134352(10)ABC1(17)260101");
    expect(buildDigitalLink([{ ai: "01", value: "09506000134352" }])).toBe("https://id.gs1.org/01/09506000134352");
  });

  it("reports a bad link as a ShianError naming the AI and the rule", () => {
    const error = caught(() => parseDigitalLink("https://id.gs1.org/01/09506000134353"));
    expect(error.code).toBe("invalid-digital-link");
    expect(error.details).toEqual({ ai: "01", rule: "check-digit" });
    expect(error.message).toContain("(01)");
    expect(caught(() => parseElementString("(01)09506000134352(17)261399")).details).toEqual({ ai: "17", rule: "date" });
    expect(caught(() => parseDigitalLink("nope")).details).toEqual({ rule: "uri" });
  });

  it("throws only ShianErrors, whatever the input", () => {
    for (const input of [undefined, null, 42, {}, [], "https://id.gs1.org/01/", "https://id.gs1.org/%"]) {
      expect(caught(() => parseDigitalLink(input as string)).code).toMatch(/^invalid-/);
      expect(caught(() => buildDigitalLink(input as never)).code).toMatch(/^invalid-/);
      expect(caught(() => canonicalDigitalLink(input as string)).code).toMatch(/^invalid-/);
    }
  });
});
