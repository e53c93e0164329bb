import { createRoute, z } from "@hono/zod-openapi";
import { buildLinkset, decideResolverResponse, DigitalLinkError, linksetLinkHeader, parseDigitalLinkPath, resolverDescription, SERVED_GS1_LINK_TYPES } from "@shian/schemas";
import type { Context } from "hono";
import type { ZodError } from "zod";
import { ApiError } from "../../errors/api-error";
import type { App } from "../app-types";
import { pick } from "../common";
import { LinksetSchema, ResolverDescriptionSchema } from "./schemas";

const LINKSET_TYPE = "application/linkset+json";
/** Readable by any web page: the answers are public, and scripts need Link and Location. */
const CORS: Record<string, string> = { "access-control-allow-origin": "*", "access-control-expose-headers": "Link, Location" };
const PREFLIGHT: Record<string, string> = {
  ...CORS,
  "access-control-allow-methods": "GET, HEAD, OPTIONS",
  "access-control-allow-headers": "Accept, Accept-Language",
  "access-control-max-age": "86400",
};

const pathParam = (name: string, example: string) => z.string().max(1024).openapi({ param: { name, in: "path" }, example });
const gtin = pathParam("gtin", "09506000134352");
const query = z.object({
  linkType: z.string().max(200).optional().openapi({ description: "A GS1 link type (gs1:pip, gs1:recallStatus…), or all / linkset for the linkset" }),
});

const resolverResponses = {
  200: { description: "The linkset (linkType=all or linkset, or Accept: application/linkset+json)", content: { [LINKSET_TYPE]: { schema: LinksetSchema } } },
  300: { description: "Several links of the asked type fit equally (by Accept-Language): their linkset", content: { [LINKSET_TYPE]: { schema: LinksetSchema } } },
  307: { description: "Redirect to the link of the asked type, else the default link (gs1:pip, the scan page of the latest voucher)" },
  ...pick(400, 404, 429),
};

const resolverRoute = (path: string, params: z.ZodObject, summary: string) =>
  createRoute({ method: "get", path, tags: ["gs1"], summary, request: { params, query }, responses: resolverResponses });

export const resolveGtinRoute = resolverRoute("/01/{gtin}", z.object({ gtin }), "GS1 Digital Link resolver: a GTIN (its latest voucher)");
export const resolveGtinLotRoute = resolverRoute("/01/{gtin}/10/{lot}", z.object({ gtin, lot: pathParam("lot", "LOT-42") }), "GS1 Digital Link resolver: a GTIN and lot (the latest voucher of that lot; an unknown lot falls back to the GTIN)");
export const resolveGtinSerialRoute = resolverRoute("/01/{gtin}/21/{serial}", z.object({ gtin, serial: pathParam("serial", "1001-1-5") }), "GS1 Digital Link resolver: a GTIN and serial (a serial that is one of our trace codes picks that voucher)");
export const resolveGtinCpvLotRoute = resolverRoute(
  "/01/{gtin}/22/{cpv}/10/{lot}",
  z.object({ gtin, cpv: pathParam("cpv", "2A"), lot: pathParam("lot", "LOT-42") }),
  "GS1 Digital Link resolver: a GTIN with consumer product variant and lot (resolved as the GTIN and lot)",
);

export const resolverDescriptionRoute = createRoute({
  method: "get",
  path: "/.well-known/gs1resolver",
  tags: ["gs1"],
  summary: "The GS1 resolver description (GS1-Conformant Resolver standard 1.2)",
  responses: { 200: { description: "Resolver root, supported primary keys and link types", content: { "application/json": { schema: ResolverDescriptionSchema } } }, ...pick(429) },
});

export const voucherJwsRoute = createRoute({
  method: "get",
  path: "/v/{digits}/jws",
  tags: ["gs1"],
  summary: "A voucher as a standard compact JWS (the gs1:jws link): any JOSE library verifies it with the issuer's key from /.well-known/jwks.json",
  request: { params: z.object({ digits: z.string().max(1024).openapi({ param: { name: "digits", in: "path" } }) }) },
  responses: { 200: { description: "The compact JWS", content: { "application/jose": { schema: z.string() } } }, ...pick(400, 404, 429) },
});

