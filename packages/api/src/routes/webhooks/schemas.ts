import { z } from "@hono/zod-openapi";

export const EndpointSchema = z.object({ id: z.string(), orgId: z.string(), url: z.string(), events: z.array(z.string()), createdAt: z.string() }).openapi("WebhookEndpoint");

export const DeliverySchema = z
  .object({
    id: z.string().openapi({ description: "Sent as the Shian-Delivery header on every attempt: receivers dedupe on it" }),
    eventId: z.string(),
    eventType: z.string(),
    endpointId: z.string(),
    state: z.string().openapi({ description: "pending | delivered | failed | cancelled" }),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    log: z.array(z.object({ attempt: z.number().int(), startedAt: z.string(), statusCode: z.number().int().nullable(), error: z.string().nullable(), durationMs: z.number().int(), nextAttemptAt: z.string().nullable() })),
  })
  .openapi("WebhookDelivery");

export const IdParam = z.object({ id: z.string().max(64).openapi({ param: { name: "id", in: "path" } }) });
