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

/**
 * The start of every page the API renders, up to and including <title>: no scripts and no
 * external resources (the CSP allows inline styles and data: images only), not indexed.
 */
export function pageHead(options: { locale: PageLocale; title: string; themeColor?: string; /** Allow plain form posts to this origin (the report forms). */ formsToSelf?: boolean }): string {
  return `<!doctype html>
<html lang="${options.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action ${options.formsToSelf ? "'self'" : "'none'"}">
<meta name="robots" content="noindex">
${options.themeColor ? `<meta name="theme-color" content="${escapeHtml(options.themeColor)}">\n` : ""}<title>${escapeHtml(options.title)}</title>`;
}
