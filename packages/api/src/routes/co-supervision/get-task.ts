import { createRoute } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { TaskIdParam, TaskSchema } from "./schemas";

export const getTaskRoute = createRoute({
  method: "get",
  path: "/v1/co-tasks/{id}",
  tags: ["co-supervision"],
  summary: "A task (regulators; a co-supervisor: open ones in its region and its own)",
  security: bearer,
  request: { params: TaskIdParam },
  responses: { 200: json(TaskSchema, "The task"), ...pick(401, 403, 404) },
});

export function registerGetTask(app: App) {
  app.openapi(getTaskRoute, async (c) => c.json(await c.var.services.coSupervision.get(c.var.principal, c.req.valid("param").id), 200));
}
