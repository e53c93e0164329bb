import { createRoute, z } from "@hono/zod-openapi";
import { RecordSelfInspection } from "../../services/documents";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { OrgIdParam } from "../merchants/params";
import { SelfInspectionSchema } from "./schemas";

const TemplateSchema = z
  .object({ id: z.string(), name: z.object({ "zh-CN": z.string(), en: z.string() }), businessTypes: z.array(z.string()), everyDays: z.number().int(), items: z.array(z.object({ code: z.string(), title: z.string(), keyItem: z.boolean() })) })
  .openapi("SelfInspectionTemplate");

export const listTemplatesRoute = createRoute({
  method: "get",
  path: "/v1/self-inspection-templates",
  tags: ["records"],
  summary: "Self-inspection templates per business type, with how often each is due",
  security: bearer,
  responses: { 200: json(z.object({ templates: z.array(TemplateSchema) }), "Templates"), ...pick(401) },
});

export const recordSelfInspectionRoute = createRoute({
  method: "post",
  path: "/v1/self-inspections",
  tags: ["records"],
  summary: "Record a self-inspection of the caller's business against its type's template (every item answered), optionally with the uploaded form",
  security: bearer,
  request: { body: { required: true, content: { "application/json": { schema: RecordSelfInspection } } } },
  responses: { 201: json(SelfInspectionSchema, "The self-inspection"), ...pick(400, 401, 403, 413, 415) },
});

export const listSelfInspectionsRoute = createRoute({
  method: "get",
  path: "/v1/merchants/{orgId}/self-inspections",
  tags: ["records"],
  summary: "A business's self-inspections, newest first",
  security: bearer,
  request: { params: OrgIdParam },
  responses: { 200: json(z.object({ selfInspections: z.array(SelfInspectionSchema) }), "Self-inspections"), ...pick(400, 401, 403, 404) },
});

export function registerSelfInspections(app: App) {
  app.openapi(listTemplatesRoute, async (c) => c.json({ templates: c.var.services.documents.templates() } as never, 200));
  app.openapi(recordSelfInspectionRoute, async (c) => c.json((await c.var.services.documents.recordSelfInspection(c.var.principal, c.req.valid("json"))) as never, 201));
  app.openapi(listSelfInspectionsRoute, async (c) => c.json({ selfInspections: await c.var.services.documents.listSelfInspections(c.var.principal, c.req.valid("param").orgId) } as never, 200));
}
