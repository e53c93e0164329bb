import { createRoute } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { CertificateCodeParam, CertificateSchema } from "./schemas";

export const getCertificateRoute = createRoute({
  method: "get",
  path: "/v1/certificates/{code}",
  tags: ["certificates"],
  summary: "A compliance certificate by its code",
  security: bearer,
  request: { params: CertificateCodeParam },
  responses: { 200: json(CertificateSchema, "The certificate"), ...pick(400, 401, 404) },
});

export function registerGetCertificate(app: App) {
  app.openapi(getCertificateRoute, async (c) => c.json((await c.var.services.certificates.read(c.var.principal, c.req.valid("param").code)) as never, 200));
}
