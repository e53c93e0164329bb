import { createRoute } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { PurchaseRecordSchema, RecordIdParam } from "./schemas";

export const getPurchaseRoute = createRoute({
  method: "get",
  path: "/v1/ledger/{id}",
  tags: ["ledger"],
  summary: "One purchase record",
  security: bearer,
  request: { params: RecordIdParam },
  responses: { 200: json(PurchaseRecordSchema, "The line"), ...pick(400, 401, 403, 404) },
});

export function registerGetPurchase(app: App) {
  app.openapi(getPurchaseRoute, async (c) => c.json((await c.var.services.ledger.get(c.var.principal, c.req.valid("param").id)) as never, 200));
}
