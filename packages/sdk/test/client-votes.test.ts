/** The API client's public vote methods (你点我查): the public's calls carry no API key. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../api/test/harness";
import { OPERATIONS, ShianApiError, ShianClient } from "../src/index";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

describe("ShianClient: public votes", () => {
  it("calls every vote route with typed results", async () => {
    const seen = new Set<string>();
    const authorised: string[] = [];
    const templates = Object.values(OPERATIONS).map((op) => ({ key: `${op.method} ${op.path}`, re: new RegExp(`^${op.method} ${op.path.replace(/\{\w+\}/g, "[^/]+")}$`) }));
    const fetch = async (request: Request) => {
      const match = templates.find((t) => t.re.test(`${request.method} ${new URL(request.url).pathname}`));
      if (match) seen.add(match.key);
      if (request.headers.has("authorization")) authorised.push(new URL(request.url).pathname);
      return h.app.fetch(request);
    };
    const regulatorOrg = await h.org("regulator");
    const stall = await h.org("stall");
    const regulator = new ShianClient({ baseUrl: "http://localhost:8787", apiKey: regulatorOrg.key, fetch });
    // The voter's client has a key configured, and still sends it nowhere on the public routes.
    const voter = new ShianClient({ baseUrl: "http://localhost:8787", apiKey: stall.key, fetch });

    const { token, period } = await voter.votes.token();
    expect(period).toMatch(/^\d{4}-\d{2}$/);
    const item = await voter.votes.propose({ token, kind: "business", businessId: stall.id, region: "350102" });
    expect(item).toMatchObject({ kind: "business", businessId: stall.id, status: "open" });
    expect(await voter.votes.vote(item.id, token)).toEqual({ itemId: item.id, period, votes: 1 });
    const again = await voter.votes.vote(item.id, token).catch((e) => e);
    expect(again).toBeInstanceOf(ShianApiError);
    expect(again).toMatchObject({ apiCode: "already-voted", status: 409 });
    expect((await voter.votes.tally()).items).toEqual([expect.objectContaining({ id: item.id, votes: 1 })]);
    expect(await regulator.votes.adopt(item.id)).toMatchObject({ id: item.id, status: "adopted" });
    expect((await voter.votes.tally({ status: "adopted" })).items.map((i) => i.id)).toEqual([item.id]);

    expect(authorised.every((path) => path.startsWith("/v1/"))).toBe(true);
    const group = Object.entries(OPERATIONS).filter(([name]) => name.startsWith("votes."));
    expect([...seen].filter((key) => group.some(([, op]) => `${op.method} ${op.path}` === key)).sort()).toEqual([...new Set(group.map(([, op]) => `${op.method} ${op.path}`))].sort());
  });
});
