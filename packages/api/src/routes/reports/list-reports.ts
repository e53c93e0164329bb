import { createRoute, z } from "@hono/zod-openapi";
import { ReportQuery } from "../../services/reports";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { RegulatorReportSchema } from "./schemas";

export const listReportsRoute = createRoute({
  method: "get",
  path: "/v1/reports",
  tags: ["reports"],
  summary: "Anonymous reports for triage (regulators): newest first, by status or reported business. Nothing identifies the reporter",
  security: bearer,
  request: { query: ReportQuery },
  responses: { 200: json(z.object({ reports: z.array(RegulatorReportSchema) }), "Reports"), ...pick(400, 401, 403) },
});

export function registerListReports(app: App) {
  app.openapi(listReportsRoute, async (c) => c.json({ reports: await c.var.services.reports.list(c.var.principal, c.req.valid("query")) } as never, 200));
}
