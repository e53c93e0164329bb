import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { SigningKeySchema } from "../schemas";

export const listKeysRoute = createRoute({
  method: "get",
  path: "/v1/keys",
  tags: ["signing keys"],
  summary: "The caller's signing keys (public parts only)",
  security: bearer,
  responses: { 200: json(z.object({ keys: z.array(SigningKeySchema) }), "Keys, newest first"), ...pick(401) },
});

export function registerListKeys(app: App) {
  app.openapi(listKeysRoute, async (c) => c.json({ keys: await c.var.services.keys.list(c.var.principal.orgId) } as never, 200));
}
