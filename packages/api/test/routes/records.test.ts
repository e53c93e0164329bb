import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, type TestOrg } from "../harness";
import { count, expectProblem } from "./helpers";

let h: Harness;
let now = Date.now();
beforeEach(async () => {
  now = Date.now();
  h = await createHarness({}, { now: () => new Date(now) });
});
afterEach(() => h.close());

const DAY = 86_400_000;
const date = (offsetDays: number) => new Date(now + 8 * 3600_000 + offsetDays * DAY).toISOString().slice(0, 10);
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

async function business(role: "restaurant" | "stall" | "supermarket", region = "440607", extra: Record<string, unknown> = {}): Promise<TestOrg> {
  const org = await h.org(role, { name: `${role} ${region}` });
  const reply = await h.call("PUT", `/v1/merchants/${org.id}/profile`, {
    key: org.key,
    json: { uscc: "91440607MA4UJXKTX2", businessType: role, address: "某路 1 号", region, responsiblePerson: { name: "李明" }, phone: "13800138000", licence: { number: "JY24406070012345", validFrom: "2024-01-01", validUntil: date(400) }, ...extra },
  });
  expect(reply.status, reply.text).toBe(200);
  return org;
}

const upload = (org: TestOrg, kind: string, title: string, body: Uint8Array, type: string) =>
  h.call("POST", `/v1/documents?kind=${kind}&title=${encodeURIComponent(title)}`, { key: org.key, body: body as BodyInit, headers: { "content-type": type } });

