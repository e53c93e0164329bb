import { createRoute } from "@hono/zod-openapi";
import { SetTestBeforeSale } from "../../services/test-before-sale";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { PolicySchema } from "./schemas";

export const getTestBeforeSaleRoute = createRoute({
  method: "get",
  path: "/v1/test-before-sale",
  tags: ["rapid tests"],
  summary: "The test-before-sale (入场批批检) policy of the caller's market",
  security: bearer,
  responses: { 200: json(PolicySchema, "The policy (enabled false when none is set)"), ...pick(401, 403) },
});

export const putTestBeforeSaleRoute = createRoute({
  method: "put",
  path: "/v1/test-before-sale",
  tags: ["rapid tests"],
  summary: "A market manager turns test-before-sale on or off: vouchers for its traders' batches need a passing rapid test first (409 test-required)",
  security: bearer,
  request: { body: { required: true, content: { "application/json": { schema: SetTestBeforeSale } } } },
  responses: { 200: json(PolicySchema, "The policy"), ...pick(400, 401, 403) },
});

export function registerTestBeforeSale(app: App) {
  app.openapi(getTestBeforeSaleRoute, async (c) => c.json(await c.var.services.testBeforeSale.get(c.var.principal), 200));
  app.openapi(putTestBeforeSaleRoute, async (c) => c.json(await c.var.services.testBeforeSale.set(c.var.principal, c.req.valid("json")), 200));
}
