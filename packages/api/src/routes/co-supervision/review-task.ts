import { createRoute } from "@hono/zod-openapi";
import { ReviewTask } from "../../services/co-supervision";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { TaskIdParam, TaskSchema } from "./schemas";

export const reviewTaskRoute = createRoute({
  method: "post",
  path: "/v1/co-tasks/{id}/review",
  tags: ["co-supervision"],
  summary: "Approve or reject submitted evidence (regulators, 审单; never your own claim). Rejected: reopened for any co-supervisor before the deadline, closed after",
  security: bearer,
  request: { params: TaskIdParam, body: { required: true, content: { "application/json": { schema: ReviewTask } } } },
  responses: { 200: json(TaskSchema, "The reviewed task"), ...pick(400, 401, 403, 404, 409, 413, 415) },
});

export function registerReviewTask(app: App) {
  app.openapi(reviewTaskRoute, async (c) => c.json(await c.var.services.coSupervision.review(c.var.principal, c.req.valid("param").id, c.req.valid("json")), 200));
}
