import { createRoute, z } from "@hono/zod-openapi";
import { IssueVoucher, RegisterVoucher } from "../../services/vouchers";
import type { App } from "../app-types";
import { bearer, IdempotencyHeader, json, pick } from "../common";
import { idempotent } from "../idempotent";
import { VoucherSchema } from "../schemas";

export const issueVoucherRoute = createRoute({
  method: "post",
  path: "/v1/vouchers",
  tags: ["vouchers"],
  summary: "Issue a voucher: the API signs it with the organisation's custodial key, or registers a URL signed locally with the SDK",
  security: bearer,
  request: {
    headers: IdempotencyHeader,
    body: { required: true, content: { "application/json": { schema: z.union([IssueVoucher, RegisterVoucher]) } } },
  },
  responses: { 201: json(VoucherSchema, "The voucher, with the URL for its QR code"), ...pick(400, 401, 403, 404, 409, 413, 415) },
});

export function registerIssueVoucher(app: App) {
  app.openapi(issueVoucherRoute, async (c) => {
    const { services, principal } = c.var;
    const body = c.req.valid("json");
    return idempotent(c, body, 201, () => services.vouchers.issue(principal, body)) as never;
  });
}
