import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { VoteItemIdParam, VoteItemSchema } from "./schemas";

export const adoptVoteItemRoute = createRoute({
  method: "post",
  path: "/v1/votes/items/{id}/adopt",
  tags: ["votes"],
  summary: "Take a voted item up (regulators): it is marked adopted and takes no more votes. To make a co-supervision task of it, post the task with voteItemId instead",
  security: bearer,
  request: { params: VoteItemIdParam },
  responses: { 200: json(VoteItemSchema, "The adopted item"), ...pick(401, 403, 404, 409) },
});

export function registerAdoptVoteItem(app: App) {
  app.openapi(adoptVoteItemRoute, async (c) => c.json((await c.var.services.votes.adopt(c.var.principal, c.req.valid("param").id)) as z.infer<typeof VoteItemSchema>, 200));
}
