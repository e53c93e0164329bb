import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { OrgIdParam } from "../merchants/params";
import { DocumentSchema } from "./schemas";

export const listDocumentsRoute = createRoute({
  method: "get",
  path: "/v1/merchants/{orgId}/documents",
  tags: ["records"],
  summary: "A business's documents, newest first, optionally of one kind",
  security: bearer,
  request: { params: OrgIdParam, query: z.object({ kind: z.string().optional() }) },
  responses: { 200: json(z.object({ documents: z.array(DocumentSchema) }), "Documents"), ...pick(400, 401, 403, 404) },
});

export function registerListDocuments(app: App) {
  app.openapi(listDocumentsRoute, async (c) => c.json({ documents: await c.var.services.documents.list(c.var.principal, c.req.valid("param").orgId, c.req.valid("query").kind) } as never, 200));
}
