import { createRoute } from "@hono/zod-openapi";
import { CreateRecall } from "../../services/recalls";
import type { App } from "../app-types";
import { idempotent } from "../idempotent";
import { bearer, IdempotencyHeader, json, pick, TraceCodeParam } from "../common";
import { RecallSchema } from "../schemas";

export const recallBatchRoute = createRoute({
  method: "post",
  path: "/v1/batches/{code}/recall",
  tags: ["recalls"],
  summary: "Recall a batch: it, its lots, their vouchers and the buyers' batches downstream become recalled",
  security: bearer,
  request: { params: TraceCodeParam, headers: IdempotencyHeader, body: { required: true, content: { "application/json": { schema: CreateRecall } } } },
  responses: { 201: json(RecallSchema, "The recall"), ...pick(400, 401, 403, 404, 409) },
});

export function registerRecallBatch(app: App) {
  app.openapi(recallBatchRoute, async (c) => {
    const { services, principal } = c.var;
    const { code } = c.req.valid("param");
    const body = c.req.valid("json");
    return idempotent(c, body, 201, () => services.recalls.recall(principal, code, body)) as never;
  });
}
