/**
 * The decisions of a GS1-conformant resolver (GS1-Conformant Resolver standard 1.2), kept pure
 * so any server can apply them: the link-type vocabulary, a link's shape, the RFC 9264 linkset,
 * the `Link` header, and which answer a request gets (linkset, one link by redirect, 300 on a
 * tie, 404 for a link type that is not there).
 */
import { z } from "zod";

/** GS1 Web vocabulary link types a resolver serves (https://gs1.org/voc/, prefix `gs1:`). */
export const GS1_LINK_TYPES = [
  "gs1:defaultLink",
  "gs1:defaultLinkMulti",
  "gs1:pip",
  "gs1:certificationInfo",
  "gs1:recallStatus",
  "gs1:traceability",
  "gs1:epcis",
  "gs1:jws",
  "gs1:verificationService",
  "gs1:sustainabilityInfo",
  "gs1:safetyInfo",
  "gs1:instructions",
  "gs1:allergenInfo",
  "gs1:ingredientsInfo",
  "gs1:nutritionalInfo",
  "gs1:recipeInfo",
  "gs1:quickStartGuide",
  "gs1:relatedVideo",
  "gs1:review",
  "gs1:leaveReview",
  "gs1:smartLabel",
  "gs1:support",
  "gs1:masterData",
  "gs1:hasRetailers",
  "gs1:homepage",
  "gs1:locationInfo",
  "gs1:logisticsInfo",
  "gs1:menuInfo",
  "gs1:promotion",
  "gs1:purchaseSuppliesOrAccessories",
  "gs1:registerProduct",
  "gs1:tutorial",
  "gs1:userAgreement",
  "gs1:warrantyInfo",
] as const;

/** The link types our resolver derives from vouchers and batches (issuers may add others). */
export const SERVED_GS1_LINK_TYPES = ["gs1:pip", "gs1:certificationInfo", "gs1:recallStatus", "gs1:traceability", "gs1:jws", "gs1:verificationService", "gs1:epcis"] as const;

const GS1_VOC = "https://gs1.org/voc/";

export const Gs1LinkType = z
  .string()
  .regex(/^gs1:[A-Za-z]+$/, "a link type is gs1:<name> from the GS1 Web vocabulary")
  .refine((t) => (GS1_LINK_TYPES as readonly string[]).includes(t), "not a GS1 Web vocabulary link type");
export type Gs1LinkType = z.infer<typeof Gs1LinkType>;

/** A BCP 47 language tag such as `en`, `zh-CN`, `zh-Hans-CN`. */
export const LanguageTag = z
  .string()
  .max(35)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "expected a BCP 47 language tag such as en or zh-CN");

/** One link a resolver answers with. */
export const Gs1Link = z
  .object({
    linkType: Gs1LinkType,
    href: z
      .url({ protocol: /^https?$/, message: "href must be an http(s) URL" })
      .max(2048),
    title: z.string().trim().min(1).max(200),
    language: LanguageTag.optional(),
    /** Media type of the target, e.g. text/html, application/json, application/jose. */
    type: z
      .string()
      .max(100)
      .regex(/^[a-z]+\/[a-z0-9.+-]+$/i, "expected a media type such as text/html")
      .optional(),
  })
  .strict();
export type Gs1Link = z.infer<typeof Gs1Link>;

/** `gs1:pip` → `https://gs1.org/voc/pip`. */
export function linkTypeUri(linkType: string): string {
  return linkType.startsWith("gs1:") ? GS1_VOC + linkType.slice(4) : linkType;
}

/** `https://gs1.org/voc/pip` (or `gs1:pip`) → `gs1:pip`; other strings unchanged. */
export function compactLinkType(linkType: string): string {
  return linkType.startsWith(GS1_VOC) ? `gs1:${linkType.slice(GS1_VOC.length)}` : linkType;
}

export interface LinksetTarget {
  href: string;
  title: string;
  type?: string;
  hreflang?: string[];
}
/** RFC 9264 `application/linkset+json`: one context object per anchor, link relations as keys. */
export interface Linkset {
  linkset: Array<{ anchor: string } & { [relation: string]: LinksetTarget[] | string }>;
}

/**
 * The linkset for one anchor (the Digital Link URI asked about): relation types are the full
 * GS1 vocabulary URIs; the default link appears under https://gs1.org/voc/defaultLink too.
 */
