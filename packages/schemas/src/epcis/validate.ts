import { validate } from "./generated/validate-epcis-document.js";

/** One reason a document fails GS1's EPCIS 2.0 JSON schema: where (JSON Pointer) and what. */
export interface EpcisSchemaError {
  path: string;
  message: string;
}

export type EpcisValidation = { ok: true } | { ok: false; errors: EpcisSchemaError[] };

/** At most this many errors are reported: a broken document can produce thousands through anyOf branches. */
export const MAX_EPCIS_SCHEMA_ERRORS = 50;

/**
 * Checks an EPCIS document, query document or single event against GS1's EPCIS 2.0 JSON
 * schema (compiled ahead of time with Ajv, so it runs on Workers too).
 */
export function validateEpcisDocument(document: unknown): EpcisValidation {
  if (validate(document)) return { ok: true };
  const seen = new Set<string>();
  const errors: EpcisSchemaError[] = [];
  for (const error of validate.errors ?? []) {
    if (error.keyword === "if") continue; // says only that a `then` branch failed; that branch's own errors follow
    const detail = error.params && Object.keys(error.params).length ? ` (${Object.entries(error.params).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join("|") : String(v)}`).join(", ")})` : "";
    const entry = { path: error.instancePath || "/", message: `${error.message ?? error.keyword}${detail}` };
    const key = `${entry.path} ${entry.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(entry);
    if (errors.length >= MAX_EPCIS_SCHEMA_ERRORS) break;
  }
  return { ok: false, errors };
}
