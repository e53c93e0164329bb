import { z } from "zod";

/**
 * Small building blocks shared by the record schemas: ids, dates, times and bounded text.
 */

/** An opaque record id (database key, UUID, ULID…): 1–64 URL-safe characters. */
export const EntityId = z
  .string()
  .min(1, "id must not be empty")
  .max(64, "id must be at most 64 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "id may use letters, digits and . _ : - only");
export type EntityId = z.infer<typeof EntityId>;

/** A calendar date `YYYY-MM-DD` (a real date: 2026-02-30 is rejected). */
export const IsoDate = z.iso.date({ message: "expected a date as YYYY-MM-DD" });
export type IsoDate = z.infer<typeof IsoDate>;

/** An instant: ISO 8601 date-time with `Z` or an offset, e.g. `2026-03-01T08:30:00+08:00`. */
export const IsoDateTime = z.iso.datetime({
  offset: true,
  message: "expected an ISO 8601 date-time with Z or an offset",
});
export type IsoDateTime = z.infer<typeof IsoDateTime>;

/** Trimmed, non-empty text of at most `max` characters. */
export function text(max: number) {
  return z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`);
}

/** A count or a mass in integer units (grams, pieces): exact sums, no float drift. */
export const IntegerAmount = z
  .number()
  .int("must be a whole number (use the smallest unit, e.g. grams)")
  .min(0)
  .max(Number.MAX_SAFE_INTEGER);
