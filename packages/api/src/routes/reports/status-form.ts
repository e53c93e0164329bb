import { createRoute } from "@hono/zod-openapi";
import { renderStatusForm } from "../../pages/report-pages";
import type { App } from "../app-types";
import { pick } from "../common";
import { html, LangQuery, localeOf } from "./schemas";

export const reportStatusFormRoute = createRoute({
  method: "get",
  path: "/reports/status",
  tags: ["reports"],
  summary: "The follow-up page (HTML): identity code and password, posted to POST /reports/status",
  request: { query: LangQuery },
  responses: { 200: html("The form"), ...pick(429) },
});

export function registerReportStatusForm(app: App) {
  app.openapi(reportStatusFormRoute, (c) => {
    c.header("cache-control", "no-store");
    return c.html(renderStatusForm(localeOf(c)), 200) as never;
  });
}
