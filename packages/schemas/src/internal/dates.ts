/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`), done in UTC so the answer never depends on
 * the machine's time zone. Internal: not exported from the package.
 */

const DAY_MS = 86_400_000;

export function parseIsoDate(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not an ISO date: ${date}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

export function formatIsoDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return formatIsoDate(parseIsoDate(date) + days * DAY_MS);
}

/** Adds calendar months; a day that does not exist in the target month is clamped (08-31 + 6 → 02-28). */
export function addMonths(date: string, months: number): string {
  const start = new Date(parseIsoDate(date));
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return formatIsoDate(Date.UTC(year, month, Math.min(start.getUTCDate(), lastDay)));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseIsoDate(to) - parseIsoDate(from)) / DAY_MS);
}

export function laterDate(a: string, b: string): string {
  return a >= b ? a : b;
}

/** The calendar date at an instant in a fixed UTC offset (China: +480 minutes, no DST). */
export function dateAtOffset(instant: Date, offsetMinutes: number): string {
  return formatIsoDate(instant.getTime() + offsetMinutes * 60_000);
}
