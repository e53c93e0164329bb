import { createRoute, z } from "@hono/zod-openapi";
import { FlagQuery } from "../../services/scan-analytics-queries";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { FlagSchema } from "./schemas";

export const flagsRoute = createRoute({
  method: "get",
  path: "/v1/scan-analytics/flags",
  tags: ["scan-analytics"],
  summary: "Possible copies (over-scanned, or scanned in distant provinces within a short time): an issuer's own vouchers; regulators all, by region, reason or issuer",
  security: bearer,
  request: { query: FlagQuery },
  responses: { 200: json(z.object({ flags: z.array(FlagSchema) }), "Flagged codes, most recently seen first"), ...pick(400, 401, 403) },
});

export function registerFlags(app: App) {
  app.openapi(flagsRoute, async (c) => c.json({ flags: await c.var.services.scanAnalyticsQueries.flags(c.var.principal, c.req.valid("query")) }, 200));
}
