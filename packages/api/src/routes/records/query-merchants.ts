import { createRoute, z } from "@hono/zod-openapi";
import { MerchantQuery } from "../../services/supervision";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { MerchantRowSchema } from "./schemas";

export const queryMerchantsRoute = createRoute({
  method: "get",
  path: "/v1/merchants",
  tags: ["supervision"],
  summary: "Regulators: businesses by region (province, city or county code), type, grade (A, B, C, none) and licences or health certificates expiring within N days",
  security: bearer,
  request: { query: MerchantQuery },
  responses: { 200: json(z.object({ merchants: z.array(MerchantRowSchema) }), "Matching businesses"), ...pick(400, 401, 403) },
});

export function registerQueryMerchants(app: App) {
  app.openapi(queryMerchantsRoute, async (c) => c.json({ merchants: await c.var.services.supervision.query(c.var.principal, c.req.valid("query")) } as never, 200));
}
