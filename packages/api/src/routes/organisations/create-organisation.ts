import { createRoute } from "@hono/zod-openapi";
import { ApiError } from "../../errors/api-error";
import { CreateOrganisation, organisationView } from "../../services/organisations";
import { requireScope } from "../../services/principal";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { OrganisationSchema } from "../schemas";

export const createOrganisationRoute = createRoute({
  method: "post",
  path: "/v1/organisations",
  tags: ["organisations"],
  summary: "Register an organisation with its role and a new trace-code namespace (platform admin only)",
  security: bearer,
  request: { body: { required: true, content: { "application/json": { schema: CreateOrganisation } } } },
  responses: { 201: json(OrganisationSchema, "The organisation"), ...pick(400, 401, 403) },
});

export function registerCreateOrganisation(app: App) {
  app.openapi(createOrganisationRoute, async (c) => {
    const { services, principal } = c.var;
    requireScope(principal, "orgs:admin");
    if (principal.role !== "admin") throw new ApiError("forbidden", "only the platform admin registers organisations");
    return c.json(organisationView(await services.orgs.create(c.req.valid("json"))) as never, 201);
  });
}
