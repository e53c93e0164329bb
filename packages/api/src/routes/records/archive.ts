import { createRoute, z } from "@hono/zod-openapi";
import { renderArchivePage } from "../../pages/archive-page";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { OrgIdParam } from "../merchants/params";

export const archiveRoute = createRoute({
  method: "get",
  path: "/v1/merchants/{orgId}/archive",
  tags: ["supervision"],
  summary: "Export a business's archive (一户一档): one JSON bundle (profile, grade and history, inspections, health certificates, self-inspections, documents, purchase ledger, certificates), or format=html for a printable page",
  security: bearer,
  request: { params: OrgIdParam, query: z.object({ format: z.enum(["json", "html"]).default("json") }) },
  responses: { 200: { description: "The archive", content: { "application/json": { schema: z.record(z.string(), z.unknown()) }, "text/html": { schema: z.string() } } }, ...pick(400, 401, 403, 404) },
});

export function registerArchive(app: App) {
  app.openapi(archiveRoute, async (c) => {
    const { orgId } = c.req.valid("param");
    const archive = await c.var.services.supervision.archive(c.var.principal, orgId);
    const date = archive.exportedAt.slice(0, 10);
    c.header("cache-control", "private, no-store");
    if (c.req.valid("query").format === "html") return c.html(renderArchivePage(archive), 200) as never;
    c.header("content-disposition", `attachment; filename="archive-${orgId}-${date}.json"`);
    return c.json(archive as never, 200);
  });
}
