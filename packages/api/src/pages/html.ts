/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);
}

export type PageLocale = "zh-CN" | "en";

/** ?lang= wins, then Accept-Language; Chinese unless the client prefers English. */
export function pickLocale(query: string | undefined, acceptLanguage: string | undefined): PageLocale {
  if (query === "en" || query === "zh-CN") return query;
  const header = (acceptLanguage ?? "").toLowerCase();
  const en = header.indexOf("en");
  const zh = header.indexOf("zh");
  if (en >= 0 && (zh < 0 || en < zh)) return "en";
  return "zh-CN";
}
