import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ApiError } from "../../errors/api-error";
import { type PageLocale, pickLocale } from "../../pages/html";

const Reward = z
  .object({
    tier: z.string(),
    fineYuan: z.number().int(),
    rewardFen: z.number().int(),
    reward: z.string().openapi({ example: "¥5,000.00" }),
    noticeAt: z.string(),
    claimDeadline: z.string().openapi({ description: "Last China date (inclusive) to claim" }),
    claimedAt: z.string().nullable(),
    claimReference: z.string().nullable(),
  })
  .openapi("ReportReward");

export const EvidenceSchema = z.object({ id: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string() }).openapi("ReportEvidence");

export const ReporterViewSchema = z
  .object({
    id: z.string(),
    target: z.record(z.string(), z.string()),
    category: z.string(),
    status: z.string(),
    submittedOn: z.string(),
    evidenceCount: z.number().int(),
    outcome: z.string().nullable(),
    reward: Reward.nullable(),
  })
  .openapi("ReporterReportView");

export const RegulatorReportSchema = z
  .object({
    id: z.string(),
    target: z.record(z.string(), z.string()),
    targetOrgId: z.string().nullable(),
    category: z.string(),
    description: z.string(),
    status: z.string(),
    submittedOn: z.string(),
    evidence: z.array(EvidenceSchema),
    triageNote: z.string().nullable(),
    inspectionId: z.string().nullable(),
    outcome: z.string().nullable(),
    reward: Reward.nullable(),
    updatedAt: z.string(),
  })
  .openapi("Report");

export const SubmittedSchema = z.object({ id: z.string(), identityCode: z.string(), status: z.string(), submittedOn: z.string(), evidenceCount: z.number().int() }).openapi("SubmittedReport");
export const ClaimedSchema = z.object({ reportId: z.string(), rewardFen: z.number().int(), reward: z.string(), claimReference: z.string(), claimedAt: z.string() }).openapi("ClaimedReward");

export const ReportIdParam = z.object({ id: z.string().max(64).openapi({ param: { name: "id", in: "path" } }) });
export const LangQuery = z.object({ lang: z.string().optional().openapi({ description: "zh-CN or en; otherwise Accept-Language, then zh-CN" }) });

/** Form bodies (HTML forms post these); documented, validated by the service. */
export const formContent = (description: string) => ({
  "application/x-www-form-urlencoded": { schema: { type: "object" as const, description } },
  "multipart/form-data": { schema: { type: "object" as const, description } },
});

export const html = (description: string) => ({ description, content: { "text/html": { schema: z.string() } } });

export const localeOf = (c: Context): PageLocale => pickLocale(c.req.query("lang"), c.req.header("accept-language"));

export type PublicBody = { form: false; data: unknown } | { form: true; data: Record<string, string>; files: File[] };

/** A public POST body: JSON, or an HTML form (urlencoded or multipart, with its files). */
export async function readPublicBody(c: Context): Promise<PublicBody> {
  const type = c.req.header("content-type") ?? "";
  if (/^application\/json\b/i.test(type)) {
    try {
      return { form: false, data: await c.req.json() };
    } catch {
      throw new ApiError("invalid-request", "the body is not valid JSON");
    }
  }
  if (/^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(type)) {
    const parsed = await c.req.parseBody({ all: true });
    const data: Record<string, string> = {};
    const files: File[] = [];
    for (const [name, value] of Object.entries(parsed)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item === "string") data[name] ??= item;
        else if (name === "evidence" && item.size > 0) files.push(item);
      }
    }
    return { form: true, data, files };
  }
  throw new ApiError("unsupported-media-type", "send application/json or an HTML form");
}
