import { createRoute } from "@hono/zod-openapi";
import { TallyQuery } from "../../services/votes";
import type { App } from "../app-types";
import { json, pick } from "../common";
import { TallySchema } from "./schemas";

export const voteTallyRoute = createRoute({
  method: "get",
  path: "/votes",
  tags: ["votes"],
  summary: "The public tally: items with their votes in a month (default: this month, China time), most votes first",
  request: { query: TallyQuery },
  responses: { 200: json(TallySchema, "The tally"), ...pick(400, 429) },
});

export function registerVoteTally(app: App) {
  app.openapi(voteTallyRoute, async (c) => c.json(await c.var.services.votes.tally(c.req.valid("query")), 200));
}
