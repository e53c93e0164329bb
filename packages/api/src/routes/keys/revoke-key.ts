import { createRoute, z } from "@hono/zod-openapi";
import { requireScope } from "../../services/principal";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { SigningKeySchema } from "../schemas";

export const revokeKeyRoute = createRoute({
  method: "post",
  path: "/v1/keys/{keyIndex}/revoke",
  tags: ["signing keys"],
  summary: "Revoke a signing key: every voucher it signed stops verifying (a stolen key could backdate)",
  security: bearer,
  request: { params: z.object({ keyIndex: z.coerce.number().int().min(0).openapi({ type: "integer", minimum: 0, param: { name: "keyIndex", in: "path", required: true } }) }) },
  responses: { 200: json(SigningKeySchema, "The revoked key"), ...pick(401, 403, 404) },
});

export function registerRevokeKey(app: App) {
  app.openapi(revokeKeyRoute, async (c) => {
    const { services, principal } = c.var;
    requireScope(principal, "keys:write");
    return c.json((await services.keys.revoke(principal.orgId, c.req.valid("param").keyIndex)) as never, 200);
  });
}
