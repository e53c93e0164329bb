import type { BulkLine } from "./vouchers";

const str = JSON.stringify as (value: string) => string;
const opt = (value: string | null) => (value === null ? "null" : str(value));

/**
 * A bulk result as one NDJSON line (without the newline): the same text as
 * `JSON.stringify(line)`, an ok line built from its fixed shape so only its strings and the
 * claims go through `JSON.stringify`, not the whole object.
 */
export function bulkLineJson(line: BulkLine): string {
  if (!line.ok) return JSON.stringify(line);
  const v = line.voucher;
  return (
    `{"line":${line.line},"idempotencyKey":${str(line.idempotencyKey)},"ok":true,"created":${line.created},"voucher":{` +
    `"code":${str(v.code)},"url":${str(v.url)},"type":${str(v.type)},"orgId":${str(v.orgId)},"batchCode":${opt(v.batchCode)},` +
    `"buyerOrgId":${opt(v.buyerOrgId)},"keyIndex":${JSON.stringify(v.keyIndex)},"claims":${JSON.stringify(v.claims)},"status":${str(v.status)},"createdAt":${str(v.createdAt)}}}`
  );
}
