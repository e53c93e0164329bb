import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { IdParam, TestPointSchema } from "./schemas";

const Query = z.object({ orgId: z.string().max(64).optional().openapi({ description: "Regulators: another organisation's points" }) }).strict();

export const listTestPointsRoute = createRoute({
  method: "get",
  path: "/v1/test-points",
  tags: ["rapid tests"],
  summary: "The caller's test points (regulators may ask for another organisation's)",
  security: bearer,
  request: { query: Query },
  responses: { 200: json(z.object({ testPoints: z.array(TestPointSchema) }), "Test points"), ...pick(400, 401, 403) },
});

export const getTestPointRoute = createRoute({
  method: "get",
  path: "/v1/test-points/{id}",
  tags: ["rapid tests"],
  summary: "A test point of the caller's organisation (regulators: any)",
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(TestPointSchema, "The test point"), ...pick(401, 403, 404) },
});

export function registerListTestPoints(app: App) {
  app.openapi(listTestPointsRoute, async (c) => c.json({ testPoints: await c.var.services.testPoints.list(c.var.principal, c.req.valid("query").orgId) }, 200));
  app.openapi(getTestPointRoute, async (c) => c.json(await c.var.services.testPoints.get(c.var.principal, c.req.valid("param").id), 200));
}
