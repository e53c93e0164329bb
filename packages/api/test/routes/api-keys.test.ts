import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, vegetableBatch } from "../harness";
import { admin, count, expectProblem } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const partsOf = (key: string) => {
  const match = /^sk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/.exec(key);
  expect(match, key).not.toBeNull();
  return { prefix: match![1]!, secret: match![2]! };
};

describe("POST /v1/api-keys", () => {
  it("creates a key shown once, with default scopes, that authenticates as the organisation", async () => {
    const org = await h.org("wholesaler");
    const reply = await h.call("POST", "/v1/api-keys", { key: org.key, json: { name: "till 2" } });
    expect(reply.status).toBe(201);
    const { prefix } = partsOf(reply.body.key);
    expect(reply.body.apiKey).toEqual({
      id: expect.any(String),
      orgId: org.id,
      prefix,
      name: "till 2",
      scopes: ["read", "batches:write", "vouchers:write", "tests:write", "recalls:write", "keys:write", "records:write", "inspections:write"],
      createdAt: expect.any(String),
      revokedAt: null,
      lastUsedAt: null,
    });
    const me = await h.call("GET", "/v1/organisations/me", { key: reply.body.key });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(org.id);
  });

  it("a key created with limited scopes gets 403 for what it lacks and works for the rest", async () => {
    const org = await h.org("wholesaler");
    const batch = await h.call("POST", "/v1/batches", { key: org.key, json: vegetableBatch() });
    const reply = await h.call("POST", "/v1/api-keys", { key: org.key, json: { name: "auditor", scopes: ["read"] } });
    expect(reply.status).toBe(201);
    expect(reply.body.apiKey.scopes).toEqual(["read"]);
    const readOnly = reply.body.key;
    expect((await h.call("GET", `/v1/batches/${batch.body.code}`, { key: readOnly })).status).toBe(200);
    const denied = await h.call("POST", "/v1/batches", { key: readOnly, json: vegetableBatch() });
    expectProblem(denied, 403, "forbidden");
    expect(denied.body.detail).toMatch(/batches:write/);
    expectProblem(await h.call("POST", "/v1/api-keys", { key: readOnly, json: { name: "escalate" } }), 403, "forbidden");
    expect(await count(h, "batches")).toBe(1);
    expect(await count(h, "api_keys", `org_id = '${org.id}'`)).toBe(2);
  });

  it("validates the body: empty name, unknown scope, empty scopes, extra fields → 400 with issues", async () => {
    const org = await h.org("wholesaler");
    for (const json of [{ name: "" }, { name: "x", scopes: ["root"] }, { name: "x", scopes: [] }, { name: "x", secret: "mine" }, {}]) {
      const reply = await h.call("POST", "/v1/api-keys", { key: org.key, json });
      expectProblem(reply, 400, "invalid-request");
      expect(Array.isArray(reply.body.issues) && reply.body.issues.length > 0).toBe(true);
    }
    expect(await count(h, "api_keys", `org_id = '${org.id}'`)).toBe(1);
  });

  it("only the platform admin (with orgs:admin) creates keys for another organisation", async () => {
    const root = await admin(h);
    const victim = await h.org("wholesaler");
    const other = await h.org("wholesale-market", { scopes: ["read", "keys:write", "orgs:admin"] });
    const denied = await h.call("POST", "/v1/api-keys", { key: other.key, json: { name: "steal", orgId: victim.id } });
    expectProblem(denied, 403, "forbidden");
    const regulator = await h.org("regulator");
    expectProblem(await h.call("POST", "/v1/api-keys", { key: regulator.key, json: { name: "steal", orgId: victim.id } }), 403, "forbidden");
    const limitedAdmin = await h.org("admin", { scopes: ["read", "keys:write"] });
    expectProblem(await h.call("POST", "/v1/api-keys", { key: limitedAdmin.key, json: { name: "steal", orgId: victim.id } }), 403, "forbidden");
    expect(await count(h, "api_keys", `org_id = '${victim.id}'`)).toBe(1);

    const created = await h.call("POST", "/v1/api-keys", { key: root.key, json: { name: "onboarding", orgId: victim.id } });
    expect(created.status).toBe(201);
    expect(created.body.apiKey.orgId).toBe(victim.id);
    expect((await h.call("GET", "/v1/organisations/me", { key: created.body.key })).body.id).toBe(victim.id);
    expectProblem(await h.call("POST", "/v1/api-keys", { key: root.key, json: { name: "x", orgId: "org_missing" } }), 404, "not-found");
  });

  it("only the admin may grant orgs:admin", async () => {
    const org = await h.org("regulator");
    const reply = await h.call("POST", "/v1/api-keys", { key: org.key, json: { name: "x", scopes: ["orgs:admin"] } });
    expectProblem(reply, 403, "forbidden");
    expect(reply.body.detail).toMatch(/orgs:admin/);
    const root = await admin(h);
    const granted = await h.call("POST", "/v1/api-keys", { key: root.key, json: { name: "second admin key", scopes: ["orgs:admin", "keys:write"] } });
    expect(granted.status).toBe(201);
    expect(granted.body.apiKey.scopes).toEqual(["orgs:admin", "keys:write"]);
  });

  it("401 without a key", async () => {
    expectProblem(await h.call("POST", "/v1/api-keys", { json: { name: "x" } }), 401, "unauthenticated");
  });

  it("a key may not mint a key with scopes it does not hold (403 scope-escalation), nothing is stored", async () => {
    const org = await h.org("wholesaler", { scopes: ["read", "keys:write"] });
    for (const scopes of [["read", "batches:write"], ["vouchers:write"], ["keys:write", "recalls:write", "tests:write"]]) {
      const reply = await h.call("POST", "/v1/api-keys", { key: org.key, json: { name: "wider", scopes } });
      expectProblem(reply, 403, "scope-escalation");
      for (const scope of scopes.filter((scope) => scope !== "read" && scope !== "keys:write")) expect(reply.body.detail).toContain(scope);
      expect(reply.text).not.toMatch(/sk_[A-Za-z0-9]{12}_/);
    }
    // Chinese words for the new code too
    const zh = await h.call("POST", "/v1/api-keys", { key: org.key, json: { name: "wider", scopes: ["batches:write"] }, headers: { "accept-language": "zh-CN" } });
    expect(zh.body["detail_zh-CN"]).toEqual(expect.any(String));
    expect(await count(h, "api_keys", `org_id = '${org.id}'`)).toBe(1);
    // and the admin's own key minting for an organisation is bounded the same way
    const limitedRoot = await h.org("admin", { scopes: ["read", "keys:write", "orgs:admin"] });
    const victim = await h.org("wholesaler");
    expectProblem(await h.call("POST", "/v1/api-keys", { key: limitedRoot.key, json: { name: "x", orgId: victim.id, scopes: ["batches:write"] } }), 403, "scope-escalation");
    expect(await count(h, "api_keys", `org_id = '${victim.id}'`)).toBe(1);
  });

  it("a key may mint keys with a subset of its scopes; without a list the new key gets the defaults it holds", async () => {
    const org = await h.org("wholesaler", { scopes: ["read", "batches:write", "keys:write"] });
    const subset = await h.call("POST", "/v1/api-keys", { key: org.key, json: { name: "reader", scopes: ["read"] } });
    expect(subset.status, subset.text).toBe(201);
    expect(subset.body.apiKey.scopes).toEqual(["read"]);
    const same = await h.call("POST", "/v1/api-keys", { key: org.key, json: { name: "twin", scopes: ["keys:write", "batches:write", "read"] } });
    expect(same.status, same.text).toBe(201);
    expect(same.body.apiKey.scopes).toEqual(["keys:write", "batches:write", "read"]);
    const defaults = await h.call("POST", "/v1/api-keys", { key: org.key, json: { name: "defaults" } });
    expect(defaults.status, defaults.text).toBe(201);
    expect(defaults.body.apiKey.scopes).toEqual(["read", "batches:write", "keys:write"]);
    // the narrower key is bounded by its own scopes in turn
    expectProblem(await h.call("POST", "/v1/api-keys", { key: same.body.key, json: { name: "x", scopes: ["vouchers:write"] } }), 403, "scope-escalation");
    expect((await h.call("POST", "/v1/batches", { key: defaults.body.key, json: vegetableBatch() })).status).toBe(201);
    expectProblem(await h.call("POST", "/v1/vouchers", { key: defaults.body.key, json: { netWeightGrams: 1 } }), 403, "forbidden");
    expect(await count(h, "api_keys", `org_id = '${org.id}'`)).toBe(4);
  });
});