export function buildLinkset(anchor: string, links: readonly Gs1Link[], defaultLink?: Gs1Link): Linkset {
  const context: { anchor: string } & Record<string, LinksetTarget[] | string> = { anchor };
  const add = (relation: string, link: Gs1Link) => {
    const target: LinksetTarget = { href: link.href, title: link.title };
    if (link.type) target.type = link.type;
    if (link.language) target.hreflang = [link.language];
    const key = linkTypeUri(relation);
    const list = (context[key] as LinksetTarget[] | undefined) ?? [];
    list.push(target);
    context[key] = list;
  };
  if (defaultLink) add("gs1:defaultLink", defaultLink);
  for (const link of links) add(link.linkType, link);
  return { linkset: [context] };
}

/** The `Link` header value pointing at a linkset. */
export function linksetLinkHeader(linksetUrl: string): string {
  return `<${linksetUrl}>; rel="linkset"; type="application/linkset+json"`;
}

export type ResolverDecision =
  | { kind: "linkset" }
  | { kind: "redirect"; link: Gs1Link }
  | { kind: "multiple"; links: Gs1Link[] }
  | { kind: "not-found"; linkType: string };

/** Languages from an Accept-Language header, best first (q=0 dropped). */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((l) => l.tag && l.tag !== "*" && l.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((l) => l.tag);
}

/** The links whose language best matches (exact tag, then primary subtag), else those without a language, else all. */
function byLanguage(links: Gs1Link[], acceptLanguage: string | undefined): Gs1Link[] {
  for (const wanted of acceptedLanguages(acceptLanguage)) {
    const exact = links.filter((l) => l.language?.toLowerCase() === wanted);
    if (exact.length) return exact;
    const primary = wanted.split("-")[0];
    const loose = links.filter((l) => l.language?.toLowerCase().split("-")[0] === primary);
    if (loose.length) return loose;
  }
  const neutral = links.filter((l) => !l.language);
  return neutral.length ? neutral : links;
}

/**
 * What a resolver answers for a request:
 * - `linkType=all` or `linkType=linkset`, or `Accept: application/linkset+json` → the linkset;
 * - a named link type → that link (by language when there are several; a tie → 300), or 404
 *   when the item has no link of that type;
 * - otherwise the default link (`gs1:defaultLink` if given, else the first link).
 */
export function decideResolverResponse(input: {
  links: readonly Gs1Link[];
  defaultLink?: Gs1Link;
  linkType?: string | null;
  accept?: string | null;
  acceptLanguage?: string | null;
}): ResolverDecision {
  const linkType = input.linkType ? compactLinkType(input.linkType) : undefined;
  if (linkType === "all" || linkType === "linkset" || (!linkType && /application\/linkset\+json/i.test(input.accept ?? ""))) return { kind: "linkset" };
  let candidates: Gs1Link[];
  if (linkType && linkType !== "gs1:defaultLink") {
    candidates = input.links.filter((l) => l.linkType === linkType);
    if (candidates.length === 0) return { kind: "not-found", linkType };
  } else if (input.defaultLink) {
    return { kind: "redirect", link: input.defaultLink };
  } else {
    candidates = input.links.filter((l) => l.linkType === "gs1:defaultLink" || l.linkType === "gs1:defaultLinkMulti");
    if (candidates.length === 0) candidates = input.links.slice(0, 1);
    if (candidates.length === 0) return { kind: "not-found", linkType: "gs1:defaultLink" };
  }
  const chosen = byLanguage(candidates, input.acceptLanguage ?? undefined);
  return chosen.length === 1 ? { kind: "redirect", link: chosen[0]! } : { kind: "multiple", links: chosen };
}

/** The `/.well-known/gs1resolver` description (Resolver standard 1.2: resolver description file). */
export function resolverDescription(input: { name: string; resolverRoot: string; supportedPrimaryKeys: readonly string[]; linkTypes?: readonly string[] }) {
  return {
    name: input.name,
    resolverRoot: input.resolverRoot,
    supportedPrimaryKeys: [...input.supportedPrimaryKeys],
    supportedLinkType: (input.linkTypes ?? SERVED_GS1_LINK_TYPES).map((t) => ({ namespace: GS1_VOC, prefix: "gs1:", profile: linkTypeUri(t) })),
    linkTypeDefaultCanBeLinkset: false,
    supportedContextValuesEnumerated: [],
  };
}
