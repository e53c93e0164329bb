import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, pick } from "../common";
import { DocumentIdParam } from "./schemas";

export const documentContentRoute = createRoute({
  method: "get",
  path: "/v1/documents/{id}/content",
  tags: ["records"],
  summary: "A document's file, as uploaded",
  security: bearer,
  request: { params: DocumentIdParam },
  responses: { 200: { description: "The file", content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } } }, ...pick(400, 401, 403, 404) },
});

export function registerDocumentContent(app: App) {
  app.openapi(documentContentRoute, async (c) => {
    const { row, bytes } = await c.var.services.documents.content(c.var.principal, c.req.valid("param").id);
    return c.body(bytes as never, 200, { "content-type": row.contentType, "content-disposition": "attachment", "x-content-type-options": "nosniff", "cache-control": "private, no-store" }) as never;
  });
}
