import { z } from "@hono/zod-openapi";

export const CertificateSchema = z
  .object({
    code: z.string(),
    orgId: z.string(),
    url: z.string().openapi({ description: "The certificate's QR content: opens its public page /c/{digits}" }),
    form: z.enum(["producer", "collector"]),
    certificate: z.record(z.string(), z.unknown()).openapi({ description: "The CommitmentCertificate of @shian/schemas with every mandatory field of the 2026 rule" }),
    batchCode: z.string().nullable(),
    retainUntil: z.string(),
    createdAt: z.string(),
  })
  .openapi("ComplianceCertificate");

export const CertificateCodeParam = z.object({ code: z.string().max(64).openapi({ param: { name: "code", in: "path" }, example: "1001-1-5" }) });
