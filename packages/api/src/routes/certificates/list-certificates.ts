import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { OrgIdParam } from "../merchants/params";
import { CertificateSchema } from "./schemas";

export const listCertificatesRoute = createRoute({
  method: "get",
  path: "/v1/merchants/{orgId}/certificates",
  tags: ["certificates"],
  summary: "The compliance certificates an organisation issued, newest first (it, its market, regulators)",
  security: bearer,
  request: { params: OrgIdParam },
  responses: { 200: json(z.object({ certificates: z.array(CertificateSchema) }), "Up to 1000 certificates"), ...pick(400, 401, 403, 404) },
});

export function registerListCertificates(app: App) {
  app.openapi(listCertificatesRoute, async (c) => c.json({ certificates: await c.var.services.certificates.list(c.var.principal, c.req.valid("param").orgId) } as never, 200));
}
