import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, pick } from "../common";

export const reportEvidenceContentRoute = createRoute({
  method: "get",
  path: "/v1/reports/{id}/evidence/{evidenceId}",
  tags: ["reports"],
  summary: "An evidence photo of a report (regulators), as stored (metadata stripped)",
  security: bearer,
  request: { params: z.object({ id: z.string().max(64).openapi({ param: { name: "id", in: "path" } }), evidenceId: z.string().max(64).openapi({ param: { name: "evidenceId", in: "path" } }) }) },
  responses: { 200: { description: "The image", content: { "image/jpeg": { schema: z.string().openapi({ format: "binary" }) }, "image/png": { schema: z.string().openapi({ format: "binary" }) } } }, ...pick(400, 401, 403, 404) },
});

export function registerReportEvidenceContent(app: App) {
  app.openapi(reportEvidenceContentRoute, async (c) => {
    const { id, evidenceId } = c.req.valid("param");
    const { contentType, bytes } = await c.var.services.reports.evidenceContent(c.var.principal, id, evidenceId);
    return c.body(bytes as never, 200, { "content-type": contentType, "content-disposition": "attachment", "x-content-type-options": "nosniff", "cache-control": "private, no-store" }) as never;
  });
}
