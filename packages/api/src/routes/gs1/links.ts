import { createRoute, z } from "@hono/zod-openapi";
import { CreateGs1Link, ListGs1LinksQuery } from "../../services/gs1";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { Gs1LinkSchema } from "./schemas";

export const createGs1LinkRoute = createRoute({
  method: "post",
  path: "/v1/gs1/links",
  tags: ["gs1"],
  summary: "Add a link to the GS1 resolver for a GTIN (optionally one lot) your organisation has issued vouchers for",
  security: bearer,
  request: { body: { required: true, content: { "application/json": { schema: CreateGs1Link } } } },
  responses: { 201: json(Gs1LinkSchema, "The stored link"), ...pick(400, 401, 403, 409, 413, 415) },
});

export const listGs1LinksRoute = createRoute({
  method: "get",
  path: "/v1/gs1/links",
  tags: ["gs1"],
  summary: "Your organisation's GS1 resolver links, newest first (optionally for one GTIN)",
  security: bearer,
  request: { query: ListGs1LinksQuery },
  responses: { 200: json(z.object({ links: z.array(Gs1LinkSchema) }), "Up to 1000 links"), ...pick(400, 401, 403) },
});

export const deleteGs1LinkRoute = createRoute({
  method: "delete",
  path: "/v1/gs1/links/{id}",
  tags: ["gs1"],
  summary: "Delete one of your organisation's GS1 resolver links (another organisation's is 403)",
  security: bearer,
  request: { params: z.object({ id: z.string().max(64).openapi({ param: { name: "id", in: "path" } }) }) },
  responses: { 200: json(Gs1LinkSchema, "The deleted link"), ...pick(401, 403, 404) },
});

export function registerGs1LinkRoutes(app: App) {
  app.openapi(createGs1LinkRoute, async (c) => c.json((await c.var.services.gs1.create(c.var.principal, c.req.valid("json"))) as never, 201));
  app.openapi(listGs1LinksRoute, async (c) => c.json({ links: await c.var.services.gs1.list(c.var.principal, c.req.valid("query")) } as never, 200));
  app.openapi(deleteGs1LinkRoute, async (c) => c.json((await c.var.services.gs1.remove(c.var.principal, c.req.valid("param").id)) as never, 200));
}
