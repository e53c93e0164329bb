import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick, TraceCodeParam } from "../common";
import { LockdownIdParam, LockdownSchema } from "./schemas";

export const getLockdownRoute = createRoute({
  method: "get",
  path: "/v1/lockdowns/{id}",
  tags: ["lock-downs"],
  summary: "A lock-down with every downstream holder and its purchase records (regulators, the testing organisation, the batch owner and its market)",
  security: bearer,
  request: { params: LockdownIdParam },
  responses: { 200: json(LockdownSchema, "The lock-down"), ...pick(401, 403, 404) },
});

export const batchLockdownsRoute = createRoute({
  method: "get",
  path: "/v1/batches/{code}/lockdowns",
  tags: ["lock-downs"],
  summary: "The lock-downs of a batch, newest first",
  security: bearer,
  request: { params: TraceCodeParam },
  responses: { 200: json(z.object({ lockdowns: z.array(LockdownSchema.omit({ holders: true })) }), "Lock-downs without their holders"), ...pick(401, 403, 404) },
});

export function registerGetLockdown(app: App) {
  app.openapi(getLockdownRoute, async (c) => c.json(await c.var.services.lockdowns.get(c.var.principal, c.req.valid("param").id), 200));
  app.openapi(batchLockdownsRoute, async (c) => c.json({ lockdowns: await c.var.services.lockdowns.forBatch(c.var.principal, c.req.valid("param").code) }, 200));
}
