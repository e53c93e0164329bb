import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../harness";
import { count } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const PUBLIC_PREFIXES = ["/v/", "/.well-known/", "/trust-bundle", "/status-lists/"];

interface Operation {
  operationId?: string;
  security?: Array<Record<string, unknown[]>>;
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  responses?: Record<string, { description?: unknown }>;
}

/** Every route the app serves (middleware excluded), as "get /v1/batches/{code}". */
const servedRoutes = (app: Harness["app"]) =>
  [...new Set(app.routes.filter((route) => route.method !== "ALL").map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`))].sort();

async function document(): Promise<{ openapi: string; info: Record<string, unknown>; paths: Record<string, Record<string, Operation>>; components?: Record<string, Record<string, unknown>> }> {
  const reply = await h.call("GET", "/openapi.json");
  expect(reply.status).toBe(200);
  expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
  return reply.body;
}

const operationsOf = (paths: Record<string, Record<string, Operation>>) =>
  Object.entries(paths).flatMap(([path, item]) => Object.entries(item).filter(([method]) => METHODS.includes(method)).map(([method, op]) => ({ path, method, op })));

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document with a title and version, needing no key", async () => {
    const doc = await document();
    expect(doc.openapi.startsWith("3.1")).toBe(true);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
    for (const path of Object.keys(doc.paths)) expect(path.startsWith("/"), path).toBe(true);
  });

  it("documents every route the app serves under /v1, the public routes and /health, and nothing it does not serve", async () => {
    const doc = await document();
    const served = servedRoutes(h.app);
    const documented = operationsOf(doc.paths)
      .map(({ path, method }) => `${method} ${path}`)
      .sort();
    const api = served.filter((route) => {
      const path = route.split(" ")[1]!;
      return path.startsWith("/v1/") || path === "/health" || PUBLIC_PREFIXES.some((prefix) => path.startsWith(prefix));
    });
    // the guard against an empty or partial route table
    for (const route of ["get /health", "post /v1/api-keys", "post /v1/vouchers/bulk", "get /v/{digits}", "get /.well-known/jwks.json", "get /status-lists/{namespace}", "get /trust-bundle/authority.json"]) {
      expect(api).toContain(route);
    }
    expect(documented).toEqual(expect.arrayContaining(api));
    // only the document itself and its HTML page are served undocumented
    expect(served.filter((route) => !documented.includes(route))).toEqual(["get /docs", "get /openapi.json"]);
    expect(documented.filter((route) => !served.includes(route))).toEqual([]);
  });

  it("every operation has responses with descriptions, declares its path parameters, and /v1 operations name the API key scheme", async () => {
    const doc = await document();
    const schemes = Object.keys(doc.components?.securitySchemes ?? {});
    expect(schemes).toContain("apiKey");
    const operationIds = new Set<string>();
    for (const { path, method, op } of operationsOf(doc.paths)) {
      const where = `${method.toUpperCase()} ${path}`;
      const responses = Object.entries(op.responses ?? {});
      expect(responses.length, where).toBeGreaterThan(0);
      for (const [status, response] of responses) {
        expect(status, where).toMatch(/^([1-5][0-9]{2}|[1-5]XX|default)$/);
        expect(typeof response.description, `${where} ${status}`).toBe("string");
      }
      expect(responses.some(([status]) => status.startsWith("2")), `${where} has a success response`).toBe(true);
      for (const name of [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!)) {
        expect(op.parameters?.find((parameter) => parameter.in === "path" && parameter.name === name), `${where} declares {${name}}`).toMatchObject({ required: true });
      }
      for (const requirement of op.security ?? []) for (const scheme of Object.keys(requirement)) expect(schemes, where).toContain(scheme);
      if (path.startsWith("/v1/")) {
        expect(op.security, `${where} needs a key`).toEqual([{ apiKey: [] }]);
        expect(Object.keys(op.responses ?? {}), `${where} documents 401`).toContain("401");
      } else {
        expect(op.security ?? [], `${where} is public`).toEqual([]);
      }
      if (op.operationId) {
        expect(operationIds.has(op.operationId), `operationId ${op.operationId} is unique`).toBe(false);
        operationIds.add(op.operationId);
      }
    }
  });

  it("every $ref points at a component the document defines", async () => {
    const doc = await document();
    const refs: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === "object") {
        for (const [key, child] of Object.entries(value)) {
          if (key === "$ref" && typeof child === "string") refs.push(child);
          else walk(child);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) {
      expect(ref, ref).toMatch(/^#\//);
      const target = ref
        .slice(2)
        .split("/")
        .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
      expect(target, ref).toBeDefined();
    }
  });
});

describe("GET /docs", () => {
  it("is an HTML page, needing no key, that links /openapi.json and lists every documented path", async () => {
    const reply = await h.call("GET", "/docs");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toMatch(/^text\/html/);
    expect(reply.text).toMatch(/^<!doctype html>/i);
    expect(reply.text).toContain('href="/openapi.json"');
    const doc = await document();
    for (const path of Object.keys(doc.paths)) expect(reply.text, path).toContain(`<code>${path}</code>`);
    // self-contained: no scripts or stylesheets from elsewhere
    expect(reply.text).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet[^>]+href="https?:/i);
  });
});

describe("GET /health", () => {
  it("answers 200 with ok and the number of organisations, needing no key", async () => {
    const before = await h.call("GET", "/health");
    expect(before.status).toBe(200);
    expect(before.headers.get("content-type")).toMatch(/^application\/json/);
    expect(before.body).toEqual({ ok: true, organisations: await count(h, "organisations") });
    await h.org("stall");
    const after = await h.call("GET", "/health");
    expect(after.body).toEqual({ ok: true, organisations: before.body.organisations + 1 });
  });
});