describe("GET /v1/api-keys", () => {
  it("lists the organisation's keys by prefix, never the secret or its hash, and not other organisations' keys", async () => {
    const org = await h.org("wholesaler");
    const other = await h.org("wholesaler");
    const second = await h.call("POST", "/v1/api-keys", { key: org.key, json: { name: "second" } });
    const list = await h.call("GET", "/v1/api-keys", { key: org.key });
    expect(list.status).toBe(200);
    const keys = list.body.apiKeys as Array<Record<string, unknown>>;
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(Object.keys(key).sort()).toEqual(["createdAt", "id", "lastUsedAt", "name", "orgId", "prefix", "revokedAt", "scopes"]);
      expect(key.orgId).toBe(org.id);
    }
    expect(keys.map((key) => key.prefix).sort()).toEqual([partsOf(org.key).prefix, partsOf(second.body.key).prefix].sort());
    for (const full of [org.key, second.body.key]) {
      const { secret } = partsOf(full);
      expect(list.text).not.toContain(secret);
      expect(list.text).not.toContain(createHash("sha256").update(secret).digest("hex"));
    }
    expect(list.text).not.toContain(partsOf(other.key).prefix);
    expectProblem(await h.call("GET", "/v1/api-keys"), 401, "unauthenticated");
  });
});

