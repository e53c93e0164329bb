import { createRoute, z } from "@hono/zod-openapi";
import { ndjsonLines } from "@shian/sdk";
import { ApiError } from "../../errors/api-error";
import { bulkLineJson } from "../../services/bulk-line";
import { requireScope } from "../../services/principal";
import type { App } from "../app-types";
import { bearer, pick } from "../common";

const encoder = new TextEncoder();

export const bulkIssueRoute = createRoute({
  method: "post",
  path: "/v1/vouchers/bulk",
  tags: ["vouchers"],
  summary: "Issue many vouchers: NDJSON in (one item per line, each with its own idempotencyKey), NDJSON out (one result per line, in order)",
  description:
    "Items are written one transaction per chunk. An item whose idempotencyKey was used before returns the stored voucher with created=false, so a retried request creates each voucher exactly once. A chunk whose transaction fails reports chunk-failed for its items and nothing of it is stored.",
  security: bearer,
  request: { body: { required: true, content: { "application/x-ndjson": { schema: z.string().openapi({ example: '{"idempotencyKey":"till-7-000001","batchCode":"1001-1-5","netWeightGrams":500}' }) } } } },
  responses: {
    200: { description: "One JSON result per input line", content: { "application/x-ndjson": { schema: z.string() } } },
    ...pick(401, 403, 413, 415),
  },
});

export function registerBulkIssue(app: App) {
  app.openapi(bulkIssueRoute, async (c) => {
    const { services, principal } = c.var;
    requireScope(principal, "vouchers:write");
    if (!/^application\/(x-)?ndjson\b/i.test(c.req.header("content-type") ?? "")) throw new ApiError("unsupported-media-type", "send application/x-ndjson");
    const declared = Number(c.req.header("content-length") ?? 0);
    if (declared > services.config.maxBulkBytes) throw new ApiError("payload-too-large", `bulk bodies are limited to ${services.config.maxBulkBytes} bytes`);
    const results = services.vouchers.bulk(principal, ndjsonLines(c.req.raw.body, {
      maxBytes: services.config.maxBulkBytes,
      tooLarge: (max) => new ApiError("payload-too-large", `bulk bodies are limited to ${max} bytes`),
    }));
    // A pull answers up to a chunk's worth of lines in one write, and the stream may run a
    // few pulls ahead of the client: the next chunk is signed and stored while the client
    // reads the last one, instead of one line at a time in step with the socket.
    const linesPerPull = services.config.bulkChunkSize;
    const stream = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          let text = "";
          try {
            for (let n = 0; n < linesPerPull; n++) {
              const next = await results.next();
              if (next.done) {
                if (text) controller.enqueue(encoder.encode(text));
                controller.close();
                return;
              }
              text += `${bulkLineJson(next.value)}\n`;
            }
            controller.enqueue(encoder.encode(text));
          } catch (error) {
            const code = error instanceof ApiError ? error.code : "internal";
            const message = error instanceof ApiError ? error.message : "the bulk request stopped";
            if (!(error instanceof ApiError)) console.error("bulk issue stopped", error);
            controller.enqueue(encoder.encode(`${text}${JSON.stringify({ ok: false, error: { code, message } })}\n`));
            controller.close();
          }
        },
      },
      { highWaterMark: 4 },
    );
    return new Response(stream, { status: 200, headers: { "content-type": "application/x-ndjson; charset=utf-8" } }) as never;
  });
}
