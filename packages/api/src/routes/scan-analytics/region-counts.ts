import { createRoute } from "@hono/zod-openapi";
import { RegionCountsQuery } from "../../services/scan-analytics-queries";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { RegionCountsSchema } from "./schemas";

export const regionCountsRoute = createRoute({
  method: "get",
  path: "/v1/scan-analytics/regions",
  tags: ["scan-analytics"],
  summary: "Regulators: scans per region (province, or city where the scanner sent one) and per region and UTC hour",
  security: bearer,
  request: { query: RegionCountsQuery },
  responses: { 200: json(RegionCountsSchema, "Scan counts per region and hour"), ...pick(400, 401, 403) },
});

export function registerRegionCounts(app: App) {
  app.openapi(regionCountsRoute, async (c) => c.json(await c.var.services.scanAnalyticsQueries.regions(c.var.principal, c.req.valid("query")), 200));
}
