import { createRoute } from "@hono/zod-openapi";
import { documentView } from "../../services/documents";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
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

export function registerGetDocument(app: App) {
  app.openapi(getDocumentRoute, async (c) => c.json(documentView(await c.var.services.documents.get(c.var.principal, c.req.valid("param").id)) as never, 200));
}
