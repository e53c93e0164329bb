import { createRoute } from "@hono/zod-openapi";
import { SubmitEvidence } from "../../services/co-supervision";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { TaskIdParam, TaskSchema } from "./schemas";

export const submitEvidenceRoute = createRoute({
  method: "post",
  path: "/v1/co-tasks/{id}/evidence",
  tags: ["co-supervision"],
  summary: "Submit evidence for your claimed task (co-supervisors): text and ids of your uploads (POST /v1/documents); after the deadline it counts as late",
  security: bearer,
  request: { params: TaskIdParam, body: { required: true, content: { "application/json": { schema: SubmitEvidence } } } },
  responses: { 200: json(TaskSchema, "The submitted task"), ...pick(400, 401, 403, 404, 409, 413, 415) },
});

export function registerSubmitEvidence(app: App) {
  app.openapi(submitEvidenceRoute, async (c) => c.json(await c.var.services.coSupervision.submit(c.var.principal, c.req.valid("param").id, c.req.valid("json")), 200));
}
