import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { OrgIdParam } from "../merchants/params";
import { PurchaseRecordSchema, RecordIdParam } from "./schemas";

export const listLedgerRoute = createRoute({
  method: "get",
  path: "/v1/merchants/{orgId}/ledger",
  tags: ["ledger"],
  summary: "A business's purchase ledger, newest first (the business, its market and regulators); optional purchase-date range",
  security: bearer,
  request: { params: OrgIdParam, query: z.object({ from: z.string().optional().openapi({ example: "2026-01-01" }), to: z.string().optional().openapi({ example: "2026-12-31" }) }) },
  responses: { 200: json(z.object({ records: z.array(PurchaseRecordSchema) }), "Up to 5000 lines"), ...pick(400, 401, 403, 404) },
});

export const getPurchaseRoute = createRoute({
  method: "get",
  path: "/v1/ledger/{id}",
  tags: ["ledger"],
  summary: "One purchase record",
  security: bearer,
  request: { params: RecordIdParam },
  responses: { 200: json(PurchaseRecordSchema, "The line"), ...pick(400, 401, 403, 404) },
});

export const deletePurchaseRoute = createRoute({
  method: "delete",
  path: "/v1/ledger/{id}",
  tags: ["ledger"],
  summary: "Delete a purchase record after its retention date (the buyer only); before it: 409 retention-period",
  security: bearer,
  request: { params: RecordIdParam },
  responses: { 204: { description: "Deleted" }, ...pick(400, 401, 403, 404, 409) },
});

export const batchPurchasesRoute = createRoute({
  method: "get",
  path: "/v1/batches/{code}/purchases",
  tags: ["ledger"],
  summary: "Downstream through the ledgers: every purchase record made from this batch or a batch made from it (the batch's owner, its market and regulators)",
  security: bearer,
  request: { params: z.object({ code: z.string().max(64).openapi({ param: { name: "code", in: "path" }, example: "1001-1-5" }) }) },
  responses: { 200: json(z.object({ records: z.array(PurchaseRecordSchema) }), "Ledger lines downstream"), ...pick(400, 401, 403, 404) },
});

export function registerLedgerReads(app: App) {
  app.openapi(listLedgerRoute, async (c) => c.json({ records: await c.var.services.ledger.list(c.var.principal, c.req.valid("param").orgId, c.req.valid("query")) } as never, 200));
  app.openapi(getPurchaseRoute, async (c) => c.json((await c.var.services.ledger.get(c.var.principal, c.req.valid("param").id)) as never, 200));
  app.openapi(deletePurchaseRoute, async (c) => {
    await c.var.services.ledger.delete(c.var.principal, c.req.valid("param").id);
    return c.body(null, 204) as never;
  });
  app.openapi(batchPurchasesRoute, async (c) => c.json({ records: await c.var.services.ledger.downstreamOf(c.var.principal, c.req.valid("param").code) } as never, 200));
}
