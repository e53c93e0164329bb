import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ApiError } from "../../errors/api-error";
import { pickLocale } from "../../pages/html";
import { renderScanPage } from "../../pages/scan-page";
import type { App } from "../app-types";
import { pick } from "../common";
import { recordScan } from "./scan-analytics-hook";

export const scanRoute = createRoute({
  method: "get",
  path: "/v/{digits}",
  tags: ["public"],
  summary: "Scan resolution: the voucher URL itself. HTML for people (zh-CN or en), JSON with Accept: application/json",
  request: {
    params: z.object({ digits: z.string().max(1024).openapi({ param: { name: "digits", in: "path" } }) }),
    query: z.object({
      lang: z
        .union([z.string(), z.array(z.string())])
        .optional()
        .openapi({
          type: "string",
          example: "en",
          description: "Page language: zh-CN or en, case-insensitive; zh, zh-*, en and en-* (e.g. en-US) are accepted. Any other value is ignored: Accept-Language decides, then zh-CN.",
        }),
    }),
  },
  responses: {
    200: {
      description: "The scan result: state (valid, invalid, suspended, recalled, revoked), the verification, the voucher, its batch, upstream chain and tests",
      content: { "application/json": { schema: z.object({ state: z.enum(["valid", "invalid", "suspended", "recalled", "revoked"]) }).passthrough() }, "text/html": { schema: z.string() } },
    },
    ...pick(400, 429),
  },
});

/** Runs `work` after the response on Workers (`waitUntil`); elsewhere awaits it. */
async function inBackground(c: Context, work: Promise<void>): Promise<void> {
  const logged = work.catch((error) => console.error("scan cache put failed", error));
  let ctx: { waitUntil(promise: Promise<unknown>): void } | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    ctx = undefined; // no execution context outside Workers
  }
  if (ctx) ctx.waitUntil(logged);
  else await logged;
}

export function registerScan(app: App) {
  app.openapi(scanRoute, async (c) => {
    const { digits } = c.req.valid("param");
    if (!/^[1-9][0-9]*$/.test(digits)) throw new ApiError("invalid-voucher", "a voucher path is decimal digits");
    recordScan(c, digits);
    const accept = c.req.header("accept") ?? "";
    const json = /application\/json/i.test(accept) && !/text\/html/i.test(accept);
    // A repeated ?lang= counts by its first value.
    const lang = c.req.valid("query").lang;
    const locale = json ? undefined : pickLocale(Array.isArray(lang) ? lang[0] : lang, c.req.header("accept-language"));
    // Edge cache (Workers only): keyed by representation, locale, status epoch and trust version.
    const edge = c.var.services.scanResponses;
    const key = await edge.key(c.req.url, digits, locale ? `html-${locale}` : "json");
    const hit = key && (await edge.match(key));
    if (hit) return hit as never;
    const result = await c.var.services.scan.resolve(digits);
    c.header("vary", "Accept, Accept-Language");
    c.header("cache-control", "no-store");
    if (key) c.header("x-cache", "miss");
    let response: Response;
    if (!locale) response = c.json(result as never, 200);
    else {
      const other = `${new URL(c.req.url).pathname}?lang=${locale === "en" ? "zh-CN" : "en"}`;
      response = c.html(renderScanPage(result, locale, other), 200) as unknown as Response;
    }
    if (key) await inBackground(c, edge.put(key, response.clone()));
    return response as never;
  });
}
