import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { TemplateSchema } from "./schemas";

export const listTemplatesRoute = createRoute({
  method: "get",
  path: "/v1/self-inspection-templates",
  tags: ["records"],
  summary: "Self-inspection templates per business type, with how often each is due",
  security: bearer,
  responses: { 200: json(z.object({ templates: z.array(TemplateSchema) }), "Templates"), ...pick(401) },
});

export function registerListTemplates(app: App) {
  app.openapi(listTemplatesRoute, async (c) => c.json({ templates: c.var.services.documents.templates() } as never, 200));
}
