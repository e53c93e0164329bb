import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { coTasks } from "../../src/db/schema/index";
import { createHarness, type Harness, type TestOrg } from "../harness";
import { expectProblem } from "./helpers";

let h: Harness;
let now = Date.parse("2026-04-30T15:00:00Z"); // 30 April, 23:00 in China
beforeEach(async () => {
  now = Date.parse("2026-04-30T15:00:00Z");
  h = await createHarness({}, { now: () => new Date(now) });
});
afterEach(() => h.close());

const HOUR = 3_600_000;
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

const coSupervisor = (region = "350102") => h.org("co-supervisor", { region, custodial: false });
const task = (extra: Record<string, unknown> = {}) => ({
  kind: "inspect-stall",
  title: "检查 7 号摊位的进货台账",
  region: "350102",
  deadline: new Date(now + 48 * HOUR).toISOString(),
  commissionFen: 5_000,
  ...extra,
});
async function post(regulator: TestOrg, extra: Record<string, unknown> = {}) {
  const reply = await h.call("POST", "/v1/co-tasks", { key: regulator.key, json: task(extra) });
  expect(reply.status, reply.text).toBe(201);
  return reply.body.id as string;
}
const claim = (org: TestOrg, id: string) => h.call("POST", `/v1/co-tasks/${id}/claim`, { key: org.key });
const submit = (org: TestOrg, id: string, body: Record<string, unknown> = { text: "台账齐全，冷柜温度 3 ℃。" }) => h.call("POST", `/v1/co-tasks/${id}/evidence`, { key: org.key, json: body });
const review = (org: TestOrg, id: string, outcome: "approve" | "reject", note?: string) => h.call("POST", `/v1/co-tasks/${id}/review`, { key: org.key, json: { outcome, ...(note ? { note } : {}) } });

