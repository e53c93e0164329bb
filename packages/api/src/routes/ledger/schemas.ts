import { z } from "@hono/zod-openapi";

export const PurchaseRecordSchema = z
  .object({
    id: z.string(),
    buyerOrgId: z.string(),
    source: z.enum(["voucher", "manual"]),
    productName: z.string(),
    category: z.string().nullable(),
    specification: z.string(),
    quantity: z.object({ value: z.number().int(), unit: z.string() }),
    productionDate: z.string().nullable(),
    batchNumber: z.string().nullable(),
    shelfLifeDays: z.number().int().nullable(),
    edibleFarmProduce: z.boolean(),
    purchaseDate: z.string(),
    supplier: z.object({ name: z.string(), address: z.string(), contactName: z.string().nullable(), phone: z.string(), uscc: z.string().nullable(), licenceNumber: z.string().nullable(), orgId: z.string().nullable() }),
    sourceVoucherCode: z.string().nullable(),
    sourceVoucherUrl: z.string().nullable(),
    sourceBatchCode: z.string().nullable(),
    receivedBatchCode: z.string().nullable(),
    certificateRefs: z.array(z.string()),
    retainUntil: z.string().openapi({ description: "Deletion is refused (409 retention-period) until after this date" }),
    createdAt: z.string(),
  })
  .openapi("PurchaseRecord");

export const RecordIdParam = z.object({ id: z.string().max(64).openapi({ param: { name: "id", in: "path" }, example: "pur_0123456789abcdef0123" }) });
