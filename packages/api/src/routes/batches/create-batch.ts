import { createRoute } from "@hono/zod-openapi";
import { CreateBatch } from "../../services/batches";
import type { App } from "../app-types";
import { idempotent } from "../idempotent";
import { bearer, IdempotencyHeader, json, pick } from "../common";
import { BatchSchema } from "../schemas";

export const createBatchRoute = createRoute({
  method: "post",
  path: "/v1/batches",
  tags: ["batches"],
  summary: "Create a batch (lot) under a new trace code in the caller's namespace",
  security: bearer,
  request: { headers: IdempotencyHeader, body: { required: true, content: { "application/json": { schema: CreateBatch } } } },
  responses: { 201: json(BatchSchema, "The batch"), ...pick(400, 401, 403, 409, 413, 415) },
});

export function registerCreateBatch(app: App) {
  app.openapi(createBatchRoute, async (c) => {
    const { services, principal } = c.var;
    const body = c.req.valid("json");
    return idempotent(c, body, 201, () => services.batches.create(principal, body)) as never;
  });
}