describe("co-supervisor task market (智慧协管)", () => {
  it("post, list in region, claim, submit evidence with an upload, approve, score", async () => {
    const regulator = await h.org("regulator");
    const fuzhou = await coSupervisor("350100"); // the whole city
    const gulou = await coSupervisor("350102");
    const xiamen = await coSupervisor("350200");
    const id = await post(regulator);
    expect((await h.call("GET", `/v1/co-tasks/${id}`, { key: regulator.key })).body).toMatchObject({ id, status: "open", region: "350102", commissionFen: 5_000, claimedBy: null, evidence: null });

    const ids = async (org: TestOrg, query = "") => (await h.call("GET", `/v1/co-tasks${query}`, { key: org.key })).body.tasks.map((t: { id: string }) => t.id);
    expect(await ids(fuzhou)).toEqual([id]);
    expect(await ids(gulou)).toEqual([id]);
    expect(await ids(xiamen)).toEqual([]);
    expectProblem(await h.call("GET", `/v1/co-tasks/${id}`, { key: xiamen.key }), 403, "forbidden");

    const claimed = await claim(gulou, id);
    expect(claimed.status, claimed.text).toBe(200);
    expect(claimed.body).toMatchObject({ status: "claimed", claimedBy: gulou.id });
    expect(await ids(fuzhou)).toEqual([]);
    expect(await ids(gulou, "?mine=true")).toEqual([id]);

    const upload = await h.call("POST", `/v1/documents?kind=other&title=${encodeURIComponent("台账照片")}`, { key: gulou.key, body: PDF as BodyInit, headers: { "content-type": "application/pdf" } });
    expect(upload.status, upload.text).toBe(201);
    const others = await h.call("POST", `/v1/documents?kind=other&title=x`, { key: fuzhou.key, body: PDF as BodyInit, headers: { "content-type": "application/pdf" } });
    expectProblem(await submit(gulou, id, { text: "x", documentIds: [others.body.id] }), 400, "invalid-request");
    expectProblem(await submit(fuzhou, id), 403, "forbidden");
    now += HOUR;
    const submitted = await submit(gulou, id, { text: "台账齐全。", documentIds: [upload.body.id] });
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.body).toMatchObject({ status: "submitted", evidence: { text: "台账齐全。", documentIds: [upload.body.id] } });
    expectProblem(await submit(gulou, id), 409, "conflict");

    now += HOUR; // 1 May in China: the review counts for May
    const approved = await review(regulator, id, "approve", "好");
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body).toMatchObject({ status: "approved", reviewedBy: regulator.id, reviewNote: "好" });
    expectProblem(await review(regulator, id, "approve"), 409, "conflict");

    const scores = await h.call("GET", "/v1/co-supervision/scores", { key: regulator.key });
    expect(scores.body).toEqual({ month: "2026-05", scores: [{ orgId: gulou.id, month: "2026-05", approved: 1, rejected: 0, onTime: 1, onTimeRate: 1, commissionFen: 5_000, score: 100 }] });
    expect((await h.call("GET", "/v1/co-supervision/scores?month=2026-04", { key: regulator.key })).body.scores).toEqual([]);
    expect((await h.call("GET", "/v1/co-supervision/scores", { key: gulou.key })).body.scores).toHaveLength(1);
    expect((await h.call("GET", "/v1/co-supervision/scores", { key: fuzhou.key })).body.scores).toEqual([]);
    expectProblem(await h.call("GET", `/v1/co-supervision/scores?orgId=${gulou.id}`, { key: fuzhou.key }), 403, "forbidden");
  });

  it("ten parallel claims of one task: exactly one wins", async () => {
    const regulator = await h.org("regulator");
    const id = await post(regulator);
    const claimants = await Promise.all(Array.from({ length: 10 }, () => coSupervisor()));
    const replies = await Promise.all(claimants.map((org) => claim(org, id)));
    const winners = replies.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    for (const reply of replies.filter((r) => r.status !== 200)) expectProblem(reply, 409, "task-taken");
    const row = (await h.db.select().from(coTasks).all())[0]!;
    expect(row).toMatchObject({ status: "claimed", claimedBy: winners[0]!.body.claimedBy });
  });

  it("must not: claim outside the region, claim a claimed task, approve one's own task, post or approve as a non-regulator", async () => {
    const regulator = await h.org("regulator");
    const stall = await h.org("stall");
    const mine = await coSupervisor();
    const other = await coSupervisor();
    const outside = await coSupervisor("440607");
    expectProblem(await h.call("POST", "/v1/co-tasks", { key: stall.key, json: task() }), 403, "forbidden");
    expectProblem(await h.call("POST", "/v1/co-tasks", { key: mine.key, json: task() }), 403, "forbidden");
    const id = await post(regulator);

    expectProblem(await claim(outside, id), 403, "forbidden");
    expectProblem(await claim(stall, id), 403, "forbidden");
    expectProblem(await claim(regulator, id), 403, "forbidden");
    expect((await claim(mine, id)).status).toBe(200);
    expectProblem(await claim(other, id), 409, "task-taken");
    expectProblem(await claim(mine, id), 409, "task-taken");
    expect((await submit(mine, id)).status).toBe(200);

    expectProblem(await review(mine, id, "approve"), 403, "forbidden");
    expectProblem(await review(other, id, "approve"), 403, "forbidden");
    expectProblem(await review(stall, id, "approve"), 403, "forbidden");
    expect((await h.call("GET", `/v1/co-tasks/${id}`, { key: regulator.key })).body.status).toBe("submitted");
    expectProblem(await h.call("GET", "/v1/co-tasks?status=submitted", { key: mine.key }), 403, "forbidden");

    // A co-supervisor is created with the region it works in.
    expectProblem(await h.call("POST", "/v1/organisations", { key: (await h.org("admin", { scopes: ["read", "orgs:admin"] })).key, json: { name: "协管员", role: "co-supervisor" } }), 400, "invalid-request");
    // Validation: a past deadline, an unknown region.
    expectProblem(await h.call("POST", "/v1/co-tasks", { key: regulator.key, json: task({ deadline: new Date(now - HOUR).toISOString() }) }), 400, "invalid-request");
    expectProblem(await h.call("POST", "/v1/co-tasks", { key: regulator.key, json: task({ region: "999999" }) }), 400, "invalid-request");
  });

  it("rejected evidence reopens the task before the deadline and closes it after; late evidence counts in the on-time rate", async () => {
    const regulator = await h.org("regulator");
    const [a, b] = [await coSupervisor(), await coSupervisor()];
    const id = await post(regulator, { deadline: new Date(now + 3 * HOUR).toISOString() });
    await claim(a, id);
    await submit(a, id);
    const rejected = await review(regulator, id, "reject", "照片看不清");
    expect(rejected.body).toMatchObject({ status: "open", claimedBy: null, evidence: null, rejections: 1, reviewNote: "照片看不清" });
    expect((await claim(b, id)).status).toBe(200);
    now += 4 * HOUR; // past the deadline: late evidence is taken, counted late
    expect((await submit(b, id)).status).toBe(200);
    expect((await review(regulator, id, "approve")).body.status).toBe("approved");

    const late = await post(regulator, { deadline: new Date(now + HOUR).toISOString(), commissionFen: 800 });
    await claim(a, late);
    now += 2 * HOUR;
    await submit(a, late);
    const closed = await review(regulator, late, "reject");
    expect(closed.body).toMatchObject({ status: "closed", rejections: 1 });
    expectProblem(await claim(b, late), 409, "task-taken");

    const scores = (await h.call("GET", "/v1/co-supervision/scores", { key: regulator.key })).body;
    expect(scores.month).toBe("2026-05");
    expect(scores.scores).toEqual([
      { orgId: b.id, month: "2026-05", approved: 1, rejected: 0, onTime: 0, onTimeRate: 0, commissionFen: 5_000, score: 0 },
      { orgId: a.id, month: "2026-05", approved: 0, rejected: 1, onTime: 0, onTimeRate: 0, commissionFen: 0, score: 0 },
    ]);
    // The first rejection was at 23:00 on 30 April, China time.
    expect((await h.call("GET", `/v1/co-supervision/scores?month=2026-04&orgId=${a.id}`, { key: regulator.key })).body.scores).toEqual([expect.objectContaining({ orgId: a.id, rejected: 1, approved: 0 })]);
  });

  it("a task past its deadline cannot be claimed and leaves the open list", async () => {
    const regulator = await h.org("regulator");
    const co = await coSupervisor();
    const id = await post(regulator, { deadline: new Date(now + HOUR).toISOString() });
    now += 2 * HOUR;
    expect((await h.call("GET", "/v1/co-tasks", { key: co.key })).body.tasks).toEqual([]);
    expectProblem(await claim(co, id), 409, "task-taken");
  });

  it("turns a public vote item into a task, once", async () => {
    const regulator = await h.org("regulator");
    const { token } = (await h.call("POST", "/votes/token")).body;
    const item = (await h.call("POST", "/votes/items", { json: { token, kind: "product-type", name: "韭菜", region: "350102" } })).body;
    const id = await post(regulator, { kind: "sample-test", title: "韭菜抽检", voteItemId: item.id });
    expect((await h.call("GET", `/v1/co-tasks/${id}`, { key: regulator.key })).body.voteItemId).toBe(item.id);
    expect((await h.call("GET", "/votes?status=adopted")).body.items).toEqual([expect.objectContaining({ id: item.id, status: "adopted", taskId: id })]);
    expectProblem(await h.call("POST", "/v1/co-tasks", { key: regulator.key, json: task({ voteItemId: item.id }) }), 409, "conflict");
    expect(await h.db.select().from(coTasks).all()).toHaveLength(1);
    expectProblem(await h.call("POST", "/v1/co-tasks", { key: regulator.key, json: task({ voteItemId: "vti_nope" }) }), 404, "not-found");
  });
});
