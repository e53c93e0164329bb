import { createRoute, z } from "@hono/zod-openapi";
import { ScanToLedger } from "../../services/ledger";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { PurchaseRecordSchema } from "./schemas";

export const scanToLedgerRoute = createRoute({
  method: "post",
  path: "/v1/ledger/scan",
  tags: ["ledger"],
  summary: "Post a seller's voucher URL: verified like a scan, it becomes the caller's purchase record with every required field filled from the voucher, its batch and the seller's profile, linked to the seller's batch. A repeated scan returns the same line (200); a voucher that does not verify is refused and nothing is written",
  security: bearer,
  request: { body: { required: true, content: { "application/json": { schema: ScanToLedger } } } },
  responses: {
    201: json(z.object({ record: PurchaseRecordSchema, created: z.literal(true) }), "The new ledger line"),
    200: json(z.object({ record: PurchaseRecordSchema, created: z.literal(false) }), "This voucher is in the ledger already"),
    ...pick(400, 401, 403, 409, 413, 415),
  },
});

export function registerScanToLedger(app: App) {
  app.openapi(scanToLedgerRoute, async (c) => {
    const result = await c.var.services.ledger.scan(c.var.principal, c.req.valid("json"));
    return c.json(result as never, result.created ? 201 : 200);
  });
}
