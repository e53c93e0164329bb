import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { json } from "../common";

export const healthRoute = createRoute({
  method: "get",
  path: "/health",
  tags: ["meta"],
  summary: "Liveness: answers when the app and its database answer",
  responses: { 200: json(z.object({ ok: z.literal(true), organisations: z.number().int() }), "Healthy") },
});

export function registerHealth(app: App) {
  app.openapi(healthRoute, async (c) => c.json({ ok: true as const, organisations: await c.var.services.orgs.count() }, 200));
}
