import { createRoute, z } from "@hono/zod-openapi";
import { CreateApiKey, DEFAULT_SCOPES } from "../../services/api-keys";
import { ApiError } from "../../errors/api-error";
import { requireScope, SCOPES } from "../../services/principal";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { ApiKeySchema } from "../schemas";

export const createApiKeyRoute = createRoute({
  method: "post",
  path: "/v1/api-keys",
  tags: ["api keys"],
  summary: "Create an API key for the caller's organisation (the admin may name another with orgId). The key is shown once.",
  description:
    "The new key's scopes must be among the calling key's own scopes (403 scope-escalation otherwise). Without a scopes list the key gets the default scopes (all but orgs:admin) that the calling key holds.",
  security: bearer,
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: CreateApiKey.extend({ scopes: z.array(z.enum(SCOPES)).min(1).optional(), orgId: z.string().max(64).optional() }) } },
    },
  },
  responses: { 201: json(z.object({ key: z.string(), apiKey: ApiKeySchema }), "The new key (store it now: only its hash is kept)"), ...pick(400, 401, 403, 404) },
});

export function registerCreateApiKey(app: App) {
  app.openapi(createApiKeyRoute, async (c) => {
    const { services, principal } = c.var;
    const { orgId, ...body } = c.req.valid("json");
    requireScope(principal, "keys:write");
    const target = orgId ?? principal.orgId;
    if (target !== principal.orgId) {
      if (!(principal.role === "admin" && principal.scopes.includes("orgs:admin"))) throw new ApiError("forbidden", "only the platform admin may create keys for another organisation");
      await services.orgs.get(target);
    }
    if (body.scopes?.includes("orgs:admin") && principal.role !== "admin") throw new ApiError("forbidden", "only the admin may grant orgs:admin");
    // A key never mints a broader one: its scopes bound the new key's.
    const scopes = body.scopes ?? DEFAULT_SCOPES.filter((scope) => principal.scopes.includes(scope));
    const missing = scopes.filter((scope) => !principal.scopes.includes(scope));
    if (missing.length > 0) throw new ApiError("scope-escalation", `this API key may not grant scopes it does not hold: ${missing.join(", ")}`);
    return c.json((await services.apiKeys.create(target, { ...body, scopes })) as never, 201);
  });
}
