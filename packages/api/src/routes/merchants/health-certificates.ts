import { createRoute, z } from "@hono/zod-openapi";
import { HealthCertificateInput } from "../../services/merchants";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { HealthCertificateSchema, OrgIdParam } from "./params";

export const addHealthCertificateRoute = createRoute({
  method: "post",
  path: "/v1/health-certificates",
  tags: ["merchants"],
  summary: "Add a staff health certificate (健康证) of the caller's business; expiry defaults to one year after issue. Public pages show counts only",
  security: bearer,
  request: { body: { required: true, content: { "application/json": { schema: HealthCertificateInput } } } },
  responses: { 201: json(HealthCertificateSchema, "The certificate"), ...pick(400, 401, 403, 413, 415) },
});

export const listHealthCertificatesRoute = createRoute({
  method: "get",
  path: "/v1/merchants/{orgId}/health-certificates",
  tags: ["merchants"],
  summary: "A business's staff health certificates with their state (valid, expiring within 30 days, expired): the business, its market and regulators",
  security: bearer,
  request: { params: OrgIdParam },
  responses: { 200: json(z.object({ certificates: z.array(HealthCertificateSchema) }), "Certificates, soonest expiry first"), ...pick(400, 401, 403, 404) },
});

export function registerHealthCertificates(app: App) {
  app.openapi(addHealthCertificateRoute, async (c) => c.json((await c.var.services.merchants.addHealthCertificate(c.var.principal, c.req.valid("json"))) as never, 201));
  app.openapi(listHealthCertificatesRoute, async (c) => c.json({ certificates: await c.var.services.merchants.listHealthCertificates(c.var.principal, c.req.valid("param").orgId) } as never, 200));
}
