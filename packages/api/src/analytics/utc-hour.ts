/** Scan counters are kept per UTC hour, written `YYYY-MM-DDTHH:00Z`. */
export const HOUR_MS = 3_600_000;

/** The UTC hour an epoch-millisecond time falls in, as a counter key. */
export const utcHour = (ms: number) => `${new Date(Math.floor(ms / HOUR_MS) * HOUR_MS).toISOString().slice(0, 13)}:00Z`;

/** The UTC minute of a time, `YYYY-MM-DDTHH:MMZ` (flags' first and last seen). */
export const utcMinute = (ms: number) => `${new Date(ms).toISOString().slice(0, 16)}Z`;
