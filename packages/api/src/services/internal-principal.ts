import type { OrganisationRow } from "./organisations";
import { type Principal, SCOPES } from "./principal";

/** A principal with every scope, for the platform's own jobs (seeding, maintenance). */
export function internalPrincipal(org: OrganisationRow): Principal {
  return { orgId: org.id, role: org.role, namespace: org.namespace, marketId: org.marketId, scopes: SCOPES, apiKeyId: "internal" };
}
