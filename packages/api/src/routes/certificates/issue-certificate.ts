import { createRoute } from "@hono/zod-openapi";
import { IssueCertificate } from "../../services/certificates";
import type { App } from "../app-types";
import { idempotent } from "../idempotent";
import { bearer, IdempotencyHeader, json, pick } from "../common";
import { CertificateSchema } from "./schemas";

export const issueCertificateRoute = createRoute({
  method: "post",
  path: "/v1/certificates",
  tags: ["certificates"],
  summary: "Issue a 承诺达标合格证 (producers and collectors): commitments, bases, product, quantity or weight, origin, issuer name and phone, issue date, signature or seal; signed as a certificate voucher whose URL opens its public page",
  security: bearer,
  request: { headers: IdempotencyHeader, body: { required: true, content: { "application/json": { schema: IssueCertificate } } } },
  responses: { 201: json(CertificateSchema, "The certificate"), ...pick(400, 401, 403, 404, 409, 413, 415) },
});

export function registerIssueCertificate(app: App) {
  app.openapi(issueCertificateRoute, async (c) => {
    const body = c.req.valid("json");
    return idempotent(c, body, 201, () => c.var.services.certificates.issue(c.var.principal, body)) as never;
  });
}
