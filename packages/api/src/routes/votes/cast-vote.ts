import { createRoute } from "@hono/zod-openapi";
import { CastVote } from "../../services/votes";
import type { App } from "../app-types";
import { json, pick } from "../common";
import { CastVoteResultSchema, VoteItemIdParam } from "./schemas";

export const castVoteRoute = createRoute({
  method: "post",
  path: "/votes/items/{id}/vote",
  tags: ["votes"],
  summary: "Vote for an open item with a device token: one vote per token, item and month (409 already-voted); a token the API did not sign is a 403 vote-token. Nothing about the sender is stored",
  request: { params: VoteItemIdParam, body: { required: true, content: { "application/json": { schema: CastVote } } } },
  responses: { 201: json(CastVoteResultSchema, "The item's votes this period"), ...pick(400, 403, 404, 409, 413, 429) },
});

export function registerCastVote(app: App) {
  app.openapi(castVoteRoute, async (c) => c.json(await c.var.services.votes.vote(c.req.valid("param").id, c.req.valid("json")), 201));
}
