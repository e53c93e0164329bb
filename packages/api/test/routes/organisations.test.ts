import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../harness";
import { admin, ALL_SCOPES, count, expectProblem } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

describe("GET /v1/organisations/me", () => {
  it("returns the organisation behind the key, without its serial counter", async () => {
    const market = await h.org("wholesale-market");
    const stall = await h.org("stall", { marketId: market.id, region: "530424" });
    const me = await h.call("GET", "/v1/organisations/me", { key: stall.key });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: stall.id,
      name: expect.stringMatching(/^stall /),
      role: "stall",
      uscc: null,
      region: "530424",
      marketId: market.id,
      namespace: stall.namespace,
      createdAt: expect.any(String),
    });
    expect(me.body).not.toHaveProperty("nextSerial");
    const other = await h.call("GET", "/v1/organisations/me", { key: market.key });
    expect(other.body).toMatchObject({ id: market.id, role: "wholesale-market", marketId: null });
  });

  it("answers 401 with no key, a malformed key, a non-Bearer scheme and an unknown key", async () => {
    const org = await h.org("wholesaler");
    const [, prefix] = /^sk_([A-Za-z0-9]{12})_/.exec(org.key)!;
    const cases: Array<Record<string, string>> = [
      {},
      { authorization: "Bearer " },
      { authorization: "Bearer not-a-key" },
      { authorization: `Basic ${org.key}` },
      { authorization: `Bearer ${org.key.slice(0, -1)}` },
      // well-formed, right prefix, wrong secret
      { authorization: `Bearer sk_${prefix}_${"A".repeat(43)}` },
      // well-formed, unknown prefix
      { authorization: `Bearer sk_${"Z".repeat(12)}_${"A".repeat(43)}` },
    ];
    for (const headers of cases) {
      const reply = await h.call("GET", "/v1/organisations/me", { headers });
      expectProblem(reply, 401, "unauthenticated");
      expect(reply.text).not.toContain(org.id);
    }
  });
});

describe("POST /v1/organisations", () => {
  it("lets the platform admin register organisations, each with a new namespace, linked to a market", async () => {
    const root = await admin(h);
    const market = await h.call("POST", "/v1/organisations", { key: root.key, json: { name: "三水区农产品批发市场", role: "wholesale-market", region: "440607" } });
    expect(market.status).toBe(201);
    expect(market.body).toMatchObject({ id: expect.any(String), name: "三水区农产品批发市场", role: "wholesale-market", region: "440607", marketId: null, namespace: expect.any(Number) });
    expect(market.body).not.toHaveProperty("nextSerial");
    const stall = await h.call("POST", "/v1/organisations", { key: root.key, json: { name: "Stall 12", role: "stall", marketId: market.body.id } });
    expect(stall.status).toBe(201);
    expect(stall.body.marketId).toBe(market.body.id);
    expect(stall.body.namespace).toBe(market.body.namespace + 1);
    expect(await count(h, "organisations", `id = '${stall.body.id}'`)).toBe(1);
    // the new organisation is an issuer the platform knows: an API key for it works
    const key = await h.call("POST", "/v1/api-keys", { key: root.key, json: { name: "stall till", orgId: stall.body.id } });
    expect((await h.call("GET", "/v1/organisations/me", { key: key.body.key })).body.id).toBe(stall.body.id);
  });

  it("refuses a marketId that is not a wholesale market (400) or does not exist (404)", async () => {
    const root = await admin(h);
    const wholesaler = await h.org("wholesaler");
    const before = await count(h, "organisations");
    expectProblem(await h.call("POST", "/v1/organisations", { key: root.key, json: { name: "x", role: "stall", marketId: wholesaler.id } }), 400, "invalid-request");
    expectProblem(await h.call("POST", "/v1/organisations", { key: root.key, json: { name: "x", role: "stall", marketId: "org_missing" } }), 404, "not-found");
    expect(await count(h, "organisations")).toBe(before);
  });

  it("validates the body with zod issues (unknown role, empty name, extra fields)", async () => {
    const root = await admin(h);
    const badRole = await h.call("POST", "/v1/organisations", { key: root.key, json: { name: "x", role: "pirate" } });
    expectProblem(badRole, 400, "invalid-request");
    expect(badRole.body.issues.some((issue: { path: unknown[] }) => issue.path[0] === "role")).toBe(true);
    const empty = await h.call("POST", "/v1/organisations", { key: root.key, json: { name: "  ", role: "stall" } });
    expectProblem(empty, 400, "invalid-request");
    expect(empty.body.issues.some((issue: { path: unknown[] }) => issue.path[0] === "name")).toBe(true);
    expectProblem(await h.call("POST", "/v1/organisations", { key: root.key, json: { name: "x", role: "stall", namespace: 1 } }), 400, "invalid-request");
  });

  it("is the platform admin's alone: other roles get 403 even with the orgs:admin scope, and the admin needs the scope", async () => {
    const before = await count(h, "organisations");
    for (const role of ["wholesaler", "wholesale-market", "regulator"] as const) {
      const org = await h.org(role, { scopes: ALL_SCOPES });
      const reply = await h.call("POST", "/v1/organisations", { key: org.key, json: { name: "mine", role: "stall" } });
      expectProblem(reply, 403, "forbidden");
      expect(reply.body.detail).toMatch(/platform admin/);
    }
    const plain = await h.org("wholesaler");
    expectProblem(await h.call("POST", "/v1/organisations", { key: plain.key, json: { name: "mine", role: "stall" } }), 403, "forbidden");
    const limitedAdmin = await h.org("admin", { scopes: ["read", "keys:write"] });
    const reply = await h.call("POST", "/v1/organisations", { key: limitedAdmin.key, json: { name: "mine", role: "stall" } });
    expectProblem(reply, 403, "forbidden");
    expect(reply.body.detail).toMatch(/orgs:admin/);
    // only the orgs the harness itself made exist
    expect(await count(h, "organisations")).toBe(before + 5);
    expectProblem(await h.call("POST", "/v1/organisations", { json: { name: "anon", role: "stall" } }), 401, "unauthenticated");
  });
});
