import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { json, pick } from "../common";

export const jwksRoute = createRoute({
  method: "get",
  path: "/.well-known/jwks.json",
  tags: ["public"],
  summary: "Public keys of every active issuer key (with key_index), for any JOSE library",
  responses: { 200: json(z.object({ keys: z.array(z.record(z.string(), z.unknown())) }), "JWKS"), ...pick(429) },
});

export function registerJwks(app: App) {
  app.openapi(jwksRoute, async (c) => {
    c.header("cache-control", "public, max-age=60");
    return c.json((await c.var.services.trust.jwks()) as never, 200);
  });
}
