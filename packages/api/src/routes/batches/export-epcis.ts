import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, pick, TraceCodeParam } from "../common";
import { streamResponse } from "../epcis/stream";

export const exportEpcisRoute = createRoute({
  method: "get",
  path: "/v1/batches/{code}/epcis",
  tags: ["batches", "epcis"],
  summary: "A batch's history as an EPCIS 2.0 JSON-LD document (creation, splits, rapid tests as sensor reports, sale vouchers, receipts, recalls, suspensions, captured partner events), each event with its CBV 2.0 event hash ID; streamed",
  security: bearer,
  request: { params: TraceCodeParam },
  responses: {
    200: { description: "EPCISDocument, valid against GS1's EPCIS 2.0 JSON schema", content: { "application/ld+json": { schema: z.record(z.string(), z.unknown()).openapi("EPCISDocument") } } },
    ...pick(401, 403, 404),
  },
});

export function registerExportEpcis(app: App) {
  app.openapi(exportEpcisRoute, async (c) => {
    const { services, principal } = c.var;
    const code = c.req.valid("param").code;
    const chunks = await services.epcis.exportBatch(principal, code);
    return (await streamResponse(chunks, {
      "content-type": "application/ld+json; charset=utf-8",
      "content-disposition": `inline; filename="epcis-${code.replace(/[^0-9A-Za-z_-]+/g, "")}.jsonld"`,
      "cache-control": "no-store",
    })) as never;
  });
}
