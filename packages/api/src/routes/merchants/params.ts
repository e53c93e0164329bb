import { z } from "@hono/zod-openapi";

export const OrgIdParam = z.object({ orgId: z.string().max(64).openapi({ param: { name: "orgId", in: "path" }, example: "org_0123456789abcdef0123" }) });

const Label = z.object({ "zh-CN": z.string(), en: z.string() });

export const ProfileSchema = z
  .object({
    orgId: z.string(),
    name: z.string(),
    uscc: z.string(),
    licence: z.object({ number: z.string(), validFrom: z.string(), validUntil: z.string(), state: z.enum(["valid", "expiring", "expired", "none"]) }).nullable(),
    businessType: z.string(),
    address: z.string(),
    region: z.string(),
    responsiblePerson: z.object({ name: z.string(), title: z.string().optional() }),
    phone: z.string(),
    openingHours: z.array(z.unknown()),
    retentionPolicy: z.record(z.string(), z.number()).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("MerchantProfile");

export const CurrentGradeSchema = z
  .object({
    grade: z.enum(["A", "B", "C"]).nullable(),
    reason: z.enum(["graded", "no-inspections", "below-minimum"]),
    display: z.object({ colour: z.enum(["green", "yellow", "red"]), face: z.enum(["smile", "flat", "sad"]), label: Label }).nullable(),
    average: z.number().nullable(),
    asOf: z.string(),
    windowStart: z.string(),
    ruleSet: z.object({ id: z.string(), jurisdiction: z.string(), version: z.number().int(), name: Label }),
    evidence: z.array(z.object({ id: z.string(), inspectedAt: z.string(), score: z.number(), band: z.string(), keyItemsFailed: z.number().int() })),
  })
  .openapi("Grade", { description: "Computed from the inspections in the rule set's window; never stored as input" });

export const GradeChangeSchema = z
  .object({
    seq: z.number().int(),
    grade: z.string().nullable(),
    reason: z.string(),
    ruleSet: z.object({ id: z.string(), version: z.number().int() }),
    average: z.number().nullable(),
    inspectionIds: z.array(z.string()),
    trigger: z.string(),
    asOf: z.string(),
    createdAt: z.string(),
  })
  .openapi("GradeChange");

export const InspectionSchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    regulatorOrgId: z.string(),
    inspector: z.object({ name: z.string(), id: z.string().optional() }),
    inspectedAt: z.string(),
    totalScore: z.number(),
    keyItemsFailed: z.number().int(),
    items: z.array(z.unknown()),
    checklistId: z.string().nullable(),
    evidence: z.array(z.string()),
    createdAt: z.string(),
  })
  .openapi("Inspection");

export const HealthCertificateSchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    holderName: z.string(),
    number: z.string().nullable(),
    issuedBy: z.string(),
    issueDate: z.string(),
    expiryDate: z.string(),
    state: z.enum(["valid", "expiring", "expired"]),
    documentRef: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("HealthCertificate");

export const HealthCountsSchema = z.object({ valid: z.number().int(), expiring: z.number().int(), expired: z.number().int() }).openapi("HealthCertificateCounts");

export const MerchantCodeSchema = z.object({ code: z.string(), orgId: z.string(), url: z.string(), createdAt: z.string(), created: z.boolean() }).openapi("MerchantCode");

export const RuleSetSchema = z.record(z.string(), z.unknown()).openapi("GradeRuleSet", { description: "A GradeRuleSet of @shian/schemas: id, jurisdiction (CN, CN-SH, …), version, effectiveFrom, bands in tenths, key-item limit, window, display" });
