import { createRoute } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { RegulatorReportSchema, ReportIdParam } from "./schemas";

export const getReportRoute = createRoute({
  method: "get",
  path: "/v1/reports/{id}",
  tags: ["reports"],
  summary: "One report (regulators)",
  security: bearer,
  request: { params: ReportIdParam },
  responses: { 200: json(RegulatorReportSchema, "The report"), ...pick(400, 401, 403, 404) },
});

export function registerGetReport(app: App) {
  app.openapi(getReportRoute, async (c) => c.json((await c.var.services.reports.get(c.var.principal, c.req.valid("param").id)) as never, 200));
}
