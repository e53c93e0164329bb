import { createRoute } from "@hono/zod-openapi";
import { LinkInspection } from "../../services/reports";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { RegulatorReportSchema, ReportIdParam } from "./schemas";

export const linkReportInspectionRoute = createRoute({
  method: "post",
  path: "/v1/reports/{id}/inspection",
  tags: ["reports"],
  summary: "Link a report to the inspection that followed it up (regulators); the inspection must be of the reported business",
  security: bearer,
  request: { params: ReportIdParam, body: { required: true, content: { "application/json": { schema: LinkInspection } } } },
  responses: { 200: json(RegulatorReportSchema, "The report"), ...pick(400, 401, 403, 404, 409, 413, 415) },
});

export function registerLinkReportInspection(app: App) {
  app.openapi(linkReportInspectionRoute, async (c) => c.json((await c.var.services.reports.linkInspection(c.var.principal, c.req.valid("param").id, c.req.valid("json"))) as never, 200));
}
