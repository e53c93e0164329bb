import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createHarness, enzymeTest, type Harness, vegetableBatch } from "../harness";
import { count, createBatch, expectNoInternals, expectProblem } from "./helpers";

let h: Harness;
afterEach(() => {
  h.close();
  vi.restoreAllMocks();
});

describe("problem details", () => {
  it("every error is application/problem+json with type, title, status, code and detail", async () => {
    h = await createHarness();
    const a = await h.org("wholesaler");
    const b = await h.org("wholesaler");
    const batch = await createBatch(h, a, vegetableBatch());
    await h.call("POST", `/v1/batches/${batch.code}/recall`, { key: a.key, json: { reason: "other", level: "level-3" } });
    const cases: Array<[Promise<Awaited<ReturnType<Harness["call"]>>>, number, string]> = [
      [h.call("GET", "/v1/organisations/me"), 401, "unauthenticated"],
      [h.call("GET", `/v1/batches/${batch.code}`, { key: b.key }), 403, "forbidden"],
      [h.call("GET", "/v1/batches/1-999-0", { key: a.key }), 404, "not-found"],
      [h.call("POST", `/v1/batches/${batch.code}/recall`, { key: a.key, json: { reason: "other", level: "level-3" } }), 409, "conflict"],
      [h.call("POST", "/v1/batches", { key: a.key, json: {} }), 400, "invalid-request"],
    ];
    for (const [pending, status, code] of cases) {
      const reply = await pending;
      expectProblem(reply, status, code);
      expect(reply.body.type).toBe(`https://shian.dev/problems/${code}`);
      expect(reply.body).not.toHaveProperty("detail_zh-CN");
    }
  });

  it("adds zh-CN words when the client prefers Chinese (Accept-Language or ?lang)", async () => {
    h = await createHarness();
    const zh = await h.call("GET", "/v1/organisations/me", { headers: { "accept-language": "zh-CN" } });
    expectProblem(zh, 401, "unauthenticated");
    expect(zh.body["detail_zh-CN"]).toBe("需要有效的 API 密钥。");
    const weighted = await h.call("GET", "/nowhere", { headers: { "accept-language": "en-US, zh-CN;q=0.8" } });
    expectProblem(weighted, 404, "not-found");
    expect(weighted.body["detail_zh-CN"]).toBe("未找到。");
    const query = await h.call("GET", "/v/12ab?lang=zh-CN");
    expect(query.body["detail_zh-CN"]).toBe("无法识别该凭证。");
    const en = await h.call("GET", "/v1/organisations/me", { headers: { "accept-language": "en-GB" } });
    expect(en.body).not.toHaveProperty("detail_zh-CN");
  });

  it("validation errors carry zod issues with paths", async () => {
    h = await createHarness();
    const org = await h.org("wholesaler");
    const reply = await h.call("POST", "/v1/batches", { key: org.key, json: { ...vegetableBatch(), quantity: -5, unit: "bushel" } });
    expectProblem(reply, 400, "invalid-request");
    const paths = (reply.body.issues as Array<{ path: unknown[]; message: string; code: string }>).map((issue) => issue.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["quantity", "unit"]));
    for (const issue of reply.body.issues) expect(issue).toMatchObject({ message: expect.any(String), code: expect.any(String) });
    const param = await h.call("POST", "/v1/keys/-1/revoke", { key: org.key });
    expectProblem(param, 400, "invalid-request");
    expect(param.body.issues[0].path).toEqual(["keyIndex"]);
  });

  it("404 problem for unknown routes and methods", async () => {
    h = await createHarness();
    const org = await h.org("wholesaler");
    for (const [method, path] of [
      ["GET", "/nowhere"],
      ["GET", "/v1/nothing-here"],
      ["DELETE", "/v1/organisations/me"],
      ["GET", "/v2/batches"],
    ] as const) {
      const reply = await h.call(method, path, { key: org.key });
      expectProblem(reply, 404, "not-found");
      expect(reply.body.detail).toContain(path);
    }
  });

  it("an unexpected failure is a bare 500 problem: no stack, SQL or message from inside", async () => {
    h = await createHarness();
    const org = await h.org("wholesaler");
    const batch = await createBatch(h, org, vegetableBatch());
    // keep the spy itself: in workerd the pool's console proxy hands out a bound copy of it on every read
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    await h.db.run(sql`DROP TABLE rapid_tests`);
    const reply = await h.call("POST", `/v1/batches/${batch.code}/rapid-tests`, { key: org.key, json: enzymeTest(10) });
    expectProblem(reply, 500, "internal");
    expect(reply.body.detail).toBe("Something went wrong on our side.");
    expect(reply.text).not.toMatch(/rapid_tests|no such table/i);
    expect(logged).toHaveBeenCalled();
  });

  it("no error body anywhere carries a stack trace or internals", async () => {
    h = await createHarness({ maxJsonBytes: 512 });
    const org = await h.org("wholesaler");
    const replies = await Promise.all([
      h.call("POST", "/v1/batches", { key: org.key, body: "{not json", headers: { "content-type": "application/json" } }),
      h.call("POST", "/v1/batches", { key: org.key, json: { x: "y".repeat(1_000) } }),
      h.call("POST", "/v1/batches", { key: org.key, body: "a=b", headers: { "content-type": "application/x-www-form-urlencoded" } }),
      h.call("POST", "/v1/vouchers", { key: org.key, json: { url: "http://localhost:8787/v/99999999999999999999" } }),
      h.call("POST", "/v1/vouchers", { key: org.key, json: { batchCode: "x" } }),
      h.call("GET", "/status-lists/0"),
      h.call("GET", `/v/${"9".repeat(1_100)}`),
      h.call("GET", "/v1/api-keys", { headers: { authorization: "Bearer sk_' OR 1=1 --" } }),
    ]);
    for (const reply of replies) {
      expect(reply.status, reply.text).toBeGreaterThanOrEqual(400);
      expect(reply.status, reply.text).toBeLessThan(500);
      expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(reply.body.code).toEqual(expect.any(String));
      expectNoInternals(reply);
    }
  });
});

