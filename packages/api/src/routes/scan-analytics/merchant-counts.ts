import { createRoute } from "@hono/zod-openapi";
import { MerchantCountsQuery } from "../../services/scan-analytics-queries";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { MerchantCountsSchema } from "./schemas";

export const merchantCountsRoute = createRoute({
  method: "get",
  path: "/v1/scan-analytics/merchants",
  tags: ["scan-analytics"],
  summary: "Scans per merchant (the issuing organisation) in a period: regulators all, an issuer only itself",
  security: bearer,
  request: { query: MerchantCountsQuery },
  responses: { 200: json(MerchantCountsSchema, "Scan counts per issuing organisation"), ...pick(400, 401, 403) },
});

export function registerMerchantCounts(app: App) {
  app.openapi(merchantCountsRoute, async (c) => c.json(await c.var.services.scanAnalyticsQueries.merchants(c.var.principal, c.req.valid("query")), 200));
}
