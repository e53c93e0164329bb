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

export const TemplateSchema = z
  .object({ id: z.string(), name: z.object({ "zh-CN": z.string(), en: z.string() }), businessTypes: z.array(z.string()), everyDays: z.number().int(), items: z.array(z.object({ code: z.string(), title: z.string(), keyItem: z.boolean() })) })
  .openapi("SelfInspectionTemplate");

export const MerchantRowSchema = z
  .object({
    orgId: z.string(),
    name: z.string(),
    businessType: z.string(),
    region: z.string(),
    address: z.string(),
    licenceNumber: z.string().nullable(),
    licenceValidUntil: z.string().nullable(),
    licenceState: z.enum(["valid", "expiring", "expired", "none"]),
    grade: z.string().nullable().openapi({ description: "The grade computed now from the stored inspections (as on the merchant page)" }),
  })
  .openapi("MerchantSummary");

export const ReminderSchema = z
  .object({
    orgId: z.string(),
    name: z.string(),
    region: z.string(),
    kind: z.enum(["licence-expired", "licence-expiring", "health-certificate-expired", "health-certificate-expiring", "self-inspection-overdue"]),
    dueDate: z.string(),
    count: z.number().int().optional(),
  })
  .openapi("Reminder");
