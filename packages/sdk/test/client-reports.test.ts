/** The API client's anonymous report methods (吹哨人): the reporter's calls carry no API key. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../api/test/harness";
import { ShianApiError, ShianClient } from "../src/index";
import { operationKeys, recordRoutes, seenAmong } from "./route-recorder";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

const GROUP = /^reports\./;
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xda, 0x00, 0x04, 0x00, 0x00, 0x12, 0x34, 0xff, 0xd9]);

describe("ShianClient: anonymous reports", () => {
  it("calls every report route with typed results", async () => {
    const { fetch, seen, authorised } = recordRoutes((request) => h.app.fetch(request));
    const regulatorOrg = await h.org("regulator");
    const business = await h.org("restaurant");
    const regulator = new ShianClient({ baseUrl: "http://localhost:8787", apiKey: regulatorOrg.key, fetch });
    // The reporter's client has a key configured, and still sends it nowhere on the public routes.
    const reporter = new ShianClient({ baseUrl: "http://localhost:8787", apiKey: business.key, fetch });

    const evidence = await reporter.reports.uploadEvidence(JPEG, "image/jpeg");
    const submitted = await reporter.reports.submit({ target: { kind: "business", businessId: business.id }, category: "poor-hygiene", description: "后厨老鼠出没，食材直接放在地上。", evidenceRefs: [evidence.id], identityCode: "Client2026", password: "client pass 1" });
    expect(submitted).toMatchObject({ identityCode: "CLIENT2026", status: "received", evidenceCount: 1 });
    expect(await reporter.reports.follow({ identityCode: "Client2026", password: "client pass 1" })).toEqual([expect.objectContaining({ id: submitted.id, status: "received" })]);
    const wrong = await reporter.reports.follow({ identityCode: "Client2026", password: "client pass 2" }).catch((e) => e);
    expect(wrong).toBeInstanceOf(ShianApiError);
    expect(wrong).toMatchObject({ apiCode: "report-credentials", status: 401 });

    expect((await regulator.reports.list({ status: "received" })).map((r) => r.id)).toContain(submitted.id);
    expect((await regulator.reports.get(submitted.id)).evidence).toHaveLength(1);
    expect((await regulator.reports.triage(submitted.id, { status: "investigating" })).status).toBe("investigating");
    const inspection = await h.call("POST", `/v1/merchants/${business.id}/inspections`, {
      key: regulatorOrg.key,
      json: { inspector: { name: "王监督" }, totalScore: 5, items: [{ code: "G1", title: "防鼠设施", keyItem: false, passed: false, score: 0, maxScore: 10 }], evidence: [] },
    });
    expect(inspection.status, inspection.text).toBe(201);
    expect((await regulator.reports.linkInspection(submitted.id, inspection.body.inspection.id)).inspectionId).toBe(inspection.body.inspection.id);
    const closed = await regulator.reports.close(submitted.id, { outcome: "substantiated", fineYuan: 80_000, tier: "2" });
    expect(closed.reward).toMatchObject({ rewardFen: 300_000, reward: "¥3,000.00" });
    const claimed = await reporter.reports.claim({ identityCode: "Client2026", password: "client pass 1" });
    expect(claimed).toMatchObject({ reportId: submitted.id, rewardFen: 300_000, claimReference: expect.stringMatching(/^RC/) });

    expect(authorised.every((path) => path.startsWith("/v1/"))).toBe(true);
    const group = operationKeys((name) => GROUP.test(name));
    expect(seenAmong(seen, group)).toEqual(group);
  });
});