describe("lastUsedAt", () => {
  it("is set when a key authenticates, rewritten at most once a minute, and shown in the listing", async () => {
    let clock = Date.parse("2031-03-01T08:00:00.000Z");
    const timed = await createHarness({}, { now: () => new Date(clock) });
    try {
      const org = await timed.org("wholesaler");
      const spare = await timed.services.apiKeys.create(org.id, { name: "spare" });
      const listed = async (key = org.key) => {
        const reply = await timed.call("GET", "/v1/api-keys", { key });
        expect(reply.status, reply.text).toBe(200);
        return Object.fromEntries((reply.body.apiKeys as Array<{ name: string; lastUsedAt: string | null }>).map((row) => [row.name, row.lastUsedAt]));
      };
      const stored = async () => (await timed.db.all<{ name: string; last_used_at: string | null }>(sql`SELECT name, last_used_at FROM api_keys WHERE org_id = ${org.id}`)).map((row) => [row.name, row.last_used_at]);
      expect(Object.fromEntries(await stored())).toEqual({ test: null, spare: null });

      // the listing request itself authenticates, so it already shows this use
      expect(await listed()).toEqual({ test: "2031-03-01T08:00:00.000Z", spare: null });
      clock += 30_000;
      expect((await timed.call("POST", "/v1/batches", { key: org.key, json: vegetableBatch() })).status).toBe(201);
      clock += 29_000;
      expect(await listed()).toEqual({ test: "2031-03-01T08:00:00.000Z", spare: null });
      clock += 1_000; // a minute after the recorded use
      expect(await listed()).toEqual({ test: "2031-03-01T08:01:00.000Z", spare: null });

      // each key keeps its own time; failed authentications record nothing
      clock += 5_000;
      expect(await listed(spare.key)).toEqual({ test: "2031-03-01T08:01:00.000Z", spare: "2031-03-01T08:01:05.000Z" });
      const { prefix } = partsOf(spare.key);
      clock += 120_000;
      expectProblem(await timed.call("GET", "/v1/api-keys", { key: `sk_${prefix}_${"A".repeat(43)}` }), 401, "unauthenticated");
      await timed.call("POST", `/v1/api-keys/${spare.apiKey.id}/revoke`, { key: org.key });
      expectProblem(await timed.call("GET", "/v1/api-keys", { key: spare.key }), 401, "unauthenticated");
      expect(Object.fromEntries(await stored())).toEqual({ test: "2031-03-01T08:03:05.000Z", spare: "2031-03-01T08:01:05.000Z" });
    } finally {
      timed.close();
    }
  });

  it("does not write on every request", async () => {
    const org = await h.org("stall");
    await h.db.run(sql.raw("CREATE TABLE touched (at TEXT)"));
    await h.db.run(sql.raw("CREATE TRIGGER count_touch AFTER UPDATE OF last_used_at ON api_keys BEGIN INSERT INTO touched VALUES (NEW.last_used_at); END"));
    for (let i = 0; i < 20; i++) expect((await h.call("GET", "/v1/organisations/me", { key: org.key })).status).toBe(200);
    const writes = (await h.db.all<{ at: string }>(sql.raw("SELECT at FROM touched"))).map((row) => row.at);
    expect(writes).toHaveLength(1);
    const [own] = (await h.call("GET", "/v1/api-keys", { key: org.key })).body.apiKeys;
    expect(own.lastUsedAt).toBe(writes[0]);
  });
});

