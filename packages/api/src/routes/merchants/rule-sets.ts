import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";

const RuleSetSchema = z.record(z.string(), z.unknown()).openapi("GradeRuleSet", { description: "A GradeRuleSet of @shian/schemas: id, jurisdiction (CN, CN-SH, …), version, effectiveFrom, bands in tenths, key-item limit, window, display" });

export const listRuleSetsRoute = createRoute({
  method: "get",
  path: "/v1/grade-rule-sets",
  tags: ["merchants"],
  summary: "Grade rule sets: the built-in ones (national default, Shanghai) and those added as data",
  security: bearer,
  responses: { 200: json(z.object({ ruleSets: z.array(RuleSetSchema) }), "All rule sets"), ...pick(401) },
});

export const addRuleSetRoute = createRoute({
  method: "post",
  path: "/v1/grade-rule-sets",
  tags: ["merchants"],
  summary: "Add a grade rule set version (regulators): a jurisdiction's thresholds, key-item limit, window and colours as data. It applies from effectiveFrom to businesses in that jurisdiction",
  security: bearer,
  request: { body: { required: true, content: { "application/json": { schema: RuleSetSchema } } } },
  responses: { 201: json(RuleSetSchema, "The stored rule set"), ...pick(400, 401, 403, 409, 413, 415) },
});

export const recomputeGradesRoute = createRoute({
  method: "post",
  path: "/v1/grades/recompute",
  tags: ["merchants"],
  summary: "Recompute every business's grade as of now (regulators): windows move with time and rule sets take effect; each change is recorded with its inspections",
  security: bearer,
  responses: { 200: json(z.object({ businesses: z.number().int(), changed: z.number().int() }), "How many were computed and how many changed"), ...pick(401, 403) },
});

export function registerRuleSets(app: App) {
  app.openapi(listRuleSetsRoute, async (c) => c.json({ ruleSets: await c.var.services.grades.ruleSets() } as never, 200));
  app.openapi(addRuleSetRoute, async (c) => c.json((await c.var.services.grades.addRuleSet(c.var.principal, c.req.valid("json"))) as never, 201));
  app.openapi(recomputeGradesRoute, async (c) => c.json((await c.var.services.grades.recomputeAll(c.var.principal)) as never, 200));
}
