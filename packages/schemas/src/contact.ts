import { z } from "zod";
import { text } from "./primitives";

/**
 * Chinese telephone numbers as printed on certificates and ledgers.
 *
 * Accepted (spaces, hyphens and brackets are ignored; a `+86`/`0086` prefix is dropped):
 * - mobile: 11 digits `1[3-9]xxxxxxxxx` → normalised `13812345678`;
 * - landline with area code: `010`/`02x` + 8 digits, or `0xxx` + 7–8 digits → `021-12345678`
 *   (from abroad the area code's leading 0 is omitted: `+86 21 1234 5678` works too);
 *   an extension after `-`, `#`, `转` or `ext` is kept as `021-12345678-123`;
 * - service numbers `400`/`800` + 7 digits → `400-123-4567`.
 * A local number without its area code is rejected: it cannot be dialled from elsewhere.
 */
export type PhoneKind = "mobile" | "landline" | "service";

export type PhoneParseResult =
  | { ok: true; kind: PhoneKind; normalised: string }
  | { ok: false; reason: string };

export function parseChinesePhone(input: string): PhoneParseResult {
  if (typeof input !== "string" || input.length > 40) return { ok: false, reason: "not a phone number" };
  let rest = input.trim();
  let extension = "";
  const ext = /^(.*?)(?:\s*(?:#|转|ext\.?|x)\s*(\d{1,6}))$/i.exec(rest);
  if (ext) {
    rest = ext[1]!;
    extension = ext[2]!;
  }
  let digits = rest.replace(/[\s\-()（）]/g, "");
  let international = false;
  if (/^(?:\+86|0086)/.test(digits)) {
    digits = digits.replace(/^(?:\+86|0086)/, "");
    international = true;
  }
  if (!/^\d+$/.test(digits)) return { ok: false, reason: "phone number may contain digits, spaces and - only" };
  if (!extension && !international) {
    // `021-12345678-123`: a trailing group after a landline counts as an extension.
    const dashed = /^(0\d{2,3})-(\d{7,8})-(\d{1,6})$/.exec(rest.replace(/\s/g, ""));
    if (dashed) {
      digits = dashed[1]! + dashed[2]!;
      extension = dashed[3]!;
    }
  }
  if (/^1[3-9]\d{9}$/.test(digits)) {
    if (extension) return { ok: false, reason: "a mobile number has no extension" };
    return { ok: true, kind: "mobile", normalised: digits };
  }
  if (/^[48]00\d{7}$/.test(digits) && !international) {
    return {
      ok: true,
      kind: "service",
      normalised: `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`,
    };
  }
  if (international && /^[1-9]/.test(digits)) digits = `0${digits}`;
  const landline = /^(0(?:10|2\d))(\d{8})$/.exec(digits) ?? /^(0[3-9]\d{2})(\d{7,8})$/.exec(digits);
  if (landline) {
    const base = `${landline[1]}-${landline[2]}`;
    return { ok: true, kind: "landline", normalised: extension ? `${base}-${extension}` : base };
  }
  if (/^\d{7,8}$/.test(digits)) return { ok: false, reason: "landline number needs its area code (e.g. 021-12345678)" };
  return { ok: false, reason: "not a Chinese mobile (1xxxxxxxxxx) or landline (0xx-xxxxxxxx) number" };
}

/** A Chinese mobile, landline or 400/800 number; parses to the normalised form. */
export const ChinesePhone = z
  .string()
  .max(40)
  .transform((value, ctx) => {
    const parsed = parseChinesePhone(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: parsed.reason });
      return z.NEVER;
    }
    return parsed.normalised;
  });
export type ChinesePhone = z.output<typeof ChinesePhone>;

/** A person or desk to reach: a name and a phone number; email optional. */
export const Contact = z
  .object({
    name: text(50).optional(),
    phone: ChinesePhone,
    email: z.email().optional(),
  })
  .strict();
export type Contact = z.output<typeof Contact>;
