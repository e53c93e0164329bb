import { QrError } from "./errors";

export function requireInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new QrError("qr-invalid-options", `${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}
