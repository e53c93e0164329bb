import { createRoute } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { json, pick } from "../common";
import { VoteTokenSchema } from "./schemas";

export const issueVoteTokenRoute = createRoute({
  method: "post",
  path: "/votes/token",
  tags: ["votes"],
  summary: "A device token for public votes (no account): random and signed by the API, kept by the device; a vote stores only its hash",
  responses: { 201: json(VoteTokenSchema, "The token and the current voting period (a China calendar month)"), ...pick(429) },
});

export function registerIssueVoteToken(app: App) {
  app.openapi(issueVoteTokenRoute, async (c) => {
    c.header("cache-control", "no-store");
    return c.json(await c.var.services.votes.issueToken(), 201);
  });
}
