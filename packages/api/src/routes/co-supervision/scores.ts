import { createRoute, z } from "@hono/zod-openapi";
import { ScoreQuery } from "../../services/co-supervision";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { ScoreSchema } from "./schemas";

export const coSupervisorScoresRoute = createRoute({
  method: "get",
  path: "/v1/co-supervision/scores",
  tags: ["co-supervision"],
  summary: "Monthly scores and commissions per co-supervisor (考核): reviews in a China month (default this month), approved and rejected, on-time rate, commissions of approved tasks. Co-supervisors see their own",
  security: bearer,
  request: { query: ScoreQuery },
  responses: { 200: json(z.object({ month: z.string(), scores: z.array(ScoreSchema) }), "Scores, best first"), ...pick(400, 401, 403) },
});

export function registerCoSupervisorScores(app: App) {
  app.openapi(coSupervisorScoresRoute, async (c) => c.json(await c.var.services.coSupervision.scores(c.var.principal, c.req.valid("query")), 200));
}
