import { createRoute } from "@hono/zod-openapi";
import { ProposeVoteItem } from "../../services/votes";
import type { App } from "../app-types";
import { json, pick } from "../common";
import { VoteItemSchema } from "./schemas";

export const proposeVoteItemRoute = createRoute({
  method: "post",
  path: "/votes/items",
  tags: ["votes"],
  summary: "Propose a business or a product type for inspection (你点我查), with a device token. Proposing what is already proposed answers the existing item (200)",
  request: { body: { required: true, content: { "application/json": { schema: ProposeVoteItem } } } },
  responses: { 201: json(VoteItemSchema, "The new item"), 200: json(VoteItemSchema, "The item already proposed"), ...pick(400, 403, 404, 413, 429) },
});

export function registerProposeVoteItem(app: App) {
  app.openapi(proposeVoteItemRoute, async (c) => {
    const { item, created } = await c.var.services.votes.propose(c.req.valid("json"));
    return c.json(item, created ? 201 : 200);
  });
}
