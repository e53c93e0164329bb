import { createRoute } from "@hono/zod-openapi";
import { HealthCertificateInput } from "../../services/merchants";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { HealthCertificateSchema } from "./params";

export const addHealthCertificateRoute = createRoute({
  method: "post",
  path: "/v1/health-certificates",
  tags: ["merchants"],
  summary: "Add a staff health certificate (健康证) of the caller's business; expiry defaults to one year after issue. Public pages show counts only",
  security: bearer,
  request: { body: { required: true, content: { "application/json": { schema: HealthCertificateInput } } } },
  responses: { 201: json(HealthCertificateSchema, "The certificate"), ...pick(400, 401, 403, 413, 415) },
});

export function registerAddHealthCertificate(app: App) {
  app.openapi(addHealthCertificateRoute, async (c) => c.json((await c.var.services.merchants.addHealthCertificate(c.var.principal, c.req.valid("json"))) as never, 201));
}
