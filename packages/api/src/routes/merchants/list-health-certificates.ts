import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { HealthCertificateSchema, OrgIdParam } from "./params";

export const listHealthCertificatesRoute = createRoute({
  method: "get",
  path: "/v1/merchants/{orgId}/health-certificates",
  tags: ["merchants"],
  summary: "A business's staff health certificates with their state (valid, expiring within 30 days, expired): the business, its market and regulators",
  security: bearer,
  request: { params: OrgIdParam },
  responses: { 200: json(z.object({ certificates: z.array(HealthCertificateSchema) }), "Certificates, soonest expiry first"), ...pick(400, 401, 403, 404) },
});

export function registerListHealthCertificates(app: App) {
  app.openapi(listHealthCertificatesRoute, async (c) => c.json({ certificates: await c.var.services.merchants.listHealthCertificates(c.var.principal, c.req.valid("param").orgId) } as never, 200));
}
