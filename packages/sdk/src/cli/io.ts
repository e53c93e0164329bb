import { readFileSync, writeFileSync } from "node:fs";

/** A usage error: exit code 2. */
export class UsageError extends Error {}

export function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export function readJson(path: string): unknown {
  const text = readText(path);
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${path} is not JSON`);
  }
}

export function writeFile(path: string, data: string | Uint8Array, mode?: number): void {
  try {
    writeFileSync(path, data, mode === undefined ? undefined : { mode });
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export const printJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

/** Compact JWS documents in a file: one per line, or a JSON array of strings. */
export function readJwsList(path: string): string[] {
  const text = readText(path).trim();
  if (text.startsWith("[")) {
    const list = readJson(path);
    if (!Array.isArray(list) || !list.every((item) => typeof item === "string")) throw new UsageError(`${path} must be an array of JWS strings`);
    return list;
  }
  return text.split(/\s+/).filter(Boolean);
}
