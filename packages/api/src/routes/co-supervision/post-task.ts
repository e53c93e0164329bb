import { createRoute } from "@hono/zod-openapi";
import { PostTask } from "../../services/co-supervision";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { TaskSchema } from "./schemas";

export const postTaskRoute = createRoute({
  method: "post",
  path: "/v1/co-tasks",
  tags: ["co-supervision"],
  summary: "Post a co-supervision task (regulators): kind, region (GB/T 2260), deadline, commission in fen; with voteItemId it takes up a public vote item (adopted with this task, atomically)",
  security: bearer,
  request: { body: { required: true, content: { "application/json": { schema: PostTask } } } },
  responses: { 201: json(TaskSchema, "The open task"), ...pick(400, 401, 403, 404, 409, 413, 415) },
});

export function registerPostTask(app: App) {
  app.openapi(postTaskRoute, async (c) => c.json(await c.var.services.coSupervision.post(c.var.principal, c.req.valid("json")), 201));
}
