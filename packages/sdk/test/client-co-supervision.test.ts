/** The API client's co-supervisor task market methods (智慧协管). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../api/test/harness";
import { ShianApiError, ShianClient } from "../src/index";
import { operationKeys, recordRoutes, seenAmong } from "./route-recorder";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

describe("ShianClient: co-supervisor task market", () => {
  it("calls every co-supervision route with typed results", async () => {
    const { fetch, seen } = recordRoutes((request) => h.app.fetch(request));
    const regulator = new ShianClient({ baseUrl: "http://localhost:8787", apiKey: (await h.org("regulator")).key, fetch });
    const coOrg = await h.org("co-supervisor", { region: "350100", custodial: false });
    const co = new ShianClient({ baseUrl: "http://localhost:8787", apiKey: coOrg.key, fetch });

    const task = await regulator.coSupervision.post({ kind: "check-certificate", title: "核查合格证", region: "350102", deadline: new Date(Date.now() + 86_400_000).toISOString(), commissionFen: 3_000 });
    expect(task).toMatchObject({ status: "open", commissionFen: 3_000 });
    expect((await co.coSupervision.tasks()).map((t) => t.id)).toEqual([task.id]);
    expect((await co.coSupervision.claim(task.id)).claimedBy).toBe(coOrg.id);
    const again = await co.coSupervision.claim(task.id).catch((e) => e);
    expect(again).toBeInstanceOf(ShianApiError);
    expect(again).toMatchObject({ apiCode: "task-taken", status: 409 });
    expect((await co.coSupervision.tasks({ mine: true })).map((t) => t.id)).toEqual([task.id]);
    expect((await co.coSupervision.submitEvidence(task.id, { text: "合格证与批次一致。" })).status).toBe("submitted");
    expect((await regulator.coSupervision.task(task.id)).evidence?.text).toBe("合格证与批次一致。");
    expect((await regulator.coSupervision.review(task.id, { outcome: "approve" })).status).toBe("approved");
    const { scores } = await co.coSupervision.scores();
    expect(scores).toEqual([expect.objectContaining({ orgId: coOrg.id, approved: 1, commissionFen: 3_000 })]);

    const group = operationKeys((name) => name.startsWith("coSupervision."));
    expect(seenAmong(seen, group)).toEqual(group);
  });
});
