import { ApiError } from "../errors/api-error";

export const SCOPES = ["read", "batches:write", "vouchers:write", "tests:write", "recalls:write", "keys:write", "records:write", "inspections:write", "orgs:admin"] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: the organisation behind a valid API key. */
export interface Principal {
  orgId: string;
  role: string;
  namespace: number;
  marketId: string | null;
  scopes: readonly string[];
  apiKeyId: string;
}

export function requireScope(principal: Principal, scope: Scope): void {
  if (!principal.scopes.includes(scope)) throw new ApiError("forbidden", `this API key lacks the ${scope} scope`);
}

export function requireRole(principal: Principal, roles: readonly string[], action: string): void {
  if (!roles.includes(principal.role)) throw new ApiError("forbidden", `${principal.role} organisations may not ${action}`);
}

/** Regulators and the platform admin act across organisations. */
export const isSupervisor = (principal: Principal) => principal.role === "regulator" || principal.role === "admin";

/** The owner, its market's manager, a regulator or the admin may act on an organisation's goods. */
export function mayActFor(principal: Principal, owner: { id: string; marketId: string | null }): boolean {
  return principal.orgId === owner.id || isSupervisor(principal) || (principal.role === "wholesale-market" && owner.marketId === principal.orgId);
}
