import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../../errors/api-error";
import { renderStatusForm, renderStatusPage, reportWords } from "../../pages/report-pages";
import type { PageLocale } from "../../pages/html";
import { ReportCredentials } from "../../services/reports";
import type { App } from "../app-types";
import { json, pick } from "../common";
import { formContent, html, LangQuery, localeOf, readPublicBody, ReporterViewSchema } from "./schemas";

export const followReportRoute = createRoute({
  method: "post",
  path: "/reports/status",
  tags: ["reports"],
  summary:
    "Follow your reports with identity code and password (JSON or the HTML form). An unknown code and a wrong password answer the same 401 report-credentials; after repeated failures a code is locked (429 report-locked) whether it exists or not",
  request: { query: LangQuery, body: { required: false, content: { "application/json": { schema: ReportCredentials }, ...formContent("identityCode, password") } } },
  responses: { 200: { description: "The reports of this code and password", content: { "application/json": { schema: z.object({ reports: z.array(ReporterViewSchema) }) }, "text/html": { schema: z.string() } } }, ...pick(400, 401, 413, 415, 429) },
});

/** The form page again with the same words for any failed attempt, in the error's status. */
export function credentialFailure(error: unknown, locale: PageLocale): { status: 401 | 429; page: string; retryAfter?: number } | undefined {
  if (!(error instanceof ApiError) || (error.code !== "unauthenticated" && error.code !== "rate-limited")) return undefined;
  const words = reportWords(locale);
  return error.code === "unauthenticated" ? { status: 401, page: renderStatusForm(locale, words.wrong) } : { status: 429, page: renderStatusForm(locale, words.locked), retryAfter: error.extra.retryAfter };
}

export function registerFollowReport(app: App) {
  app.openapi(followReportRoute, async (c) => {
    const body = await readPublicBody(c);
    c.header("cache-control", "no-store");
    if (!body.form) return c.json({ reports: await c.var.services.reports.follow(body.data) }, 200) as never;
    const locale = localeOf(c);
    try {
      const views = await c.var.services.reports.follow({ identityCode: body.data.identityCode ?? "", password: body.data.password ?? "" });
      return c.html(renderStatusPage(locale, views), 200) as never;
    } catch (error) {
      const failure = credentialFailure(error, locale);
      if (!failure) throw error;
      if (failure.retryAfter !== undefined) c.header("retry-after", String(failure.retryAfter));
      return c.html(failure.page, failure.status) as never;
    }
  });
}
