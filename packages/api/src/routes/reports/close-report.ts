import { createRoute } from "@hono/zod-openapi";
import { CloseReport } from "../../services/reports";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { RegulatorReportSchema, ReportIdParam } from "./schemas";

export const closeReportRoute = createRoute({
  method: "post",
  path: "/v1/reports/{id}/close",
  tags: ["reports"],
  summary:
    "Close a report (regulators). Substantiated (after linking an inspection) with the case's fine in whole yuan and the reward tier: the reward follows the 2021 rules (5% / 3% / 1%, at least ¥5,000 / ¥3,000 / ¥1,000, at most ¥1,000,000) and the claim window opens",
  security: bearer,
  request: { params: ReportIdParam, body: { required: true, content: { "application/json": { schema: CloseReport } } } },
  responses: { 200: json(RegulatorReportSchema, "The closed report"), ...pick(400, 401, 403, 404, 409, 413, 415) },
});

export function registerCloseReport(app: App) {
  app.openapi(closeReportRoute, async (c) => c.json((await c.var.services.reports.close(c.var.principal, c.req.valid("param").id, c.req.valid("json"))) as never, 200));
}
