import { z } from "@hono/zod-openapi";

export const VoteItemSchema = z
  .object({
    id: z.string(),
    kind: z.string().openapi({ description: "business | product-type" }),
    name: z.string(),
    businessId: z.string().nullable(),
    region: z.string().nullable(),
    status: z.string().openapi({ description: "open | adopted" }),
    proposedOn: z.string(),
    adoptedAt: z.string().nullable(),
    taskId: z.string().nullable(),
  })
  .openapi("VoteItem");
export const TallyItemSchema = VoteItemSchema.extend({ votes: z.number().int() }).openapi("VoteTallyItem");
export const TallySchema = z.object({ period: z.string().openapi({ example: "2026-03" }), items: z.array(TallyItemSchema) }).openapi("VoteTally");
export const VoteTokenSchema = z.object({ token: z.string(), period: z.string() }).openapi("VoteToken");
export const CastVoteResultSchema = z.object({ itemId: z.string(), period: z.string(), votes: z.number().int() }).openapi("CastVote");
export const VoteItemIdParam = z.object({ id: z.string().max(64).openapi({ param: { name: "id", in: "path" } }) });
