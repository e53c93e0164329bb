import { createRoute, z } from "@hono/zod-openapi";
import { SplitBatch } from "../../services/batches";
import type { App } from "../app-types";
import { idempotent } from "../idempotent";
import { bearer, IdempotencyHeader, json, pick, TraceCodeParam } from "../common";
import { BatchSchema } from "../schemas";

export const splitBatchRoute = createRoute({
  method: "post",
  path: "/v1/batches/{code}/split",
  tags: ["batches"],
  summary: "Split a batch into child lots whose quantities add up exactly to the parent's",
  security: bearer,
  request: { params: TraceCodeParam, headers: IdempotencyHeader, body: { required: true, content: { "application/json": { schema: SplitBatch } } } },
  responses: { 201: json(z.object({ children: z.array(BatchSchema) }), "The child lots"), ...pick(400, 401, 403, 404, 409) },
});

export function registerSplitBatch(app: App) {
  app.openapi(splitBatchRoute, async (c) => {
    const { services, principal } = c.var;
    const { code } = c.req.valid("param");
    const body = c.req.valid("json");
    return idempotent(c, body, 201, async () => ({ children: await services.batches.split(principal, code, body) })) as never;
  });
}
