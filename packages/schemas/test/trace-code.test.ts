import { describe, expect, it } from "vitest";
import {
  TRACE_NAMESPACE_MAX,
  TRACE_SERIAL_MAX,
  TraceCode,
  formatTraceCode,
  formatTraceCodeForPrint,
  iso7064Mod112,
  parseTraceCode,
  traceCheckChar,
} from "../src/identifiers/trace-code";

const SAMPLES = [
  { namespace: 1, serial: 0 },
  { namespace: 4401, serial: 1234567 },
  { namespace: 310115, serial: 260301000123 },
  { namespace: TRACE_NAMESPACE_MAX, serial: 999_999_999_999 },
  { namespace: 77, serial: 99999999 },
];
/** Serials of 13–15 digits: valid, but their printed form is padded to 16 digits (see below). */
const LONG_SERIALS = [
  { namespace: 310115, serial: 20260301000123 },
  { namespace: TRACE_NAMESPACE_MAX, serial: TRACE_SERIAL_MAX },
];

describe("trace codes", () => {
  it("uses ISO/IEC 7064 MOD 11-2 (GB 11643 identity-number vector)", () => {
    // 11010519491231002X is the standard's published example.
    expect(iso7064Mod112("11010519491231002")).toBe("X");
  });

  it("computes the check character of the padded digits (namespace to 10, serial to 15) from the numbers", () => {
    let seed = 12345;
    const next = (max: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % max;
    };
    const cases = [...SAMPLES, ...LONG_SERIALS];
    for (let i = 0; i < 2000; i++) cases.push({ namespace: 1 + next(TRACE_NAMESPACE_MAX), serial: next(1_000_000) * 1_000_000_000 + next(1_000_000_000) });
    for (const parts of cases) {
      const text = String(parts.namespace).padStart(10, "0") + String(parts.serial).padStart(15, "0");
      expect(traceCheckChar(parts), text).toBe(iso7064Mod112(text));
    }
  });

  it("gives the canonical text of printed and lowercase input, and canonical input unchanged", () => {
    for (const parts of [...SAMPLES, ...LONG_SERIALS]) {
      const canonical = formatTraceCode(parts);
      expect(parseTraceCode(` ${canonical.toLowerCase()} `)).toEqual({ ok: true, parts, canonical });
      expect(parseTraceCode(formatTraceCodeForPrint(parts))).toEqual({ ok: true, parts, canonical });
    }
  });

  it.each(SAMPLES)("round-trips canonical and printed text for %o", (parts) => {
    const canonical = formatTraceCode(parts);
    const printed = formatTraceCodeForPrint(parts);
    expect(parseTraceCode(canonical)).toEqual({ ok: true, parts, canonical });
    expect(parseTraceCode(printed)).toEqual({ ok: true, parts, canonical });
    expect(TraceCode.parse(printed)).toBe(canonical);
  });

  it.each(LONG_SERIALS)("round-trips canonical text for a 13–15 digit serial %o", (parts) => {
    const canonical = formatTraceCode(parts);
    expect(parseTraceCode(canonical)).toEqual({ ok: true, parts, canonical });
  });

  it.each(LONG_SERIALS)("round-trips printed text for a 13–15 digit serial %o", (parts) => {
    const canonical = formatTraceCode(parts);
    expect(parseTraceCode(formatTraceCodeForPrint(parts))).toEqual({ ok: true, parts, canonical });
  });

  it("prints the serial in groups of four", () => {
    const parts = { namespace: 4401, serial: 1234567 };
    const canonical = formatTraceCode(parts);
    const check = canonical.slice(-1);
    expect(canonical).toBe(`4401-1234567-${check}`);
    expect(formatTraceCodeForPrint(parts)).toBe(`4401 0123 4567 ${check}`);
  });

  it("catches every single-digit change", () => {
    for (const parts of [...SAMPLES, ...LONG_SERIALS]) {
      const canonical = formatTraceCode(parts);
      for (let i = 0; i < canonical.length; i++) {
        const original = canonical[i]!;
        if (original === "-") continue;
        for (const replacement of "0123456789X") {
          if (replacement === original) continue;
          const changed = canonical.slice(0, i) + replacement + canonical.slice(i + 1);
          const parsed = parseTraceCode(changed);
          expect(parsed.ok, `${canonical} → ${changed}`).toBe(false);
        }
      }
    }
  });

  it("catches every adjacent transposition of different digits", () => {
    let checked = 0;
    for (const parts of [...SAMPLES, ...LONG_SERIALS]) {
      const canonical = formatTraceCode(parts);
      for (let i = 0; i + 1 < canonical.length; i++) {
        const a = canonical[i]!;
        const b = canonical[i + 1]!;
        if (a === b || a === "-" || b === "-") continue;
        const swapped = canonical.slice(0, i) + b + a + canonical.slice(i + 2);
        expect(parseTraceCode(swapped).ok, `${canonical} → ${swapped}`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it("reports why a code is rejected", () => {
    const good = formatTraceCode({ namespace: 4401, serial: 1234567 });
    const wrongCheck = good.slice(0, -1) + (good.endsWith("0") ? "1" : "0");
    expect(parseTraceCode(wrongCheck)).toEqual({ ok: false, reason: "check" });
    expect(parseTraceCode("4401-1234567")).toEqual({ ok: false, reason: "format" });
    expect(parseTraceCode("04401-1234567-5")).toEqual({ ok: false, reason: "format" });
    expect(parseTraceCode("9999999999-1-0")).toEqual({ ok: false, reason: "range" });
    expect(TraceCode.safeParse(wrongCheck).error?.issues[0]?.message).toBe("trace code check character does not match");
  });

  it("refuses out-of-range parts when formatting", () => {
    expect(() => formatTraceCode({ namespace: 0, serial: 1 })).toThrow(RangeError);
    expect(() => formatTraceCode({ namespace: 1, serial: TRACE_SERIAL_MAX + 1 })).toThrow(RangeError);
    expect(() => formatTraceCode({ namespace: 1.5, serial: 1 })).toThrow(RangeError);
  });
});
