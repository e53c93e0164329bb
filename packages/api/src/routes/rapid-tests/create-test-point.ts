import { createRoute } from "@hono/zod-openapi";
import { CreateTestPoint } from "../../services/test-points";
import type { App } from "../app-types";
import { bearer, IdempotencyHeader, json, pick } from "../common";
import { idempotent } from "../idempotent";
import { TestPointSchema } from "./schemas";

export const createTestPointRoute = createRoute({
  method: "post",
  path: "/v1/test-points",
  tags: ["rapid tests"],
  summary: "Register a rapid-test point of the caller's organisation (market lab, canteen, mobile lab) with its operators",
  security: bearer,
  request: { headers: IdempotencyHeader, body: { required: true, content: { "application/json": { schema: CreateTestPoint } } } },
  responses: { 201: json(TestPointSchema, "The test point"), ...pick(400, 401, 403, 409) },
});

export function registerCreateTestPoint(app: App) {
  app.openapi(createTestPointRoute, async (c) => {
    const body = c.req.valid("json");
    return idempotent(c, body, 201, () => c.var.services.testPoints.create(c.var.principal, body)) as never;
  });
}