describe("uploads (blob store)", () => {
  it("stores a health certificate scan; the certificate references it; the business, its market and regulators read it back", async () => {
    const market = await h.org("wholesale-market");
    const stall = await h.org("stall", { marketId: market.id });
    const reply = await upload(stall, "health-certificate", "张三 健康证", PDF, "application/pdf");
    expect(reply.status, reply.text).toBe(201);
    expect(reply.body).toMatchObject({ orgId: stall.id, kind: "health-certificate", title: "张三 健康证", contentType: "application/pdf", size: PDF.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const cert = await h.call("POST", "/v1/health-certificates", { key: stall.key, json: { holderName: "张三", issuedBy: "疾控中心", issueDate: date(-5), documentRef: reply.body.id } });
    expect(cert.status, cert.text).toBe(201);
    expect(cert.body.documentRef).toBe(reply.body.id);
    const regulator = await h.org("regulator");
    for (const reader of [stall, market, regulator]) {
      const content = await h.call("GET", `/v1/documents/${reply.body.id}/content`, { key: reader.key });
      expect(content.status).toBe(200);
      expect(content.headers.get("content-type")).toBe("application/pdf");
      expect(content.text).toBe(new TextDecoder().decode(PDF));
    }
    expectProblem(await h.call("GET", `/v1/documents/${reply.body.id}`, { key: (await h.org("stall")).key }), 403, "forbidden");
    const listed = await h.call("GET", `/v1/merchants/${stall.id}/documents?kind=health-certificate`, { key: regulator.key });
    expect(listed.body.documents.map((d: { id: string }) => d.id)).toEqual([reply.body.id]);
  });

  it("enforces type and size limits, and references of the right kind", async () => {
    const org = await h.org("restaurant");
    expectProblem(await upload(org, "other", "x", new TextEncoder().encode("hello"), "text/plain"), 415, "unsupported-media-type");
    expectProblem(await upload(org, "other", "x", PDF, "image/png"), 415, "unsupported-media-type");
    expectProblem(await upload(org, "other", "x", new Uint8Array(), "application/pdf"), 400, "invalid-request");
    const big = new Uint8Array(8 * 1024 * 1024 + 1);
    big.set(PNG);
    expectProblem(await upload(org, "other", "x", big, "image/png"), 413, "payload-too-large");
    expectProblem(await upload(org, "secret", "x", PDF, "application/pdf"), 400, "invalid-request");
    expect((await upload(org, "licence", "许可证", PNG, "image/png")).status).toBe(201);
    const licence = (await h.call("GET", `/v1/merchants/${org.id}/documents`, { key: org.key })).body.documents[0];
    expectProblem(await h.call("POST", "/v1/health-certificates", { key: org.key, json: { holderName: "张三", issuedBy: "疾控", issueDate: date(-1), documentRef: licence.id } }), 400, "invalid-request");
    expect(await count(h, "documents")).toBe(1);
  });
});

describe("self-inspections", () => {
  it("are recorded against the business type's template, every item answered", async () => {
    const org = await business("restaurant");
    const templates = (await h.call("GET", "/v1/self-inspection-templates", { key: org.key })).body.templates;
    const catering = templates.find((t: { id: string }) => t.id === "catering-weekly-v1");
    expect(catering).toMatchObject({ everyDays: 7, businessTypes: ["restaurant", "canteen"] });
    const form = await upload(org, "self-inspection", "周排查表", PDF, "application/pdf");
    const items = catering.items.map((item: { code: string }) => ({ code: item.code, passed: item.code !== "C6", ...(item.code === "C6" ? { note: "冷柜 2 号 9℃" } : {}) }));
    const reply = await h.call("POST", "/v1/self-inspections", { key: org.key, json: { items, documentId: form.body.id } });
    expect(reply.status, reply.text).toBe(201);
    expect(reply.body).toMatchObject({ templateId: "catering-weekly-v1", passed: false, inspectedOn: date(0), documentId: form.body.id });
    expectProblem(await h.call("POST", "/v1/self-inspections", { key: org.key, json: { items: items.slice(1) } }), 400, "invalid-request");
    expectProblem(await h.call("POST", "/v1/self-inspections", { key: org.key, json: { items: [...items, { code: "X9", passed: true }] } }), 400, "invalid-request");
    expectProblem(await h.call("POST", "/v1/self-inspections", { key: org.key, json: { items, inspectedOn: date(3) } }), 400, "invalid-request");
    expect((await h.call("GET", `/v1/merchants/${org.id}/self-inspections`, { key: org.key })).body.selfInspections).toHaveLength(1);
  });
});

describe("regulators: queries, due reminders, archives", () => {
  it("query by region (province, city, county), type, grade and expiring licences; regulators only", async () => {
    const regulator = await h.org("regulator");
    const a = await business("restaurant", "440607");
    const b = await business("stall", "440606");
    const c = await business("restaurant", "310112", { uscc: "91310112MA1GBUG07Q", licence: { number: "JY23101120012345", validFrom: "2024-01-01", validUntil: date(10) } });
    const inspect = (org: TestOrg, score: number) => h.call("POST", `/v1/merchants/${org.id}/inspections`, { key: regulator.key, json: { inspector: { name: "王" }, totalScore: score, items: [{ code: "K1", title: "许可证", keyItem: true, passed: true }] } });
    await inspect(a, 9.5);
    await inspect(b, 7.0);
    const q = async (query: string) => ((await h.call("GET", `/v1/merchants?${query}`, { key: regulator.key })).body.merchants as Array<{ orgId: string; grade: string | null }>).map((m) => m.orgId).sort();
    expect(await q("")).toEqual([a.id, b.id, c.id].sort());
    expect(await q("region=440000")).toEqual([a.id, b.id].sort());
    expect(await q("region=440600")).toEqual([a.id, b.id].sort());
    expect(await q("region=440607")).toEqual([a.id]);
    expect(await q("type=restaurant")).toEqual([a.id, c.id].sort());
    expect(await q("grade=A")).toEqual([a.id]);
    expect(await q("grade=C")).toEqual([b.id]);
    expect(await q("grade=none")).toEqual([c.id]);
    expect(await q("licenceExpiringWithinDays=30")).toEqual([c.id]);
    expect(await q("type=restaurant&region=310000&licenceExpiringWithinDays=30")).toEqual([c.id]);
    const row = (await h.call("GET", "/v1/merchants?region=310112", { key: regulator.key })).body.merchants[0];
    expect(row).toMatchObject({ licenceState: "expiring", grade: null, businessType: "restaurant" });
    expectProblem(await h.call("GET", "/v1/merchants", { key: a.key }), 403, "forbidden");
    expectProblem(await h.call("GET", "/v1/merchants?grade=D", { key: regulator.key }), 400, "invalid-request");
  });

  it("query by grade follows the grade computed now: right after an inspection, a new rule set and a moving window, without a recompute", async () => {
    const regulator = await h.org("regulator");
    const a = await business("restaurant", "440607");
    const inspect = (score: number) => h.call("POST", `/v1/merchants/${a.id}/inspections`, { key: regulator.key, json: { inspector: { name: "王" }, totalScore: score, items: [{ code: "K1", title: "许可证", keyItem: true, passed: true }] } });
    const q = async (grade: string) => ((await h.call("GET", `/v1/merchants?grade=${grade}`, { key: regulator.key })).body.merchants as Array<{ orgId: string; grade: string | null }>).map((m) => `${m.orgId}:${m.grade}`);
    const recorded = async () => (await h.call("GET", `/v1/merchants/${a.id}/grade`, { key: regulator.key })).body.history[0]?.grade;
    expect(await q("none")).toEqual([`${a.id}:null`]);
    expect((await inspect(9.5)).status).toBe(201);
    expect(await q("A")).toEqual([`${a.id}:A`]);
    expect((await inspect(6.0)).status).toBe(201);
    // Average 7.75: B at once.
    expect(await q("B")).toEqual([`${a.id}:B`]);
    expect(await q("A")).toEqual([]);

    // Guangdong's own rule set from today: 7.75 is an A there. No recompute has run, so the
    // recorded history still says B; the query follows the computed grade.
    const gd = { id: "cn-gd-query", jurisdiction: "CN-GD", version: 1, effectiveFrom: date(0), name: { "zh-CN": "广东", en: "Guangdong" }, inspectionBands: [{ band: "excellent", minTenths: 75 }, { band: "fair", minTenths: 60 }], keyItemFailureLimit: 2, windowMonths: 12, annualBands: [{ grade: "A", minTenths: 75 }, { grade: "C", minTenths: 60 }], display: { A: { colour: "green", face: "smile", label: { "zh-CN": "优", en: "A" } }, B: { colour: "yellow", face: "flat", label: { "zh-CN": "良", en: "B" } }, C: { colour: "red", face: "sad", label: { "zh-CN": "中", en: "C" } } } };
    expect((await h.call("POST", "/v1/grade-rule-sets", { key: regulator.key, json: gd })).status).toBe(201);
    expect(await q("A")).toEqual([`${a.id}:A`]);
    expect(await q("B")).toEqual([]);
    expect(await recorded()).toBe("B");
    const listed = (await h.call("GET", "/v1/merchants", { key: regulator.key })).body.merchants;
    expect(listed).toMatchObject([{ orgId: a.id, grade: "A" }]);

    // Thirteen months on, both inspections have left the window: no grade.
    now += 400 * DAY;
    expect(await q("A")).toEqual([]);
    expect(await q("none")).toEqual([`${a.id}:null`]);
    expect(await recorded()).toBe("B");
  });

  it("due reminders: licences and health certificates expiring or expired, self-inspections overdue", async () => {
    const regulator = await h.org("regulator");
    const a = await business("restaurant", "440607", { licence: { number: "JY24406070012345", validFrom: "2024-01-01", validUntil: date(12) } });
    const b = await business("supermarket", "440606");
    await h.call("POST", "/v1/health-certificates", { key: b.key, json: { holderName: "甲", issuedBy: "疾控", issueDate: date(-355) } });
    await h.call("POST", "/v1/health-certificates", { key: b.key, json: { holderName: "乙", issuedBy: "疾控", issueDate: date(-400), expiryDate: date(-36) } });
    await h.call("POST", "/v1/health-certificates", { key: b.key, json: { holderName: "丙", issuedBy: "疾控", issueDate: date(-10) } });
    const items = (templateId: string) => h.call("GET", "/v1/self-inspection-templates", { key: b.key }).then((r) => r.body.templates.find((t: { id: string }) => t.id === templateId).items.map((i: { code: string }) => ({ code: i.code, passed: true })));
    await h.call("POST", "/v1/self-inspections", { key: b.key, json: { items: await items("retail-weekly-v1") } });
    now += 9 * DAY; // a's weekly self-inspection, never done, is now overdue; b's from 9 days ago too.
    const list = (await h.call("GET", "/v1/reminders", { key: regulator.key })).body.reminders as Array<{ orgId: string; kind: string; dueDate: string; count?: number }>;
    const of = (org: TestOrg) => list.filter((r) => r.orgId === org.id).map((r) => [r.kind, r.count ?? null]).sort();
    expect(of(a)).toEqual([["licence-expiring", null], ["self-inspection-overdue", null]]);
    expect(of(b)).toEqual([["health-certificate-expired", 1], ["health-certificate-expiring", 1], ["self-inspection-overdue", null]]);
    expect(list.find((r) => r.orgId === a.id && r.kind === "licence-expiring")?.dueDate).toBe(date(3));
    // The list is sorted by due date; a region narrows it; a business sees only its own.
    expect([...list].sort((x, y) => (x.dueDate < y.dueDate ? -1 : x.dueDate > y.dueDate ? 1 : 0)).map((r) => r.dueDate)).toEqual(list.map((r) => r.dueDate));
    expect(new Set(((await h.call("GET", "/v1/reminders?region=440606", { key: regulator.key })).body.reminders as Array<{ orgId: string }>).map((r) => r.orgId))).toEqual(new Set([b.id]));
    expect(new Set(((await h.call("GET", "/v1/reminders", { key: a.key })).body.reminders as Array<{ orgId: string }>).map((r) => r.orgId))).toEqual(new Set([a.id]));
  });

  it("exports a business's archive as one JSON bundle and as a printable page", async () => {
    const regulator = await h.org("regulator");
    const org = await business("restaurant");
    await h.call("POST", `/v1/merchants/${org.id}/inspections`, { key: regulator.key, json: { inspector: { name: "王监督" }, totalScore: 9.1, items: [{ code: "K1", title: "许可证", keyItem: true, passed: true }] } });
    await h.call("POST", "/v1/health-certificates", { key: org.key, json: { holderName: "张三", issuedBy: "疾控中心", issueDate: date(-5) } });
    await upload(org, "purchase-inspection", "11 月进货查验", PDF, "application/pdf");
    await h.call("POST", "/v1/ledger", { key: org.key, json: { productName: "生抽", specification: "500ml/瓶", quantity: { value: 6, unit: "piece" }, productionDate: date(-30), shelfLifeDays: 540, purchaseDate: date(-1), supplier: { name: "粮油商行", address: "三水区 5 号", phone: "0757-87700001" } } });
    await h.call("POST", `/v1/merchants/${org.id}/code`, { key: org.key });
    const reply = await h.call("GET", `/v1/merchants/${org.id}/archive`, { key: regulator.key });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.headers.get("content-disposition")).toMatch(/^attachment; filename="archive-/);
    expect(reply.body).toMatchObject({
      format: "shian-merchant-archive/1",
      organisation: { id: org.id },
      profile: { uscc: "91440607MA4UJXKTX2" },
      merchantCode: { url: expect.stringContaining("/m/") },
      grade: { grade: "A" },
      gradeHistory: [expect.objectContaining({ grade: "A" })],
      inspections: [expect.objectContaining({ totalScore: 9.1 })],
      healthCertificates: [expect.objectContaining({ holderName: "张三" })],
      documents: [expect.objectContaining({ kind: "purchase-inspection", content: expect.stringMatching(/^\/v1\/documents\/doc_/) })],
      purchaseLedger: [expect.objectContaining({ productName: "生抽" })],
      certificatesIssued: [],
    });
    const page = await h.call("GET", `/v1/merchants/${org.id}/archive?format=html`, { key: org.key });
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    for (const text of ["一户一档", "91440607MA4UJXKTX2", "王监督", "张三", "生抽", "11 月进货查验", "@page"]) expect(page.text).toContain(text);
    expect(page.text).not.toContain("<script");
    expectProblem(await h.call("GET", `/v1/merchants/${org.id}/archive`, { key: (await h.org("restaurant")).key }), 403, "forbidden");
  });
});
