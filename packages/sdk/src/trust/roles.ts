import { type OrganisationKind, organisationKinds, type VoucherType } from "@shian/schemas";

/** Roles an issuer can hold in a trust bundle: the organisation kinds of `@shian/schemas`. */
export const ISSUER_ROLES = organisationKinds.values;
export type IssuerRole = OrganisationKind;

/**
 * Which voucher types each role may sign. Sellers sign sale vouchers and batch codes;
 * producers and collectors also sign compliance certificates; merchant codes (一店一码)
 * are issued by the regulator. Caterers sign nothing.
 */
export const VOUCHER_TYPES_BY_ROLE: Readonly<Record<IssuerRole, readonly VoucherType[]>> = {
  "wholesale-market": ["sale", "batch"],
  wholesaler: ["sale", "batch"],
  stall: ["sale", "batch"],
  supermarket: ["sale", "batch"],
  restaurant: [],
  canteen: [],
  producer: ["sale", "batch", "certificate"],
  collector: ["sale", "batch", "certificate"],
  regulator: ["merchant"],
};

export function rolesMayIssue(roles: readonly IssuerRole[], type: VoucherType): boolean {
  return roles.some((role) => VOUCHER_TYPES_BY_ROLE[role].includes(type));
}
