import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { InspectionSchema, OrgIdParam } from "./params";

export const listInspectionsRoute = createRoute({
  method: "get",
  path: "/v1/merchants/{orgId}/inspections",
  tags: ["merchants"],
  summary: "A business's inspections, newest first (the business, its market and regulators; read-only for the business)",
  security: bearer,
  request: { params: OrgIdParam },
  responses: { 200: json(z.object({ inspections: z.array(InspectionSchema) }), "Up to 200 inspections"), ...pick(400, 401, 403, 404) },
});

export function registerListInspections(app: App) {
  app.openapi(listInspectionsRoute, async (c) => {
    const { services, principal } = c.var;
    const { orgId } = c.req.valid("param");
    await services.merchants.requireReader(principal, orgId);
    return c.json({ inspections: await services.grades.listInspections(orgId, 200) } as never, 200);
  });
}
