import { createRoute } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { RuleSetSchema } from "./params";

export const addRuleSetRoute = createRoute({
  method: "post",
  path: "/v1/grade-rule-sets",
  tags: ["merchants"],
  summary: "Add a grade rule set version (regulators): a jurisdiction's thresholds, key-item limit, window and colours as data. It applies from effectiveFrom to businesses in that jurisdiction",
  security: bearer,
  request: { body: { required: true, content: { "application/json": { schema: RuleSetSchema } } } },
  responses: { 201: json(RuleSetSchema, "The stored rule set"), ...pick(400, 401, 403, 409, 413, 415) },
});

export function registerAddRuleSet(app: App) {
  app.openapi(addRuleSetRoute, async (c) => c.json((await c.var.services.grades.addRuleSet(c.var.principal, c.req.valid("json"))) as never, 201));
}
