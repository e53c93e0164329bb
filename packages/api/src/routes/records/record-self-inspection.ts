import { createRoute } from "@hono/zod-openapi";
import { RecordSelfInspection } from "../../services/documents";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { SelfInspectionSchema } from "./schemas";

export const recordSelfInspectionRoute = createRoute({
  method: "post",
  path: "/v1/self-inspections",
  tags: ["records"],
  summary: "Record a self-inspection of the caller's business against its type's template (every item answered), optionally with the uploaded form",
  security: bearer,
  request: { body: { required: true, content: { "application/json": { schema: RecordSelfInspection } } } },
  responses: { 201: json(SelfInspectionSchema, "The self-inspection"), ...pick(400, 401, 403, 413, 415) },
});

export function registerRecordSelfInspection(app: App) {
  app.openapi(recordSelfInspectionRoute, async (c) => c.json((await c.var.services.documents.recordSelfInspection(c.var.principal, c.req.valid("json"))) as never, 201));
}
