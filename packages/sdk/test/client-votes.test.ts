/** The API client's public vote methods (你点我查): the public's calls carry no API key. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../api/test/harness";
import { ShianApiError, ShianClient } from "../src/index";
import { operationKeys, recordRoutes, seenAmong } from "./route-recorder";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

describe("ShianClient: public votes", () => {
  it("calls every vote route with typed results", async () => {
    const { fetch, seen, authorised } = recordRoutes((request) => h.app.fetch(request));
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
    const group = operationKeys((name) => name.startsWith("votes."));
    expect(seenAmong(seen, group)).toEqual(group);
  });
});
