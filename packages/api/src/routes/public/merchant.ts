import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../../errors/api-error";
import { pickLocale } from "../../pages/html";
import { renderMerchantPage } from "../../pages/merchant-page";
import type { App } from "../app-types";
import { pick } from "../common";

export const merchantPageRoute = createRoute({
  method: "get",
  path: "/m/{digits}",
  tags: ["public"],
  summary: "The merchant code (一店一码) URL: the business's public page (zh-CN or en), or JSON with Accept: application/json. Licence status, the computed grade (colour and face), last inspections, health-certificate counts, rapid tests, sources, report entry",
  request: {
    params: z.object({ digits: z.string().max(1024).openapi({ param: { name: "digits", in: "path" } }) }),
    query: z.object({ lang: z.union([z.string(), z.array(z.string())]).optional().openapi({ type: "string", example: "en", description: "zh-CN or en (as on the scan page); otherwise Accept-Language, then zh-CN" }) }),
  },
  responses: {
    200: {
      description: "state valid (with the business's public file) or invalid (with the failed verification)",
      content: { "application/json": { schema: z.object({ state: z.enum(["valid", "invalid"]) }).passthrough() }, "text/html": { schema: z.string() } },
    },
    ...pick(400, 429),
  },
});

export function registerMerchantPage(app: App) {
  app.openapi(merchantPageRoute, async (c) => {
    const { digits } = c.req.valid("param");
    if (!/^[1-9][0-9]*$/.test(digits)) throw new ApiError("invalid-voucher", "a merchant code path is decimal digits");
    const accept = c.req.header("accept") ?? "";
    const json = /application\/json/i.test(accept) && !/text\/html/i.test(accept);
    const view = await c.var.services.merchants.resolve(digits);
    // Computed on every request from the stored inspections: a new grade shows at once.
    c.header("cache-control", "no-store");
    c.header("vary", "Accept, Accept-Language");
    if (json) return c.json(view as never, 200);
    const lang = c.req.valid("query").lang;
    const locale = pickLocale(Array.isArray(lang) ? lang[0] : lang, c.req.header("accept-language"));
    const other = `${new URL(c.req.url).pathname}?lang=${locale === "en" ? "zh-CN" : "en"}`;
    return c.html(renderMerchantPage(view, locale, other), 200) as never;
  });
}