describe("POST /v1/api-keys/{id}/revoke", () => {
  it("revokes a key: it gets 401 from then on, the organisation's other keys keep working", async () => {
    const org = await h.org("wholesaler");
    const spare = await h.call("POST", "/v1/api-keys", { key: org.key, json: { name: "spare" } });
    const revoked = await h.call("POST", `/v1/api-keys/${spare.body.apiKey.id}/revoke`, { key: org.key });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: spare.body.apiKey.id, orgId: org.id, revokedAt: expect.any(String) });
    for (const path of ["/v1/organisations/me", "/v1/api-keys"]) {
      const reply = await h.call("GET", path, { key: spare.body.key });
      expectProblem(reply, 401, "unauthenticated");
      expect(reply.body.detail).toMatch(/revoked/);
    }
    expectProblem(await h.call("POST", "/v1/batches", { key: spare.body.key, json: vegetableBatch() }), 401, "unauthenticated");
    expect((await h.call("GET", "/v1/organisations/me", { key: org.key })).status).toBe(200);
    const list = await h.call("GET", "/v1/api-keys", { key: org.key });
    expect(list.body.apiKeys.find((key: { id: string }) => key.id === spare.body.apiKey.id).revokedAt).toBe(revoked.body.revokedAt);
    // revoking twice: nothing active to revoke
    expectProblem(await h.call("POST", `/v1/api-keys/${spare.body.apiKey.id}/revoke`, { key: org.key }), 404, "not-found");
  });

  it("a key may revoke itself", async () => {
    const org = await h.org("stall");
    const id = (await h.call("GET", "/v1/api-keys", { key: org.key })).body.apiKeys[0].id;
    expect((await h.call("POST", `/v1/api-keys/${id}/revoke`, { key: org.key })).status).toBe(200);
    expectProblem(await h.call("GET", "/v1/api-keys", { key: org.key }), 401, "unauthenticated");
  });

  it("cannot revoke another organisation's key (404, and that key still works), and needs keys:write", async () => {
    const org = await h.org("wholesaler");
    const victim = await h.org("wholesaler");
    const victimKeyId = (await h.call("GET", "/v1/api-keys", { key: victim.key })).body.apiKeys[0].id;
    expectProblem(await h.call("POST", `/v1/api-keys/${victimKeyId}/revoke`, { key: org.key }), 404, "not-found");
    expect((await h.call("GET", "/v1/organisations/me", { key: victim.key })).status).toBe(200);

    const readOnly = (await h.call("POST", "/v1/api-keys", { key: org.key, json: { name: "ro", scopes: ["read"] } })).body.key;
    const ownKeyId = (await h.call("GET", "/v1/api-keys", { key: org.key })).body.apiKeys.find((key: { name: string }) => key.name === "test").id;
    expectProblem(await h.call("POST", `/v1/api-keys/${ownKeyId}/revoke`, { key: readOnly }), 403, "forbidden");
    expect((await h.call("GET", "/v1/organisations/me", { key: org.key })).status).toBe(200);
    expectProblem(await h.call("POST", `/v1/api-keys/${ownKeyId}/revoke`), 401, "unauthenticated");
  });
});
