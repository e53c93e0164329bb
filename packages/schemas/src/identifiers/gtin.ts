import { z } from "zod";

/** GS1 mod-10 check digit for the digits before it (any GTIN length, SSCC, GLN). */
export function gs1CheckDigit(digitsWithoutCheck: string): number {
  let sum = 0;
  for (let i = 0; i < digitsWithoutCheck.length; i++) {
    const fromRight = digitsWithoutCheck.length - i;
    sum += Number(digitsWithoutCheck[i]) * (fromRight % 2 === 1 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** True for a GTIN-8, -12, -13 or -14 whose last digit is its GS1 check digit. */
export function isValidGtin(gtin: string): boolean {
  if (!/^(\d{8}|\d{12,14})$/.test(gtin)) return false;
  return gs1CheckDigit(gtin.slice(0, -1)) === Number(gtin.slice(-1));
}

/** Pads any GTIN to the 14-digit form used in GS1 Digital Link and EPCIS. */
export function toGtin14(gtin: string): string {
  return gtin.padStart(14, "0");
}

export const Gtin = z
  .string()
  .regex(/^(\d{8}|\d{12,14})$/, "GTIN must have 8, 12, 13 or 14 digits")
  .refine(isValidGtin, "GTIN check digit does not match");
export type Gtin = z.infer<typeof Gtin>;
