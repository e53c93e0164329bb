import { createRoute, z } from "@hono/zod-openapi";
import { documentView } from "../../services/documents";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { OrgIdParam } from "../merchants/params";
import { DocumentIdParam, DocumentSchema } from "./schemas";

export const getDocumentRoute = createRoute({
  method: "get",
  path: "/v1/documents/{id}",
  tags: ["records"],
  summary: "A document's metadata (the business, its market, regulators)",
  security: bearer,
  request: { params: DocumentIdParam },
  responses: { 200: json(DocumentSchema, "The document"), ...pick(400, 401, 403, 404) },
});

export const documentContentRoute = createRoute({
  method: "get",
  path: "/v1/documents/{id}/content",
  tags: ["records"],
  summary: "A document's file, as uploaded",
  security: bearer,
  request: { params: DocumentIdParam },
  responses: { 200: { description: "The file", content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } } }, ...pick(400, 401, 403, 404) },
});

export const listDocumentsRoute = createRoute({
  method: "get",
  path: "/v1/merchants/{orgId}/documents",
  tags: ["records"],
  summary: "A business's documents, newest first, optionally of one kind",
  security: bearer,
  request: { params: OrgIdParam, query: z.object({ kind: z.string().optional() }) },
  responses: { 200: json(z.object({ documents: z.array(DocumentSchema) }), "Documents"), ...pick(400, 401, 403, 404) },
});

export function registerReadDocuments(app: App) {
  app.openapi(getDocumentRoute, async (c) => c.json(documentView(await c.var.services.documents.get(c.var.principal, c.req.valid("param").id)) as never, 200));
  app.openapi(documentContentRoute, async (c) => {
    const { row, bytes } = await c.var.services.documents.content(c.var.principal, c.req.valid("param").id);
    return c.body(bytes as never, 200, { "content-type": row.contentType, "content-disposition": "attachment", "x-content-type-options": "nosniff", "cache-control": "private, no-store" }) as never;
  });
  app.openapi(listDocumentsRoute, async (c) => c.json({ documents: await c.var.services.documents.list(c.var.principal, c.req.valid("param").orgId, c.req.valid("query").kind) } as never, 200));
}
