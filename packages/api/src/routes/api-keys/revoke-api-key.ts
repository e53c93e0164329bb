import { createRoute, z } from "@hono/zod-openapi";
import { requireScope } from "../../services/principal";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { ApiKeySchema } from "../schemas";

export const revokeApiKeyRoute = createRoute({
  method: "post",
  path: "/v1/api-keys/{id}/revoke",
  tags: ["api keys"],
  summary: "Revoke one of the organisation's API keys; it gets 401 from then on",
  security: bearer,
  request: { params: z.object({ id: z.string().max(64).openapi({ param: { name: "id", in: "path" } }) }) },
  responses: { 200: json(ApiKeySchema, "The revoked key"), ...pick(401, 403, 404) },
});

export function registerRevokeApiKey(app: App) {
  app.openapi(revokeApiKeyRoute, async (c) => {
    const { services, principal } = c.var;
    requireScope(principal, "keys:write");
    return c.json((await services.apiKeys.revoke(principal.orgId, c.req.valid("param").id)) as never, 200);
  });
}