describe("request guards", () => {
  it("429 with Retry-After on public routes beyond publicRateLimitPerMinute; /v1 and /health are not limited", async () => {
    h = await createHarness({ publicRateLimitPerMinute: 3 });
    const org = await h.org("wholesaler");
    for (const path of ["/.well-known/jwks.json", "/trust-bundle", "/trust-bundle/authority.json"]) {
      expect((await h.call("GET", path)).status).toBe(200);
    }
    for (const path of [`/status-lists/${org.namespace}`, "/v/12345", "/trust-bundle"]) {
      const limited = await h.call("GET", path);
      expectProblem(limited, 429, "rate-limited");
      const retryAfter = Number(limited.headers.get("retry-after"));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    const zh = await h.call("GET", "/trust-bundle", { headers: { "accept-language": "zh-CN" } });
    expect(zh.body["detail_zh-CN"]).toBe("请求过于频繁，请稍后再试。");
    for (let i = 0; i < 5; i++) {
      expect((await h.call("GET", "/v1/organisations/me", { key: org.key })).status).toBe(200);
      expect((await h.call("GET", "/health")).status).toBe(200);
    }
  });

  it("413 for a JSON body over maxJsonBytes; a body under it passes", async () => {
    h = await createHarness({ maxJsonBytes: 1_024 });
    const org = await h.org("wholesaler");
    const big = await h.call("POST", "/v1/batches", { key: org.key, json: { ...vegetableBatch(), product: { name: "菜".repeat(400), category: "vegetable" } } });
    expectProblem(big, 413, "payload-too-large");
    expect(big.body.detail).toContain("1024");
    expect((await h.call("POST", "/v1/batches", { key: org.key, json: vegetableBatch() })).status).toBe(201);
    expect(await count(h, "batches")).toBe(1);
  });

  it("415 for a POST whose body is not JSON", async () => {
    h = await createHarness();
    const org = await h.org("wholesaler");
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/xml"]) {
      const reply = await h.call("POST", "/v1/batches", { key: org.key, body: JSON.stringify(vegetableBatch()), headers: { "content-type": type } });
      expectProblem(reply, 415, "unsupported-media-type");
    }
    expectProblem(await h.call("POST", "/v1/batches", { key: org.key, body: JSON.stringify(vegetableBatch()) }), 415, "unsupported-media-type");
    expect(await count(h, "batches")).toBe(0);
    expect((await h.call("POST", "/v1/batches", { key: org.key, json: vegetableBatch(), headers: { "content-type": "application/json; charset=utf-8" } })).status).toBe(201);
  });

  it("400 for malformed JSON (not a 500)", async () => {
    h = await createHarness();
    const org = await h.org("wholesaler");
    for (const body of ["{", '{"product": }', "[1,2", "undefined"]) {
      const reply = await h.call("POST", "/v1/batches", { key: org.key, body, headers: { "content-type": "application/json" } });
      expectProblem(reply, 400, "invalid-request");
    }
    expect(await count(h, "batches")).toBe(0);
  });

  it("authentication comes before body checks: no key and a bad body is a 401", async () => {
    h = await createHarness({ maxJsonBytes: 64 });
    expectProblem(await h.call("POST", "/v1/batches", { body: "{", headers: { "content-type": "application/json" } }), 401, "unauthenticated");
    expectProblem(await h.call("POST", "/v1/batches", { body: "x", headers: { "content-type": "text/plain" } }), 401, "unauthenticated");
    expectProblem(await h.call("POST", "/v1/batches", { json: { x: "y".repeat(200) } }), 401, "unauthenticated");
  });
});
