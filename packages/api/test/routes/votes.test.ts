import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { voteItems, votes } from "../../src/db/schema/index";
import { createHarness, type Harness } from "../harness";
import { expectProblem } from "./helpers";

let h: Harness;
let now = Date.parse("2026-03-31T16:30:00Z"); // 1 April, 00:30 in China (still 31 March in UTC)
beforeEach(async () => {
  now = Date.parse("2026-03-31T16:30:00Z");
  h = await createHarness({}, { now: () => new Date(now) });
});
afterEach(() => h.close());

const token = async (headers: Record<string, string> = {}) => {
  const reply = await h.call("POST", "/votes/token", { headers });
  expect(reply.status, reply.text).toBe(201);
  return reply.body.token as string;
};
const propose = (body: Record<string, unknown>, headers: Record<string, string> = {}) => h.call("POST", "/votes/items", { json: body, headers });
const vote = (id: string, t: string, headers: Record<string, string> = {}) => h.call("POST", `/votes/items/${id}/vote`, { json: { token: t }, headers });

describe("public votes (你点我查)", () => {
  it("hands out signed tokens for the China month and refuses forged ones", async () => {
    const reply = await h.call("POST", "/votes/token");
    expect(reply.body).toEqual({ token: expect.stringMatching(/^vt1\.[\w-]+\.[\w-]+$/), period: "2026-04" });
    expect(reply.headers.get("cache-control")).toBe("no-store");
    const [, nonce] = (reply.body.token as string).split(".");
    const item = await propose({ token: reply.body.token, kind: "product-type", name: "韭菜" });
    expect(item.status, item.text).toBe(201);
    // A made-up signature, another nonce with this signature, or garbage: all refused.
    expectProblem(await vote(item.body.id, `vt1.${nonce}.${"A".repeat(43)}`), 403, "vote-token");
    expectProblem(await vote(item.body.id, `vt1.AAAAAAAAAAAAAAAAAAAAAAAA.${(reply.body.token as string).split(".")[2]}`), 403, "vote-token");
    expectProblem(await vote(item.body.id, "hello"), 403, "vote-token");
    expectProblem(await propose({ token: "vt1.x.y", kind: "product-type", name: "豆芽" }), 403, "vote-token");
  });

  it("proposes an item once per kind, names a registered business, validates", async () => {
    const t = await token();
    const first = await propose({ token: t, kind: "product-type", name: "散装 熟食", region: "350102" });
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({ kind: "product-type", name: "散装 熟食", region: "350102", status: "open", proposedOn: "2026-04-01", taskId: null });
    const again = await propose({ token: t, kind: "product-type", name: "散装  熟食" });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);

    const stall = await h.org("stall");
    const business = await propose({ token: t, kind: "business", businessId: stall.id });
    expect(business.status, business.text).toBe(201);
    expect(business.body).toMatchObject({ businessId: stall.id, name: expect.stringMatching(/^stall/) });
    expectProblem(await propose({ token: t, kind: "business", businessId: "org_nope" }), 404, "not-found");
    expectProblem(await propose({ token: t, kind: "product-type" }), 400, "invalid-request");
    expectProblem(await propose({ token: t, kind: "product-type", name: "x", businessId: stall.id }), 400, "invalid-request");
    expectProblem(await propose({ token: t, kind: "product-type", name: "x", region: "999999" }), 400, "invalid-request");
  });

  it("one vote per token, item and month; tallies in JSON and on a page", async () => {
    const [a, b] = [await token(), await token()];
    const leek = (await propose({ token: a, kind: "product-type", name: "韭菜" })).body.id as string;
    const sprouts = (await propose({ token: a, kind: "product-type", name: "豆芽" })).body.id as string;
    expect((await vote(leek, a)).body).toEqual({ itemId: leek, period: "2026-04", votes: 1 });
    expect((await vote(leek, b)).body).toEqual({ itemId: leek, period: "2026-04", votes: 2 });
    expect((await vote(sprouts, a)).status).toBe(201);
    const twice = await vote(leek, a);
    expectProblem(twice, 409, "already-voted");
    expectProblem(await vote("vti_nope", a), 404, "not-found");

    const tally = await h.call("GET", "/votes");
    expect(tally.body.period).toBe("2026-04");
    expect(tally.body.items.map((i: { id: string; votes: number }) => [i.id, i.votes])).toEqual([
      [leek, 2],
      [sprouts, 1],
    ]);
    // Next month the same token votes again; last month's tally stays.
    now += 31 * 86_400_000;
    expect((await vote(leek, a)).body).toEqual({ itemId: leek, period: "2026-05", votes: 1 });
    expect((await h.call("GET", "/votes?period=2026-04")).body.items[0]).toMatchObject({ id: leek, votes: 2 });
    expect((await h.call("GET", "/votes")).body.items.map((i: { votes: number }) => i.votes)).toEqual([1, 0]);
    expectProblem(await h.call("GET", "/votes?period=2026-13"), 400, "invalid-request");

    const zh = await h.call("GET", "/votes/page?period=2026-04");
    expect(zh.headers.get("content-type")).toMatch(/^text\/html/);
    expect(zh.text).toContain('<html lang="zh-CN">');
    expect(zh.text).toMatch(/韭菜<\/td><td>产品类别<\/td><td class="n">2<\/td><td>投票中/);
    expect(zh.text).not.toMatch(/<script/i);
    const en = await h.call("GET", "/votes/page?period=2026-04", { headers: { "accept-language": "en-GB,en;q=0.9" } });
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toMatch(/Product type<\/td><td class="n">2<\/td><td>Open/);
  });

  it("concurrent double votes with one token count once", async () => {
    const t = await token();
    const id = (await propose({ token: t, kind: "product-type", name: "鸡蛋" })).body.id as string;
    const replies = await Promise.all(Array.from({ length: 10 }, () => vote(id, t)));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 409)).toHaveLength(9);
    expect((await h.call("GET", "/votes")).body.items[0]).toMatchObject({ id, votes: 1 });
  });

  it("stores no IP address, user agent or the token itself", async () => {
    const headers = { "cf-connecting-ip": "203.0.113.77", "x-forwarded-for": "198.51.100.9", "user-agent": "Mozilla/5.0 (VoterPhone 12)", "accept-language": "zh-CN" };
    const t = await token(headers);
    const id = (await propose({ token: t, kind: "product-type", name: "生蚝" }, headers)).body.id as string;
    expect((await vote(id, t, headers)).status).toBe(201);
    const rows = [...(await h.db.select().from(voteItems).all()), ...(await h.db.select().from(votes).all())];
    expect(Object.keys((await h.db.select().from(votes).all())[0]!).sort()).toEqual(["itemId", "period", "voterHash"]);
    const stored = JSON.stringify(rows);
    for (const needle of ["203.0.113.77", "198.51.100.9", "VoterPhone", "Mozilla", t, t.split(".")[1]!, t.split(".")[2]!]) expect(stored).not.toContain(needle);
    expect(stored).not.toMatch(/T\d\d:\d\d/); // no time of day either
  });

  it("is rate-limited as a public route", async () => {
    const limited = await createHarness({ publicRateLimitPerMinute: 2 });
    try {
      const headers = { "cf-connecting-ip": "203.0.113.5" };
      expect((await limited.call("POST", "/votes/token", { headers })).status).toBe(201);
      expect((await limited.call("GET", "/votes", { headers })).status).toBe(200);
      expectProblem(await limited.call("POST", "/votes/token", { headers }), 429, "rate-limited");
    } finally {
      limited.close();
    }
  });

  it("regulators adopt an item; it takes no more votes; others may not adopt", async () => {
    const t = await token();
    const id = (await propose({ token: t, kind: "product-type", name: "小龙虾" })).body.id as string;
    const regulator = await h.org("regulator");
    const stall = await h.org("stall");
    expectProblem(await h.call("POST", `/v1/votes/items/${id}/adopt`, { key: stall.key }), 403, "forbidden");
    expectProblem(await h.call("POST", `/v1/votes/items/${id}/adopt`), 401, "unauthenticated");
    const adopted = await h.call("POST", `/v1/votes/items/${id}/adopt`, { key: regulator.key });
    expect(adopted.status, adopted.text).toBe(200);
    expect(adopted.body).toMatchObject({ id, status: "adopted", adoptedAt: expect.any(String) });
    expectProblem(await h.call("POST", `/v1/votes/items/${id}/adopt`, { key: regulator.key }), 409, "conflict");
    expectProblem(await vote(id, t), 409, "vote-closed");
    expect((await h.call("GET", "/votes?status=adopted")).body.items.map((i: { id: string }) => i.id)).toEqual([id]);
  });
});
