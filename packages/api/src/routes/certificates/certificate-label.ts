import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../../errors/api-error";
import { labelSvg, layoutLabel } from "../../pages/certificate-label";
import type { App } from "../app-types";
import { bearer, pick } from "../common";
import { CertificateCodeParam } from "./schemas";

export const certificateLabelRoute = createRoute({
  method: "get",
  path: "/v1/certificates/{code}/label",
  tags: ["certificates"],
  summary: "The certificate as a printable 80 × 60 mm label at 203 or 300 dpi: the QR (modules on whole printer dots) and the human-readable mandatory fields, as SVG or PNG",
  security: bearer,
  request: {
    params: CertificateCodeParam,
    query: z.object({ format: z.enum(["svg", "png"]).default("svg"), dpi: z.enum(["203", "300"]).default("203") }),
  },
  responses: {
    200: { description: "The label", content: { "image/svg+xml": { schema: z.string() }, "image/png": { schema: z.string().openapi({ format: "binary" }) } } },
    ...pick(400, 401, 403, 404),
  },
});

export function registerCertificateLabel(app: App) {
  app.openapi(certificateLabelRoute, async (c) => {
    const { services, principal } = c.var;
    const { format, dpi } = c.req.valid("query");
    const row = await services.certificates.get(c.req.valid("param").code);
    if (!row) throw new ApiError("not-found", `no certificate ${c.req.valid("param").code}`);
    await services.merchants.requireReader(principal, row.orgId);
    const layout = layoutLabel(row.body as never, row.url, row.code, Number(dpi) as 203 | 300);
    c.header("cache-control", "private, max-age=300");
    if (format === "png") {
      return c.body((await services.labels.png(layout)) as never, 200, { "content-type": "image/png" }) as never;
    }
    return c.body(labelSvg(layout), 200, { "content-type": "image/svg+xml; charset=utf-8" }) as never;
  });
}