/** The linkset URL of each request, for the Link header (also on 404s). */
const linksetUrls = new WeakMap<Request, string>();

function stemOf(c: Context): string {
  return c.var.services.config.publicUrl.replace(/\/+$/, "").toLowerCase();
}

async function resolve(c: Context): Promise<Response> {
  const url = new URL(c.req.url);
  let link;
  try {
    link = parseDigitalLinkPath(url.pathname, url.search, stemOf(c));
  } catch (error) {
    if (!(error instanceof DigitalLinkError)) throw error;
    const issue = { code: "custom", path: error.ai ? [error.ai] : [], message: error.message, ai: error.ai ?? null, rule: error.rule };
    throw new ApiError("invalid-request", `not a valid GS1 Digital Link: ${error.message} (rule: ${error.rule})`, { detailCode: "invalid-digital-link", issues: [issue] as unknown as ZodError["issues"] });
  }
  if (link.primaryKey.ai !== "01") throw new ApiError("not-found", `this resolver serves GTINs (AI 01) only, not AI ${link.primaryKey.ai}`);
  const services = c.var.services;
  const resolution = await services.gs1.resolve(link);
  const anchor = resolution?.anchor ?? `${stemOf(c)}${url.pathname}`;
  linksetUrls.set(c.req.raw, `${anchor}?linkType=linkset`);
  if (!resolution) throw new ApiError("not-found", `no item with GTIN ${link.primaryKey.value} is known to this resolver`);
  const decision = decideResolverResponse({
    links: resolution.links,
    defaultLink: resolution.defaultLink,
    linkType: url.searchParams.get("linkType"),
    accept: c.req.header("accept"),
    acceptLanguage: c.req.header("accept-language"),
  });
  const headers: Record<string, string> = { vary: "Accept, Accept-Language", "cache-control": "no-store" };
  switch (decision.kind) {
    case "linkset":
      return new Response(JSON.stringify(buildLinkset(resolution.anchor, resolution.links, resolution.defaultLink)), { status: 200, headers: { ...headers, "content-type": LINKSET_TYPE } });
    case "multiple":
      return new Response(JSON.stringify(buildLinkset(resolution.anchor, decision.links)), { status: 300, headers: { ...headers, "content-type": LINKSET_TYPE } });
    case "redirect":
      return new Response(null, { status: 307, headers: { ...headers, location: decision.link.href } });
    case "not-found":
      throw new ApiError("not-found", `no ${decision.linkType} link for ${resolution.anchor}`);
  }
}

export function registerGs1Resolver(app: App) {
  // CORS and the Link header on every answer of the resolver paths, errors included; OPTIONS is the preflight.
  app.use("/01/*", async (c, next) => {
    if (c.req.method === "OPTIONS") return new Response(null, { status: 204, headers: PREFLIGHT });
    await next();
    for (const [name, value] of Object.entries(CORS)) c.res.headers.set(name, value);
    const linkset = linksetUrls.get(c.req.raw);
    if (linkset) c.res.headers.set("link", linksetLinkHeader(linkset));
  });
  app.openapi(resolveGtinRoute, (c) => resolve(c) as never);
  app.openapi(resolveGtinLotRoute, (c) => resolve(c) as never);
  app.openapi(resolveGtinSerialRoute, (c) => resolve(c) as never);
  app.openapi(resolveGtinCpvLotRoute, (c) => resolve(c) as never);

  app.openapi(resolverDescriptionRoute, (c) => {
    c.header("access-control-allow-origin", "*");
    const description = resolverDescription({ name: "Shian trace-code API", resolverRoot: stemOf(c), supportedPrimaryKeys: ["01"], linkTypes: SERVED_GS1_LINK_TYPES });
    return c.json(description as never, 200);
  });

  app.openapi(voucherJwsRoute, async (c) => {
    const { digits } = c.req.valid("param");
    if (!/^[1-9][0-9]*$/.test(digits)) throw new ApiError("invalid-voucher", "a voucher path is decimal digits");
    const jws = await c.var.services.gs1.jws(digits);
    return new Response(jws, { status: 200, headers: { "content-type": "application/jose", "access-control-allow-origin": "*", "cache-control": "no-store" } }) as never;
  });
}
