import { z } from "@hono/zod-openapi";

/** A stored GS1 resolver link, as the management routes answer it. */
export const Gs1LinkSchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    gtin: z.string().openapi({ description: "GTIN-14" }),
    lot: z.string().nullable(),
    linkType: z.string().openapi({ example: "gs1:sustainabilityInfo" }),
    href: z.string(),
    title: z.string(),
    language: z.string().nullable(),
    type: z.string().nullable().openapi({ description: "Media type of the target" }),
    createdAt: z.string(),
  })
  .openapi("Gs1Link");

const Target = z.object({ href: z.string(), title: z.string(), type: z.string().optional(), hreflang: z.array(z.string()).optional() });

/** RFC 9264 application/linkset+json: one context object per anchor, GS1 vocabulary URIs as relations. */
export const LinksetSchema = z
  .object({ linkset: z.array(z.object({ anchor: z.string() }).catchall(z.union([z.array(Target), z.string()]))) })
  .openapi("Gs1Linkset");

export const ResolverDescriptionSchema = z
  .object({
    name: z.string(),
    resolverRoot: z.string(),
    supportedPrimaryKeys: z.array(z.string()),
    supportedLinkType: z.array(z.object({ namespace: z.string(), prefix: z.string(), profile: z.string() })),
    linkTypeDefaultCanBeLinkset: z.boolean(),
    supportedContextValuesEnumerated: z.array(z.unknown()),
  })
  .openapi("Gs1ResolverDescription");
