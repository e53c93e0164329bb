import { createRoute, z } from "@hono/zod-openapi";
import { renderReportForm } from "../../pages/report-pages";
import type { App } from "../app-types";
import { pick } from "../common";
import { html, localeOf } from "./schemas";

export const reportFormRoute = createRoute({
  method: "get",
  path: "/reports/new",
  tags: ["reports"],
  summary: "The anonymous report form (HTML, zh-CN or en, no scripts), prefilled from the query: the merchant page links here with its business",
  request: {
    query: z.object({
      lang: z.string().optional(),
      kind: z.enum(["business", "batch", "voucher"]).optional(),
      businessId: z.string().max(64).optional(),
      name: z.string().max(200).optional(),
      address: z.string().max(300).optional(),
      batchCode: z.string().max(64).optional(),
      voucherCode: z.string().max(64).optional(),
    }),
  },
  responses: { 200: html("The form"), ...pick(400, 429) },
});

export function registerReportForm(app: App) {
  app.openapi(reportFormRoute, (c) => {
    const { lang: _lang, ...values } = c.req.valid("query");
    c.header("cache-control", "no-store");
    return c.html(renderReportForm(localeOf(c), values as Record<string, string>), 200) as never;
  });
}
