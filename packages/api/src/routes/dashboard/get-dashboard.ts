import { createRoute, z } from "@hono/zod-openapi";
import { pickLocale } from "../../pages/html";
import { renderDashboardPage } from "../../pages/dashboard-page";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";

const Counts = { tests: z.number().int(), failed: z.number().int() };
const Region = { region: z.string(), name: z.string().nullable() };

export const DashboardSchema = z
  .object({
    asOf: z.string(),
    days: z.number().int(),
    since: z.string(),
    rapidTests: z.object({
      total: z.object(Counts),
      byRegion: z.array(z.object({ ...Region, ...Counts })),
      byItem: z.array(z.object({ item: z.string(), ...Counts })),
    }),
    grades: z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int(), none: z.number().int() }),
    openReports: z.object({ total: z.number().int(), byStatus: z.object({ received: z.number().int(), investigating: z.number().int() }) }),
    overdueTasks: z.object({ total: z.number().int(), tasks: z.array(z.object({ id: z.string(), title: z.string(), kind: z.string(), region: z.string(), deadline: z.string(), status: z.string() })) }),
    flaggedCodes: z.object({ total: z.number().int(), byReason: z.record(z.string(), z.number().int()), recent: z.array(z.record(z.string(), z.unknown())) }),
    scansByRegion: z.array(z.object({ ...Region, scans: z.number().int() })),
  })
  .openapi("Dashboard");

export const dashboardRoute = createRoute({
  method: "get",
  path: "/v1/dashboard",
  tags: ["dashboard"],
  summary: "Regulators: rapid tests and failures by province and item, grade distribution, open reports, overdue co-supervision tasks, flagged codes, scans by province. JSON, or an HTML page with inline SVG charts (zh-CN/en) for Accept: text/html",
  security: bearer,
  request: {
    query: z.object({
      days: z.coerce.number().int().min(1).max(366).default(30).openapi({ description: "Period of the test and scan counts, days up to now" }),
      lang: z.string().max(35).optional().openapi({ description: "Page language for the HTML: zh-CN or en" }),
    }),
  },
  responses: { 200: { description: "The dashboard", content: { "application/json": { schema: DashboardSchema }, "text/html": { schema: z.string() } } }, ...pick(400, 401, 403) },
});

export function registerDashboard(app: App) {
  app.openapi(dashboardRoute, async (c) => {
    const { days, lang } = c.req.valid("query");
    const dashboard = await c.var.services.dashboard.get(c.var.principal, { days });
    c.header("cache-control", "no-store");
    c.header("vary", "Accept, Accept-Language");
    if (!/text\/html/i.test(c.req.header("accept") ?? "")) return c.json(dashboard as never, 200);
    const locale = pickLocale(lang, c.req.header("accept-language"));
    return c.html(renderDashboardPage(dashboard, locale, `/v1/dashboard?days=${days}&lang=${locale === "en" ? "zh-CN" : "en"}`), 200) as never;
  });
}
