import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { DeliverySchema, IdParam } from "./schemas";

const Query = z
  .object({
    endpointId: z.string().max(64).optional(),
    state: z.enum(["pending", "delivered", "failed", "cancelled"]).optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
  })
  .strict();

export const listDeliveriesRoute = createRoute({
  method: "get",
  path: "/v1/webhooks/deliveries",
  tags: ["webhooks"],
  summary: "The delivery log: the caller's deliveries, newest first, each attempt with its status code, error, duration and next attempt",
  security: bearer,
  request: { query: Query },
  responses: { 200: json(z.object({ deliveries: z.array(DeliverySchema) }), "Deliveries"), ...pick(400, 401, 403) },
});

export const redeliverRoute = createRoute({
  method: "post",
  path: "/v1/webhooks/deliveries/{id}/redeliver",
  tags: ["webhooks"],
  summary: "Send a delivered, failed or cancelled delivery again (same delivery id, a fresh attempt budget)",
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(DeliverySchema, "The delivery, pending again"), ...pick(401, 403, 404, 409) },
});

export function registerDeliveries(app: App) {
  app.openapi(listDeliveriesRoute, async (c) => c.json({ deliveries: await c.var.services.webhooks.deliveries(c.var.principal, c.req.valid("query")) }, 200));
  app.openapi(redeliverRoute, async (c) => c.json(await c.var.services.webhooks.redeliver(c.var.principal, c.req.valid("param").id), 200));
}
