import { createRoute, z } from "@hono/zod-openapi";
import { RegisterWebhook } from "../../services/webhooks";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { EndpointSchema } from "./schemas";

export const registerEndpointRoute = createRoute({
  method: "post",
  path: "/v1/webhooks",
  tags: ["webhooks"],
  summary: "Register a webhook endpoint (https to a public host: private, loopback and internal hosts are refused with 400 webhook-url-forbidden) for event types; the signing secret is shown this once",
  security: bearer,
  request: { body: { required: true, content: { "application/json": { schema: RegisterWebhook } } } },
  responses: { 201: json(z.object({ endpoint: EndpointSchema, secret: z.string().openapi({ description: "HMAC-SHA-256 signing secret; not shown again" }) }), "The endpoint and its secret"), ...pick(400, 401, 403, 409) },
});

export function registerRegisterEndpoint(app: App) {
  app.openapi(registerEndpointRoute, async (c) => {
    c.header("cache-control", "no-store");
    return c.json(await c.var.services.webhooks.register(c.var.principal, c.req.valid("json")), 201);
  });
}
