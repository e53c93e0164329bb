import { createRoute, z } from "@hono/zod-openapi";
import { MerchantProfileInput } from "../../services/merchants";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { OrgIdParam, ProfileSchema } from "./params";

export const putProfileRoute = createRoute({
  method: "put",
  path: "/v1/merchants/{orgId}/profile",
  tags: ["merchants"],
  summary: "Write a business's profile (一户一档): USCC, licence and validity, business type, address and region, responsible person, phone, opening hours. Only the business itself. There is no grade field: grades are computed from inspections",
  security: bearer,
  request: { params: OrgIdParam, body: { required: true, content: { "application/json": { schema: MerchantProfileInput } } } },
  responses: { 200: json(ProfileSchema.extend({ warnings: z.array(z.string()) }), "The stored profile, with USCC warnings (lenient mode)"), ...pick(400, 401, 403, 404, 413, 415) },
});

export function registerPutProfile(app: App) {
  app.openapi(putProfileRoute, async (c) => c.json((await c.var.services.merchants.putProfile(c.var.principal, c.req.valid("param").orgId, c.req.valid("json"))) as never, 200));
}
