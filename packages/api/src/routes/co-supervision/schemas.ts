import { z } from "@hono/zod-openapi";

export const TaskSchema = z
  .object({
    id: z.string(),
    kind: z.string().openapi({ description: "inspect-stall | check-certificate | sample-test" }),
    title: z.string(),
    description: z.string().nullable(),
    region: z.string(),
    targetOrgId: z.string().nullable(),
    voteItemId: z.string().nullable(),
    deadline: z.string(),
    commissionFen: z.number().int(),
    status: z.string().openapi({ description: "open | claimed | submitted | approved | closed" }),
    postedBy: z.string(),
    postedAt: z.string(),
    claimedBy: z.string().nullable(),
    claimedAt: z.string().nullable(),
    evidence: z.object({ text: z.string(), documentIds: z.array(z.string()), submittedAt: z.string() }).nullable(),
    reviewedBy: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    reviewNote: z.string().nullable(),
    rejections: z.number().int(),
  })
  .openapi("CoTask");

export const ScoreSchema = z
  .object({
    orgId: z.string(),
    month: z.string(),
    approved: z.number().int(),
    rejected: z.number().int(),
    onTime: z.number().int(),
    onTimeRate: z.number(),
    commissionFen: z.number().int(),
    score: z.number().int(),
  })
  .openapi("CoSupervisorScore");

export const TaskIdParam = z.object({ id: z.string().max(64).openapi({ param: { name: "id", in: "path" } }) });
