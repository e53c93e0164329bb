import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { EndpointSchema, IdParam } from "./schemas";

export const listEndpointsRoute = createRoute({
  method: "get",
  path: "/v1/webhooks",
  tags: ["webhooks"],
  summary: "The caller's webhook endpoints (never their secrets)",
  security: bearer,
  responses: { 200: json(z.object({ endpoints: z.array(EndpointSchema) }), "Endpoints"), ...pick(401, 403) },
});

export const deleteEndpointRoute = createRoute({
  method: "delete",
  path: "/v1/webhooks/{id}",
  tags: ["webhooks"],
  summary: "Delete an endpoint of the caller's organisation; its pending deliveries are cancelled",
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(EndpointSchema, "The deleted endpoint"), ...pick(401, 403, 404) },
});

export function registerListEndpoints(app: App) {
  app.openapi(listEndpointsRoute, async (c) => c.json({ endpoints: await c.var.services.webhooks.list(c.var.principal) }, 200));
  app.openapi(deleteEndpointRoute, async (c) => c.json(await c.var.services.webhooks.remove(c.var.principal, c.req.valid("param").id), 200));
}
