import { createRoute, z } from "@hono/zod-openapi";
import { batchView } from "../../services/batches";
import type { App } from "../app-types";
import { bearer, json, pick, TraceCodeParam } from "../common";
import { BatchSchema } from "../schemas";

/** One level of the downstream tree; `children` are nodes of the same shape. */
const TraceNodeSchema = z
  .object({
    batch: BatchSchema,
    vouchers: z.array(z.object({ code: z.string(), buyerOrgId: z.string().nullable(), status: z.string() })),
    children: z.array(z.record(z.string(), z.unknown())).openapi({ description: "Child nodes (lots, buyers' batches), each a TraceNode" }),
  })
  .openapi("TraceNode");

export const traceBatchRoute = createRoute({
  method: "get",
  path: "/v1/batches/{code}/trace",
  tags: ["batches"],
  summary: "Trace a batch upstream (溯源: parent lots and the sellers' batches) and downstream (追踪: lots, vouchers, buyers' batches)",
  security: bearer,
  request: { params: TraceCodeParam },
  responses: {
    200: json(z.object({ batch: BatchSchema, upstream: z.array(BatchSchema), downstream: TraceNodeSchema }), "The trace"),
    ...pick(401, 403, 404),
  },
});

export function registerTraceBatch(app: App) {
  app.openapi(traceBatchRoute, async (c) => {
    const { services, principal } = c.var;
    const batch = await services.batches.getFor(principal, c.req.valid("param").code);
    return c.json({ batch: batchView(batch), upstream: await services.batches.upstream(batch.code), downstream: await services.batches.downstream(batch.code) } as never, 200);
  });
}
