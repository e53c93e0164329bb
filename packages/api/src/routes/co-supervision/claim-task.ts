import { createRoute } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { TaskIdParam, TaskSchema } from "./schemas";

export const claimTaskRoute = createRoute({
  method: "post",
  path: "/v1/co-tasks/{id}/claim",
  tags: ["co-supervision"],
  summary: "Claim an open task in your region (co-supervisors, 抢单): one claimant — the first wins, every other claim is 409 task-taken; outside your region 403",
  security: bearer,
  request: { params: TaskIdParam },
  responses: { 200: json(TaskSchema, "The claimed task"), ...pick(401, 403, 404, 409) },
});

export function registerClaimTask(app: App) {
  app.openapi(claimTaskRoute, async (c) => c.json(await c.var.services.coSupervision.claim(c.var.principal, c.req.valid("param").id), 200));
}
