/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);
}

export type PageLocale = "zh-CN" | "en";

/**
 * The page locale a language tag asks for, case-insensitively: `zh` or any `zh-…` (zh-CN,
 * zh-Hans, …) is zh-CN, `en` or any `en-…` (en-US, en-GB, …) is en; anything else undefined.
 */
export function localeOfTag(tag: string | undefined): PageLocale | undefined {
  const match = /^(zh|en)(?:-[a-z0-9]{1,8})*$/i.exec(tag?.trim() ?? "");
  if (!match) return undefined;
  return match[1]!.toLowerCase() === "en" ? "en" : "zh-CN";
}

/**
 * ?lang= wins when it names zh or en (see localeOfTag); otherwise Accept-Language: the zh or
 * en range with the highest q (the earlier one on a tie); Chinese when the client names neither.
 */
export function pickLocale(query: string | undefined, acceptLanguage: string | undefined): PageLocale {
  const asked = localeOfTag(query);
  if (asked) return asked;
  let best: { locale: PageLocale; q: number } | undefined;
  for (const part of (acceptLanguage ?? "").slice(0, 512).split(",")) {
    const [range = "", ...params] = part.trim().toLowerCase().split(";");
    const primary = range.trim().split("-")[0];
    if (primary !== "zh" && primary !== "en") continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!(q > 0)) continue;
    if (!best || q > best.q) best = { locale: primary === "en" ? "en" : "zh-CN", q };
  }
  return best?.locale ?? "zh-CN";
}
