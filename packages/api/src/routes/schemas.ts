import { z } from "@hono/zod-openapi";

/** Response shapes shown in the OpenAPI document. */
export const BatchSchema = z
  .object({
    code: z.string(),
    orgId: z.string(),
    parentCode: z.string().nullable(),
    sourceVoucherCode: z.string().nullable(),
    product: z.object({ name: z.string(), category: z.string() }),
    originRegion: z.string(),
    quantity: z.number().int(),
    unit: z.string(),
    certificates: z.array(z.unknown()),
    status: z.enum(["valid", "suspended", "revoked", "recalled"]),
    statusReason: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Batch");

export const VoucherSchema = z
  .object({
    code: z.string(),
    url: z.string(),
    type: z.string(),
    orgId: z.string(),
    batchCode: z.string().nullable(),
    buyerOrgId: z.string().nullable(),
    keyIndex: z.number().int(),
    claims: z.record(z.string(), z.unknown()),
    status: z.string(),
    createdAt: z.string(),
  })
  .openapi("Voucher");

export const SigningKeySchema = z
  .object({
    keyIndex: z.number().int(),
    orgId: z.string(),
    kid: z.string(),
    alg: z.string(),
    publicJwk: z.record(z.string(), z.unknown()),
    custodial: z.boolean(),
    notBefore: z.string(),
    notAfter: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi("SigningKey");

export const ApiKeySchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    prefix: z.string(),
    name: z.string(),
    scopes: z.array(z.string()),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi("ApiKey");

export const OrganisationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.string(),
    uscc: z.string().nullable(),
    region: z.string().nullable(),
    marketId: z.string().nullable(),
    namespace: z.number().int(),
    createdAt: z.string(),
  })
  .openapi("Organisation");

export const RapidTestSchema = z
  .object({ id: z.string(), batchCode: z.string(), orgId: z.string(), item: z.string(), outcome: z.string(), record: z.record(z.string(), z.unknown()), testedAt: z.string() })
  .openapi("RapidTest");

export const RecallSchema = z
  .object({ id: z.string(), batchCode: z.string(), orgId: z.string(), reason: z.string(), level: z.string(), note: z.string().nullable(), createdAt: z.string() })
  .openapi("Recall");
