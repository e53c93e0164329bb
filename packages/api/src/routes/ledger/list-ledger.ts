import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { OrgIdParam } from "../merchants/params";
import { PurchaseRecordSchema } from "./schemas";

export const listLedgerRoute = createRoute({
  method: "get",
  path: "/v1/merchants/{orgId}/ledger",
  tags: ["ledger"],
  summary: "A business's purchase ledger, newest first (the business, its market and regulators); optional purchase-date range",
  security: bearer,
  request: { params: OrgIdParam, query: z.object({ from: z.string().optional().openapi({ example: "2026-01-01" }), to: z.string().optional().openapi({ example: "2026-12-31" }) }) },
  responses: { 200: json(z.object({ records: z.array(PurchaseRecordSchema) }), "Up to 5000 lines"), ...pick(400, 401, 403, 404) },
});

export function registerListLedger(app: App) {
  app.openapi(listLedgerRoute, async (c) => c.json({ records: await c.var.services.ledger.list(c.var.principal, c.req.valid("param").orgId, c.req.valid("query")) } as never, 200));
}
