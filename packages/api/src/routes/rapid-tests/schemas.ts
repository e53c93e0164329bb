import { z } from "@hono/zod-openapi";

const Threshold = z.object({ comparator: z.enum(["gte", "gt", "lte", "lt"]), value: z.number(), unit: z.string(), suspiciousFrom: z.number().optional() });

export const CatalogueItemSchema = z
  .object({
    code: z.string(),
    name: z.object({ "zh-CN": z.string(), en: z.string() }),
    category: z.string(),
    method: z.string(),
    readout: z.enum(["quantitative", "qualitative"]),
    standard: z.object({ code: z.string(), title: z.string().optional() }),
    threshold: Threshold,
    matrices: z.array(z.string()),
  })
  .openapi("RapidTestCatalogueItem");

export const TestPointSchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    name: z.string(),
    kind: z.string().openapi({ description: "market-lab | canteen | mobile-lab" }),
    region: z.string(),
    address: z.string().nullable(),
    operators: z.array(z.object({ id: z.string(), name: z.string() })),
    createdAt: z.string(),
  })
  .openapi("TestPoint");

export const PolicySchema = z.object({ marketOrgId: z.string(), enabled: z.boolean(), updatedAt: z.string().nullable() }).openapi("TestBeforeSalePolicy");

export const IdParam = z.object({ id: z.string().max(64).openapi({ param: { name: "id", in: "path" } }) });
