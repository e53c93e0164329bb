import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";

export const recomputeGradesRoute = createRoute({
  method: "post",
  path: "/v1/grades/recompute",
  tags: ["merchants"],
  summary: "Recompute every business's grade as of now (regulators): windows move with time and rule sets take effect; each change is recorded with its inspections",
  security: bearer,
  responses: { 200: json(z.object({ businesses: z.number().int(), changed: z.number().int() }), "How many were computed and how many changed"), ...pick(401, 403) },
});

export function registerRecomputeGrades(app: App) {
  app.openapi(recomputeGradesRoute, async (c) => c.json((await c.var.services.grades.recomputeAll(c.var.principal)) as never, 200));
}
