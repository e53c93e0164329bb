import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { PurchaseRecordSchema } from "./schemas";

export const batchPurchasesRoute = createRoute({
  method: "get",
  path: "/v1/batches/{code}/purchases",
  tags: ["ledger"],
  summary: "Downstream through the ledgers: every purchase record made from this batch or a batch made from it (the batch's owner, its market and regulators)",
  security: bearer,
  request: { params: z.object({ code: z.string().max(64).openapi({ param: { name: "code", in: "path" }, example: "1001-1-5" }) }) },
  responses: { 200: json(z.object({ records: z.array(PurchaseRecordSchema) }), "Ledger lines downstream"), ...pick(400, 401, 403, 404) },
});

export function registerBatchPurchases(app: App) {
  app.openapi(batchPurchasesRoute, async (c) => c.json({ records: await c.var.services.ledger.downstreamOf(c.var.principal, c.req.valid("param").code) } as never, 200));
}
