import { createRoute, z } from "@hono/zod-openapi";
import { TaskQuery } from "../../services/co-supervision";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { TaskSchema } from "./schemas";

export const listTasksRoute = createRoute({
  method: "get",
  path: "/v1/co-tasks",
  tags: ["co-supervision"],
  summary: "Tasks: a co-supervisor sees the open tasks in its region before their deadline (or its own with mine=true); regulators see all, by status and region",
  security: bearer,
  request: { query: TaskQuery },
  responses: { 200: json(z.object({ tasks: z.array(TaskSchema) }), "Tasks, earliest deadline first"), ...pick(400, 401, 403) },
});

export function registerListTasks(app: App) {
  app.openapi(listTasksRoute, async (c) => c.json({ tasks: await c.var.services.coSupervision.list(c.var.principal, c.req.valid("query")) }, 200));
}
