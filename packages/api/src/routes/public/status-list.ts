import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../../errors/api-error";
import type { App } from "../app-types";
import { pick } from "../common";
import { signedDocumentResponse } from "./conditional";

export const statusListRoute = createRoute({
  method: "get",
  path: "/status-lists/{namespace}",
  tags: ["public"],
  summary: "The signed status list of one issuer namespace: 2 bits per serial (valid, suspended, revoked, recalled)",
  request: { params: z.object({ namespace: z.coerce.number().int().min(1).max(0xffffffff).openapi({ param: { name: "namespace", in: "path", required: true } }) }) },
  responses: {
    200: { description: "Compact JWS (typ shian-status-list)", content: { "application/jose": { schema: z.string() } } },
    304: { description: "Not modified (If-None-Match)" },
    ...pick(400, 404, 429),
  },
});

export function registerStatusList(app: App) {
  app.openapi(statusListRoute, async (c) => {
    const { namespace } = c.req.valid("param");
    const document = await c.var.services.trust.statusList(namespace);
    if (!document) throw new ApiError("not-found", `no issuer has namespace ${namespace}`);
    return signedDocumentResponse(c, document, "application/jose") as never;
  });
}
