import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { OrgIdParam } from "../merchants/params";
import { SelfInspectionSchema } from "./schemas";

export const listSelfInspectionsRoute = createRoute({
  method: "get",
  path: "/v1/merchants/{orgId}/self-inspections",
  tags: ["records"],
  summary: "A business's self-inspections, newest first",
  security: bearer,
  request: { params: OrgIdParam },
  responses: { 200: json(z.object({ selfInspections: z.array(SelfInspectionSchema) }), "Self-inspections"), ...pick(400, 401, 403, 404) },
});

export function registerListSelfInspections(app: App) {
  app.openapi(listSelfInspectionsRoute, async (c) => c.json({ selfInspections: await c.var.services.documents.listSelfInspections(c.var.principal, c.req.valid("param").orgId) } as never, 200));
}
