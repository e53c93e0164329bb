import { createRoute } from "@hono/zod-openapi";
import { ManualPurchase } from "../../services/ledger";
import type { App } from "../app-types";
import { idempotent } from "../idempotent";
import { bearer, IdempotencyHeader, json, pick } from "../common";
import { PurchaseRecordSchema } from "./schemas";

export const manualPurchaseRoute = createRoute({
  method: "post",
  path: "/v1/ledger",
  tags: ["ledger"],
  summary: "Enter a purchase record by hand: product, specification, quantity, production date or batch, shelf life (unless edible farm produce), purchase date, supplier name, address and phone",
  security: bearer,
  request: { headers: IdempotencyHeader, body: { required: true, content: { "application/json": { schema: ManualPurchase } } } },
  responses: { 201: json(PurchaseRecordSchema, "The ledger line"), ...pick(400, 401, 403, 409, 413, 415) },
});

export function registerManualPurchase(app: App) {
  app.openapi(manualPurchaseRoute, async (c) => {
    const body = c.req.valid("json");
    return idempotent(c, body, 201, () => c.var.services.ledger.manual(c.var.principal, body)) as never;
  });
}
