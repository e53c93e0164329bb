import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, pick } from "../common";

const CaptureResult = z
  .object({
    captureId: z.string(),
    events: z.number().int().openapi({ description: "Events in the document" }),
    stored: z.number().int().openapi({ description: "Events stored now; the others were captured before (same CBV 2.0 event hash ID)" }),
    linked: z.array(z.object({ eventID: z.string(), batches: z.array(z.string()) })).openapi({ description: "Each event's hash ID and the batches it was linked to (none: kept as an unlinked partner event)" }),
  })
  .openapi("EpcisCaptureResult");

const Document = z.record(z.string(), z.unknown()).openapi("EPCISCaptureDocument", { description: "An EPCIS 2.0 EPCISDocument (JSON or JSON-LD)" });

export const captureRoute = createRoute({
  method: "post",
  path: "/v1/epcis/capture",
  tags: ["epcis"],
  summary: "Capture a partner's EPCIS 2.0 document: validated against GS1's schema (400 lists each error's path and message), stored in one transaction under each event's hash ID (re-capture stores nothing twice), linked to your batches by GTIN + lot Digital Link or batch URL",
  security: bearer,
  request: { body: { required: true, content: { "application/ld+json": { schema: Document }, "application/json": { schema: Document } } } },
  responses: {
    201: { description: "Captured", content: { "application/json": { schema: CaptureResult } } },
    ...pick(400, 401, 403, 413, 415),
  },
});

export function registerCapture(app: App) {
  app.openapi(captureRoute, async (c) => {
    const { services, principal } = c.var;
    // Both media types carry the same JSON; the schema check is the service's, with GS1's schema.
    const body = await c.req.json().catch(() => undefined);
    return c.json(await services.epcis.capture(principal, body), 201);
  });
}
