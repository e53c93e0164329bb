import { createRoute } from "@hono/zod-openapi";
import { VoucherCountsQuery } from "../../services/scan-analytics-queries";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { VoucherCountsSchema } from "./schemas";

export const voucherCountsRoute = createRoute({
  method: "get",
  path: "/v1/scan-analytics/vouchers",
  tags: ["scan-analytics"],
  summary: "Scans per voucher in a period (default the last 7 days), most scanned first: an issuer's own vouchers; regulators all (or one issuer's with orgId)",
  security: bearer,
  request: { query: VoucherCountsQuery },
  responses: { 200: json(VoucherCountsSchema, "Scan counts per voucher"), ...pick(400, 401, 403) },
});

export function registerVoucherCounts(app: App) {
  app.openapi(voucherCountsRoute, async (c) => c.json(await c.var.services.scanAnalyticsQueries.vouchers(c.var.principal, c.req.valid("query")), 200));
}
