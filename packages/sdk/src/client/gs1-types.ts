/**
 * GS1 resolver shapes: the links an issuer adds for its GTINs (/v1/gs1/links), the RFC 9264
 * linkset the resolver answers, and its /.well-known/gs1resolver description. The contract
 * test compares them with the API's route schemas.
 */
import type { Linkset } from "@shian/schemas";

/** A link for a GTIN (any form; stored as GTIN-14) the organisation has issued vouchers for, optionally one lot. */
export interface Gs1LinkInput {
  gtin: string;
  lot?: string;
  /** A GS1 Web vocabulary link type such as `gs1:sustainabilityInfo`. */
  linkType: string;
  /** http(s) only. */
  href: string;
  title: string;
  /** BCP 47, e.g. `en`, `zh-CN`. */
  language?: string;
  /** Media type of the target, e.g. `text/html`. */
  type?: string;
}

export interface StoredGs1Link {
  id: string;
  orgId: string;
  gtin: string;
  lot: string | null;
  linkType: string;
  href: string;
  title: string;
  language: string | null;
  type: string | null;
  createdAt: string;
}

export type Gs1Linkset = Linkset;

export interface Gs1ResolverDescription {
  name: string;
  resolverRoot: string;
  supportedPrimaryKeys: string[];
  supportedLinkType: Array<{ namespace: string; prefix: string; profile: string }>;
  linkTypeDefaultCanBeLinkset: boolean;
  supportedContextValuesEnumerated: unknown[];
}
