import { z } from "@hono/zod-openapi";

export const DocumentSchema = z
  .object({ id: z.string(), orgId: z.string(), kind: z.string(), title: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string(), uploadedAt: z.string() })
  .openapi("Document");

export const SelfInspectionSchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    templateId: z.string(),
    inspectedOn: z.string(),
    items: z.array(z.object({ code: z.string(), passed: z.boolean(), note: z.string().optional() })),
    passed: z.boolean(),
    documentId: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("SelfInspection");

export const DocumentIdParam = z.object({ id: z.string().max(64).openapi({ param: { name: "id", in: "path" }, example: "doc_0123456789abcdef0123" }) });
