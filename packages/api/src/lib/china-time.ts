/** China Standard Time: UTC+8 all year, no daylight saving. */
const OFFSET_MS = 8 * 3_600_000;

/** The calendar date (YYYY-MM-DD) in China of an instant: rule sets, periods and deadlines follow local dates. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** An ISO instant as the date in China, or "" when it is missing or not a time. */
export function chinaDay(iso: string | undefined): string {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(ms) ? "" : chinaDate(new Date(ms));
}

/** An ISO instant as Beijing wall-clock time to the minute ("YYYY-MM-DD HH:mm"), or "" when it is missing or not a time. */
export function chinaMinute(iso: string | undefined): string {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(ms) ? "" : new Date(ms + OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}
