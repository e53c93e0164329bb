import { createRoute } from "@hono/zod-openapi";
import { requireScope } from "../../services/principal";
import { RegisterKey } from "../../services/signing-keys";
import type { App } from "../app-types";
import { bearer, IdempotencyHeader, json, pick } from "../common";
import { idempotent } from "../idempotent";
import { SigningKeySchema } from "../schemas";

export const registerKeyRoute = createRoute({
  method: "post",
  path: "/v1/keys",
  tags: ["signing keys"],
  summary: "Register a public signing key (you sign locally) or have the API generate and hold one (custodial, encrypted at rest)",
  security: bearer,
  request: { headers: IdempotencyHeader, body: { required: true, content: { "application/json": { schema: RegisterKey } } } },
  responses: { 201: json(SigningKeySchema, "The key with its key index; the trust bundle and JWKS include it from now on"), ...pick(400, 401, 403, 409) },
});

export function registerRegisterKey(app: App) {
  app.openapi(registerKeyRoute, async (c) => {
    const { services, principal } = c.var;
    requireScope(principal, "keys:write");
    const body = c.req.valid("json");
    return idempotent(c, body, 201, () => services.keys.register(principal.orgId, body)) as never;
  });
}
