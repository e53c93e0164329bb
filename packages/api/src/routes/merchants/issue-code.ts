import { createRoute } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { MerchantCodeSchema, OrgIdParam } from "./params";

export const issueMerchantCodeRoute = createRoute({
  method: "post",
  path: "/v1/merchants/{orgId}/code",
  tags: ["merchants"],
  summary: "The business's merchant code (一店一码): a merchant voucher signed by the platform, whose URL opens the public merchant page. One per business; asking again returns it (200)",
  security: bearer,
  request: { params: OrgIdParam },
  responses: { 201: json(MerchantCodeSchema, "Issued"), 200: json(MerchantCodeSchema, "Issued before"), ...pick(400, 401, 403, 404, 409) },
});

export function registerIssueMerchantCode(app: App) {
  app.openapi(issueMerchantCodeRoute, async (c) => {
    const code = await c.var.services.merchants.issueCode(c.var.principal, c.req.valid("param").orgId);
    return c.json(code as never, code.created ? 201 : 200);
  });
}
