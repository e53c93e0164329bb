import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, pick } from "../common";

const list = (description: string) => z.string().max(2000).optional().openapi({ description: `${description}; several values separated by commas or |` });

const Query = z.object({
  eventType: list("ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent or AssociationEvent"),
  GE_eventTime: z.string().max(40).optional().openapi({ description: "eventTime at or after (ISO 8601)" }),
  LT_eventTime: z.string().max(40).optional().openapi({ description: "eventTime before (ISO 8601)" }),
  EQ_bizStep: list("CBV business step, bare (receiving) or as URI"),
  EQ_disposition: list("CBV disposition, bare (recalled) or as URI"),
  MATCH_epc: list("EPC in epcList or childEPCs (Digital Link or EPC URN; a GTIN-only Digital Link matches its serials and lots)"),
  MATCH_anyEPC: list("EPC in any EPC field or parentID"),
  MATCH_epcClass: list("EPC class in any quantity list (our lots are classes: GTIN + lot Digital Link or batch URL)"),
  EQ_bizLocation: list("Business location ID"),
  perPage: z.string().max(4).optional().openapi({ description: "Events per page, 1–500 (100)" }),
  nextPageToken: z.string().max(1000).optional().openapi({ description: "From the previous page's Link rel=next" }),
});

export const queryRoute = createRoute({
  method: "get",
  path: "/v1/epcis/events",
  tags: ["epcis"],
  summary: "EPCIS 2.0 event query over your organisation's events (its history and the events it captured or that name its batches), in time order, paged",
  security: bearer,
  request: { query: Query },
  responses: {
    200: { description: "EPCISQueryDocument; a next page is announced by Link rel=next and the nextPageToken header", content: { "application/ld+json": { schema: z.record(z.string(), z.unknown()).openapi("EPCISQueryDocument") } } },
    ...pick(400, 401, 403),
  },
});

export function registerQuery(app: App) {
  app.openapi(queryRoute, async (c) => {
    const { services, principal } = c.var;
    const query = c.req.valid("query");
    const { document, nextPageToken } = await services.epcis.query(principal, query);
    const headers: Record<string, string> = { "content-type": "application/ld+json; charset=utf-8", "cache-control": "no-store" };
    if (nextPageToken) {
      const next = new URL(c.req.url);
      next.searchParams.set("nextPageToken", nextPageToken);
      headers.link = `<${next.pathname}${next.search}>; rel="next"`;
      headers["next-page-token"] = nextPageToken;
    }
    return new Response(JSON.stringify(document), { status: 200, headers }) as never;
  });
}
