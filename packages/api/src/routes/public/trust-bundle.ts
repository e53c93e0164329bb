import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { pick } from "../common";
import { signedDocumentResponse } from "./conditional";

export const trustBundleRoute = createRoute({
  method: "get",
  path: "/trust-bundle",
  tags: ["public"],
  summary: "The signed trust bundle (compact JWS): issuers, their keys by key index, roles and namespaces",
  responses: {
    200: { description: "Compact JWS (typ shian-trust-bundle)", content: { "application/jose": { schema: z.string() } } },
    304: { description: "Not modified (If-None-Match)" },
    ...pick(429),
  },
});

export const authorityRoute = createRoute({
  method: "get",
  path: "/trust-bundle/authority.json",
  tags: ["public"],
  summary: "The trust authority's public key (JWKS): pin it as the trust anchor for offline verification",
  responses: { 200: { description: "JWKS", content: { "application/json": { schema: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) } } }, ...pick(429) },
});

export function registerTrustBundle(app: App) {
  app.openapi(trustBundleRoute, async (c) => signedDocumentResponse(c, await c.var.services.trust.bundle(), "application/jose") as never);
  app.openapi(authorityRoute, async (c) => c.json({ keys: [await c.var.services.trust.authorityPublicJwk()] } as never, 200));
}
