import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ApiError } from "../../errors/api-error";
import { pickLocale } from "../../pages/html";
import { renderScanPage } from "../../pages/scan-page";
import type { App } from "../app-types";
import { pick } from "../common";
import { scanResultJson } from "../../services/scan-json";
import { RESOLVED_AT } from "../../services/scan";
import type { ScanVariant } from "../../services/response-cache";
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

const DIGITS = /^[1-9][0-9]*$/;
const SCAN_HEADERS = { vary: "Accept, Accept-Language", "cache-control": "no-store" };
const JSON_HEADERS = { "content-type": "application/json", ...SCAN_HEADERS };
const HTML_HEADERS = { "content-type": "text/html; charset=UTF-8", ...SCAN_HEADERS };
/** A scan answer's headers as a plain object: the Node adapter writes those without building a Headers object. */
const headersFor = (variant: ScanVariant) => (variant === "json" ? JSON_HEADERS : HTML_HEADERS);

/**
 * The scan route is the hot path: it is documented from `scanRoute` but its two parameters
 * are checked here by hand (the same rules as the schema: digits of at most 1,024 characters;
 * `lang` any string, a repeated one counting by its first value) instead of by the zod
 * validator middleware, and the JSON answer reuses the batch evidence serialised once per
 * status epoch (`scanResultJson`).
 */
export function registerScan(app: App) {
  app.openAPIRegistry.registerPath(scanRoute);
  app.get("/v/:digits", async (c) => {
    const digits = c.req.param("digits");
    if (digits.length > 1024 || !DIGITS.test(digits)) throw new ApiError("invalid-voucher", "a voucher path is decimal digits");
    // c.get, not c.var: Hono builds a new object of all variables on every c.var access.
    const services = c.get("services");
    recordScan(c, services, digits);
    const accept = c.req.header("accept") ?? "";
    const json = /application\/json/i.test(accept) && !/text\/html/i.test(accept);
    // A repeated ?lang= counts by its first value (Hono's query() returns the first).
    const locale = json ? undefined : pickLocale(c.req.query("lang"), c.req.header("accept-language"));
    const variant: ScanVariant = locale ? `html-${locale}` : "json";
    // Edge cache (Workers only): keyed by representation, locale, status epoch and trust version.
    const edge = services.scanResponses;
    const key = edge.enabled ? await edge.key(c.req.url, digits, variant) : undefined;
    const hit = key && (await edge.match(key));
    if (hit) return hit;
    // Without one (Node), finished answers are kept in process while the status epoch holds (analytics counted them above).
    const answers = key ? undefined : services.scanAnswers;
    const headers = key ? { ...headersFor(variant), "x-cache": "miss" } : headersFor(variant);
    const kept = answers?.get(digits, variant);
    if (kept) return new Response(kept.body, { status: 200, headers });
    const result = await services.scan.resolve(digits);
    const body = locale ? renderScanPage(result, locale, `${new URL(c.req.url).pathname}?lang=${locale === "en" ? "zh-CN" : "en"}`) : scanResultJson(result);
    const response = new Response(body, { status: 200, headers });
    if (key) await inBackground(c, edge.put(key, response.clone()));
    // Only answers about a voucher registered here: unknown or tampered digits are never kept.
    else if (answers?.enabled && result.voucher && result[RESOLVED_AT]) {
      answers.put(digits, variant, result[RESOLVED_AT], Date.parse(result.verification.at), body);
    }
    return response;
  });
}
