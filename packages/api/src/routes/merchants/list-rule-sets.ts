import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { RuleSetSchema } from "./params";

export const listRuleSetsRoute = createRoute({
  method: "get",
  path: "/v1/grade-rule-sets",
  tags: ["merchants"],
  summary: "Grade rule sets: the built-in ones (national default, Shanghai) and those added as data",
  security: bearer,
  responses: { 200: json(z.object({ ruleSets: z.array(RuleSetSchema) }), "All rule sets"), ...pick(401) },
});

export function registerListRuleSets(app: App) {
  app.openapi(listRuleSetsRoute, async (c) => c.json({ ruleSets: await c.var.services.grades.ruleSets() } as never, 200));
}
