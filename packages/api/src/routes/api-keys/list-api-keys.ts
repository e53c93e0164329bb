import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { ApiKeySchema } from "../schemas";

export const listApiKeysRoute = createRoute({
  method: "get",
  path: "/v1/api-keys",
  tags: ["api keys"],
  summary: "The caller's organisation's API keys, by prefix (secrets are never shown again)",
  security: bearer,
  responses: { 200: json(z.object({ apiKeys: z.array(ApiKeySchema) }), "Keys, newest first"), ...pick(401) },
});

export function registerListApiKeys(app: App) {
  app.openapi(listApiKeysRoute, async (c) => c.json({ apiKeys: await c.var.services.apiKeys.list(c.var.principal.orgId) } as never, 200));
}
