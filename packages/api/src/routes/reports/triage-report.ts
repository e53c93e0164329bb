import { createRoute } from "@hono/zod-openapi";
import { TriageReport } from "../../services/reports";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { RegulatorReportSchema, ReportIdParam } from "./schemas";

export const triageReportRoute = createRoute({
  method: "post",
  path: "/v1/reports/{id}/triage",
  tags: ["reports"],
  summary: "Triage a report (regulators): under investigation or not substantiated, with a note",
  security: bearer,
  request: { params: ReportIdParam, body: { required: true, content: { "application/json": { schema: TriageReport } } } },
  responses: { 200: json(RegulatorReportSchema, "The report"), ...pick(400, 401, 403, 404, 409, 413, 415) },
});

export function registerTriageReport(app: App) {
  app.openapi(triageReportRoute, async (c) => c.json((await c.var.services.reports.triage(c.var.principal, c.req.valid("param").id, c.req.valid("json"))) as never, 200));
}
