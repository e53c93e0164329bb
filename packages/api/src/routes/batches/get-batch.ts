import { createRoute } from "@hono/zod-openapi";
import { batchView } from "../../services/batches";
import type { App } from "../app-types";
import { bearer, json, pick, TraceCodeParam } from "../common";
import { BatchSchema } from "../schemas";

export const getBatchRoute = createRoute({
  method: "get",
  path: "/v1/batches/{code}",
  tags: ["batches"],
  summary: "Get a batch of the caller's organisation (or one it supervises)",
  security: bearer,
  request: { params: TraceCodeParam },
  responses: { 200: json(BatchSchema, "The batch"), ...pick(401, 403, 404) },
});

export function registerGetBatch(app: App) {
  app.openapi(getBatchRoute, async (c) => {
    const { services, principal } = c.var;
    return c.json(batchView(await services.batches.getFor(principal, c.req.valid("param").code)) as never, 200);
  });
}
