import { createRoute } from "@hono/zod-openapi";
import { organisationView } from "../../services/organisations";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { OrganisationSchema } from "../schemas";

export const getOwnOrganisationRoute = createRoute({
  method: "get",
  path: "/v1/organisations/me",
  tags: ["organisations"],
  summary: "The organisation behind the API key",
  security: bearer,
  responses: { 200: json(OrganisationSchema, "The organisation"), ...pick(401) },
});

export function registerGetOwnOrganisation(app: App) {
  app.openapi(getOwnOrganisationRoute, async (c) => c.json(organisationView(await c.var.services.orgs.get(c.var.principal.orgId)) as never, 200));
}
