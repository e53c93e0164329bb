import { z } from "@hono/zod-openapi";

export const LockdownSchema = z
  .object({
    id: z.string(),
    batchCode: z.string(),
    testId: z.string(),
    orgId: z.string().openapi({ description: "The organisation that recorded the failed test" }),
    state: z.string().openapi({ description: "open | confirmed | cleared" }),
    descendants: z.number().int().openapi({ description: "Batches in the tree (the batch and every descendant) when it was opened" }),
    recallId: z.string().nullable(),
    resolvedByOrgId: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    note: z.string().nullable(),
    createdAt: z.string(),
    holders: z.array(
      z.object({
        orgId: z.string(),
        name: z.string(),
        role: z.string(),
        batches: z.number().int().openapi({ description: "Batches of the tree it owns" }),
        purchaseRecords: z.array(
          z.object({ id: z.string(), productName: z.string(), quantity: z.number(), unit: z.string(), purchaseDate: z.string(), sourceVoucherCode: z.string().nullable(), receivedBatchCode: z.string().nullable() }),
        ),
      }),
    ),
  })
  .openapi("Lockdown");

export const LockdownIdParam = z.object({ id: z.string().max(64).openapi({ param: { name: "id", in: "path" } }) });
