import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { idempotent } from "../idempotent";
import { bearer, IdempotencyHeader, json, pick, TraceCodeParam } from "../common";
import { RapidTestSchema } from "../schemas";
import { dispatchWebhooksAfterWrite } from "../webhook-dispatch";

const RapidTestBody = z
  .object({
    item: z.string().openapi({ description: "A RapidTestItem code; a catalogue item (GET /rapid-test-items) may leave out method, standard and threshold" }),
    method: z.string().optional(),
    standard: z.object({ code: z.string(), title: z.string().optional() }).optional(),
    threshold: z.object({ comparator: z.enum(["gte", "gt", "lte", "lt"]), value: z.number(), unit: z.string(), suspiciousFrom: z.number().optional() }).optional(),
    measured: z.union([z.object({ kind: z.literal("value"), value: z.number() }), z.object({ kind: z.literal("reading"), reading: z.enum(["negative", "weak-positive", "positive"]) })]),
    tester: z.object({ name: z.string(), id: z.string().optional() }),
    testPoint: z.object({ id: z.string(), name: z.string().optional() }).openapi({ description: "A registered test point of the caller (POST /v1/test-points) or a free-form id" }),
    testedAt: z.string().optional(),
  })
  .passthrough()
  .openapi("RapidTestInput", { description: "A rapid-test record; the outcome is computed from the measurement and the threshold (see @shian/schemas RapidTestRecord)" });

export const recordRapidTestRoute = createRoute({
  method: "post",
  path: "/v1/batches/{code}/rapid-tests",
  tags: ["rapid tests"],
  summary: "Record a rapid-test result; a failed result suspends the batch and everything downstream and opens a lock-down listing every holder",
  security: bearer,
  request: { params: TraceCodeParam, headers: IdempotencyHeader, body: { required: true, content: { "application/json": { schema: RapidTestBody } } } },
  responses: { 201: json(z.object({ test: RapidTestSchema, batchStatus: z.string(), lockdownId: z.string().optional().openapi({ description: "The lock-down a failed result opened" }) }), "The stored result and the batch's status after it"), ...pick(400, 401, 403, 404, 409) },
});

export function registerRecordRapidTest(app: App) {
  app.openapi(recordRapidTestRoute, async (c) => {
    const { services, principal } = c.var;
    const { code } = c.req.valid("param");
    const body = c.req.valid("json");
    const response = await idempotent(c, body, 201, () => services.tests.record(principal, code, body));
    dispatchWebhooksAfterWrite(c);
    return response as never;
  });
}
