import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../../errors/api-error";
import { FSMA_FORMATS, type FsmaFormat } from "../../services/fsma204/index";
import type { App } from "../app-types";
import { bearer, pick } from "../common";

const Query = z.object({
  lot: z.string().min(1).max(64).optional().openapi({ description: "A lot (trace code) of your organisation: its tree's events you recorded", example: "1001-1-5" }),
  from: z.string().max(40).optional().openapi({ description: "Start (ISO 8601, inclusive)", example: "2026-01-01T00:00:00Z" }),
  to: z.string().max(40).optional().openapi({ description: "End (ISO 8601, exclusive); with from and no lot, at most 366 days", example: "2027-01-01T00:00:00Z" }),
  format: z.enum(["csv", "xlsx"]).optional().openapi({ description: "csv or xlsx; else chosen by Accept (text/csv, or the XLSX media type); csv by default" }),
});

export const fsma204Route = createRoute({
  method: "get",
  path: "/v1/fsma204",
  tags: ["exports"],
  summary: "FSMA 204 electronic sortable spreadsheet (21 CFR 1.1455(c)(3)(ii)): your organisation's critical tracking events with their key data elements, streamed as CSV or XLSX",
  security: bearer,
  request: { query: Query },
  responses: {
    200: {
      description: "One row per critical tracking event in time order (see the API README for the columns and the mapping)",
      content: { [FSMA_FORMATS.csv]: { schema: z.string() }, [FSMA_FORMATS.xlsx]: { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...pick(400, 401, 403, 404),
  },
});

/** `format` wins; else the Accept header; else CSV. */
export function chooseFormat(format: FsmaFormat | undefined, accept: string | undefined): FsmaFormat {
  if (format) return format;
  if (accept?.includes("spreadsheetml.sheet")) return "xlsx";
  return "csv";
}

const fileName = (query: { lot?: string | undefined; from?: string | undefined; to?: string | undefined }, format: FsmaFormat) =>
  `fsma204-${(query.lot ?? `${query.from}_${query.to}`).replace(/[^0-9A-Za-z_-]+/g, "")}.${format}`;

export function registerFsma204Export(app: App) {
  app.openapi(fsma204Route, async (c) => {
    const { services, principal } = c.var;
    const { format: asked, ...query } = c.req.valid("query");
    const format = chooseFormat(asked, c.req.header("accept"));
    const scope = await services.fsma204.scope(principal, query);
    const chunks = services.fsma204.chunks(principal, scope, format);
    // The first chunk is read before answering, so a failure to start is a problem response.
    const first = await chunks.next();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        if (first.done) controller.close();
        else controller.enqueue(first.value);
      },
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (error) {
          console.error("fsma204 export stopped", error);
          controller.error(error instanceof ApiError ? error : new Error("the export stopped"));
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
    return new Response(stream, {
      status: 200,
      headers: { "content-type": FSMA_FORMATS[format], "content-disposition": `attachment; filename="${fileName(query, format)}"`, "cache-control": "no-store", vary: "accept" },
    }) as never;
  });
}
