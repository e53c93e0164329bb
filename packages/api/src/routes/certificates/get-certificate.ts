import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { OrgIdParam } from "../merchants/params";
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

export const listCertificatesRoute = createRoute({
  method: "get",
  path: "/v1/merchants/{orgId}/certificates",
  tags: ["certificates"],
  summary: "The compliance certificates an organisation issued, newest first (it, its market, regulators)",
  security: bearer,
  request: { params: OrgIdParam },
  responses: { 200: json(z.object({ certificates: z.array(CertificateSchema) }), "Up to 1000 certificates"), ...pick(400, 401, 403, 404) },
});

export function registerGetCertificate(app: App) {
  app.openapi(getCertificateRoute, async (c) => c.json((await c.var.services.certificates.read(c.var.principal, c.req.valid("param").code)) as never, 200));
  app.openapi(listCertificatesRoute, async (c) => c.json({ certificates: await c.var.services.certificates.list(c.var.principal, c.req.valid("param").orgId) } as never, 200));
}
