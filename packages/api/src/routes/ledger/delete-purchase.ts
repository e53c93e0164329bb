import { createRoute } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, pick } from "../common";
import { RecordIdParam } from "./schemas";

export const deletePurchaseRoute = createRoute({
  method: "delete",
  path: "/v1/ledger/{id}",
  tags: ["ledger"],
  summary: "Delete a purchase record after its retention date (the buyer only); before it: 409 retention-period",
  security: bearer,
  request: { params: RecordIdParam },
  responses: { 204: { description: "Deleted" }, ...pick(400, 401, 403, 404, 409) },
});

export function registerDeletePurchase(app: App) {
  app.openapi(deletePurchaseRoute, async (c) => {
    await c.var.services.ledger.delete(c.var.principal, c.req.valid("param").id);
    return c.body(null, 204) as never;
  });
}
