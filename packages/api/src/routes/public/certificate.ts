import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../../errors/api-error";
import { pickLocale } from "../../pages/html";
import { renderCertificatePage } from "../../pages/certificate-page";
import type { App } from "../app-types";
import { pick } from "../common";

export const certificatePageRoute = createRoute({
  method: "get",
  path: "/c/{digits}",
  tags: ["public"],
  summary: "A compliance certificate's QR URL: its verified mandatory fields as a page (zh-CN or en) or JSON with Accept: application/json",
  request: {
    params: z.object({ digits: z.string().max(1024).openapi({ param: { name: "digits", in: "path" } }) }),
    query: z.object({ lang: z.union([z.string(), z.array(z.string())]).optional().openapi({ type: "string", example: "en", description: "zh-CN or en; otherwise Accept-Language, then zh-CN" }) }),
  },
  responses: {
    200: {
      description: "state (valid, invalid, suspended, recalled, revoked), the verification and the certificate",
      content: { "application/json": { schema: z.object({ state: z.enum(["valid", "invalid", "suspended", "recalled", "revoked"]) }).passthrough() }, "text/html": { schema: z.string() } },
    },
    ...pick(400, 429),
  },
});

export function registerCertificatePage(app: App) {
  app.openapi(certificatePageRoute, async (c) => {
    const { digits } = c.req.valid("param");
    if (!/^[1-9][0-9]*$/.test(digits)) throw new ApiError("invalid-voucher", "a certificate path is decimal digits");
    const accept = c.req.header("accept") ?? "";
    const view = await c.var.services.certificates.resolve(digits);
    c.header("cache-control", "no-store");
    c.header("vary", "Accept, Accept-Language");
    if (/application\/json/i.test(accept) && !/text\/html/i.test(accept)) return c.json(view as never, 200);
    const lang = c.req.valid("query").lang;
    const locale = pickLocale(Array.isArray(lang) ? lang[0] : lang, c.req.header("accept-language"));
    return c.html(renderCertificatePage(view, locale, `${new URL(c.req.url).pathname}?lang=${locale === "en" ? "zh-CN" : "en"}`), 200) as never;
  });
}
