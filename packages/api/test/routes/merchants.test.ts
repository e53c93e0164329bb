import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, enzymeTest, type Harness, type TestOrg, vegetableBatch } from "../harness";
import { count, createBatch, expectProblem, issue, json } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

/** A valid profile (USCC with a correct check character, Foshan Sanshui region). */
export const profile = (extra: Record<string, unknown> = {}) => ({
  uscc: "91440607MA4UJXKTX2",
  licence: { number: "JY24406070012345", validFrom: "2024-01-01", validUntil: "2029-12-31" },
  businessType: "restaurant",
  address: "西南街道广海大道 8 号",
  region: "440607",
  responsiblePerson: { name: "李明", title: "店长" },
  phone: "0757-87712345",
  openingHours: [{ days: ["mon", "tue", "wed", "thu", "fri"], opens: "10:00", closes: "22:00" }],
  ...extra,
});

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** An inspection body with the given total score; `failedKeys` key items failed. */
export const inspection = (totalScore: number, inspectedAt = daysAgo(10), failedKeys = 0) => ({
  inspector: { name: "王监督", id: "insp-007" },
  inspectedAt,
  totalScore,
  items: [
    { code: "K1", title: "许可证在有效期内", keyItem: true, passed: failedKeys < 1 },
    { code: "K2", title: "从业人员持有效健康证", keyItem: true, passed: failedKeys < 2 },
    { code: "G1", title: "餐具消毒", keyItem: false, passed: true, score: 8, maxScore: 10 },
  ],
  evidence: ["photo-001"],
});

async function business(role: "restaurant" | "stall" | "canteen" = "restaurant", extra: Record<string, unknown> = {}): Promise<TestOrg> {
  const org = await h.org(role);
  const reply = await h.call("PUT", `/v1/merchants/${org.id}/profile`, { key: org.key, json: profile({ businessType: role, ...extra }) });
  expect(reply.status, reply.text).toBe(200);
  return org;
}

const inspect = (regulator: TestOrg, org: TestOrg, body: unknown) => h.call("POST", `/v1/merchants/${org.id}/inspections`, { key: regulator.key, json: body });
const gradeOf = async (viewer: TestOrg, org: TestOrg) => (await h.call("GET", `/v1/merchants/${org.id}/grade`, { key: viewer.key })).body;

describe("PUT /v1/merchants/{orgId}/profile", () => {
  it("stores the profile of the business itself: licence state, region, opening hours; the organisation's USCC follows", async () => {
    const org = await h.org("restaurant");
    const reply = await h.call("PUT", `/v1/merchants/${org.id}/profile`, { key: org.key, json: profile() });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toMatchObject({ orgId: org.id, uscc: "91440607MA4UJXKTX2", licence: { number: "JY24406070012345", state: "valid" }, region: "440607", phone: "0757-87712345", warnings: [] });
    const me = await h.call("GET", "/v1/organisations/me", { key: org.key });
    expect(me.body).toMatchObject({ uscc: "91440607MA4UJXKTX2", region: "440607" });
    // Updating keeps one profile.
    const again = await h.call("PUT", `/v1/merchants/${org.id}/profile`, { key: org.key, json: profile({ address: "新地址 1 号" }) });
    expect(again.body.address).toBe("新地址 1 号");
    expect(await count(h, "merchant_profiles")).toBe(1);
  });

  it("validates the USCC (strict by default, lenient with a warning), the licence number, region and phone", async () => {
    const org = await h.org("restaurant");
    const put = (body: unknown) => h.call("PUT", `/v1/merchants/${org.id}/profile`, { key: org.key, json: body });
    expectProblem(await put(profile({ uscc: "91440607MA4UJXKTX3" })), 400, "invalid-request");
    const lenient = await put(profile({ uscc: "91440607MA4UJXKTX3", usccLenient: true }));
    expect(lenient.status, lenient.text).toBe(200);
    expect(lenient.body.warnings.join(" ")).toMatch(/check/i);
    expectProblem(await put(profile({ licence: { number: "XY123", validFrom: "2024-01-01", validUntil: "2025-01-01" } })), 400, "invalid-request");
    expectProblem(await put(profile({ region: "999999" })), 400, "invalid-request");
    expectProblem(await put(profile({ phone: "12345" })), 400, "invalid-request");
    expectProblem(await put(profile({ licence: { number: "JY24406070012345", validFrom: "2025-01-01", validUntil: "2024-01-01" } })), 400, "invalid-request");
  });

  it("must not: a grade cannot be typed in, another business cannot write the profile, regulators have none", async () => {
    const org = await h.org("restaurant");
    const other = await h.org("restaurant");
    const regulator = await h.org("regulator");
    expectProblem(await h.call("PUT", `/v1/merchants/${org.id}/profile`, { key: org.key, json: profile({ grade: "A" }) }), 400, "invalid-request");
    expectProblem(await h.call("PUT", `/v1/merchants/${org.id}/profile`, { key: other.key, json: profile() }), 403, "forbidden");
    expectProblem(await h.call("PUT", `/v1/merchants/${org.id}/profile`, { key: regulator.key, json: profile() }), 403, "forbidden");
    expectProblem(await h.call("PUT", `/v1/merchants/${regulator.id}/profile`, { key: regulator.key, json: profile() }), 400, "invalid-request");
    expect(await count(h, "merchant_profiles")).toBe(0);
  });
});

describe("inspections and computed grades", () => {
  it("a regulator records an inspection; the grade is computed from it, with the inspection as evidence", async () => {
    const org = await business();
    const regulator = await h.org("regulator");
    const reply = await inspect(regulator, org, inspection(9.2));
    expect(reply.status, reply.text).toBe(201);
    expect(reply.body.inspection).toMatchObject({ orgId: org.id, regulatorOrgId: regulator.id, totalScore: 9.2, keyItemsFailed: 0, inspector: { name: "王监督" }, evidence: ["photo-001"] });
    expect(reply.body.grade).toMatchObject({ grade: "A", reason: "graded", average: 9.2, display: { colour: "green", face: "smile", label: { "zh-CN": "优秀" } }, ruleSet: { id: "cn-catering-2012", jurisdiction: "CN", version: 1 } });
    expect(reply.body.grade.evidence).toEqual([expect.objectContaining({ id: reply.body.inspection.id, band: "excellent", score: 9.2 })]);
    expect(reply.body.changed).toBe(true);
    const file = await h.call("GET", `/v1/merchants/${org.id}`, { key: org.key });
    expect(file.body.gradeHistory).toEqual([expect.objectContaining({ seq: 1, grade: "A", inspectionIds: [reply.body.inspection.id], trigger: reply.body.inspection.id })]);
  });

  it("bands at every edge of the national rule set (12-month average; 8.95 is never rounded up)", async () => {
    const regulator = await h.org("regulator");
    const cases: Array<[number[], string | null]> = [
      [[9.0], "A"],
      [[8.9], "B"],
      [[9.0, 8.9], "B"], // 8.95
      [[7.5], "B"],
      [[7.4], "C"],
      [[7.5, 7.4], "C"], // 7.45
      [[6.0], "C"],
      [[5.9], null],
      [[10, 1.9], null], // 5.95
    ];
    for (const [scores, grade] of cases) {
      const org = await business();
      let last;
      for (const [i, score] of scores.entries()) last = await inspect(regulator, org, inspection(score, daysAgo(30 + i)));
      expect(last!.status, last!.text).toBe(201);
      expect({ scores, grade: last!.body.grade.grade }).toEqual({ scores, grade });
      if (grade === null) expect(last!.body.grade.reason).toBe("below-minimum");
    }
  });

  it("two failed key items give that inspection no band, its score still counts; inspections older than the window do not", async () => {
    const org = await business();
    const regulator = await h.org("regulator");
    const keyFail = await inspect(regulator, org, inspection(9.5, daysAgo(20), 2));
    expect(keyFail.body.grade.evidence[0]).toMatchObject({ band: "none", keyItemsFailed: 2 });
    expect(keyFail.body.grade.grade).toBe("A");
    const old = await inspect(regulator, org, inspection(3.0, daysAgo(400)));
    expect(old.status).toBe(201);
    expect(old.body.grade).toMatchObject({ grade: "A", average: 9.5 });
    expect(old.body.grade.evidence.map((item: { id: string }) => item.id)).toEqual([keyFail.body.inspection.id]);
  });

  it("Shanghai businesses are graded with the Shanghai rule set: A is 良好, green smile; B 一般 yellow flat; C 较差 red", async () => {
    const org = await business("restaurant", { region: "310112", uscc: "91310112MA1GBUG07Q" });
    const regulator = await h.org("regulator");
    const a = await inspect(regulator, org, inspection(9.6));
    expect(a.body.grade).toMatchObject({ grade: "A", display: { colour: "green", face: "smile", label: { "zh-CN": "良好", en: "Good" } }, ruleSet: { id: "cn-sh-catering", jurisdiction: "CN-SH" } });
    const b = await inspect(regulator, org, inspection(6.0, daysAgo(5)));
    expect(b.body.grade).toMatchObject({ grade: "B", display: { colour: "yellow", face: "flat", label: { "zh-CN": "一般" } } });
    const c = await inspect(regulator, org, inspection(3.0, daysAgo(4)));
    expect(c.body.grade).toMatchObject({ grade: "C", display: { colour: "red", face: "sad", label: { "zh-CN": "较差" } } });
    const history = (await gradeOf(org, org)).history;
    expect(history.map((change: { grade: string }) => change.grade)).toEqual(["C", "B", "A"]);
    expect(history[0].inspectionIds).toHaveLength(3);
  });

  it("a new rule set is data: a regulator adds a province's version, a recompute applies it and records the change", async () => {
    const org = await business();
    const regulator = await h.org("regulator");
    expect((await inspect(regulator, org, inspection(8.5))).body.grade.grade).toBe("B");
    const strictGd = {
      id: "cn-gd-catering",
      jurisdiction: "CN-GD",
      version: 1,
      effectiveFrom: "2020-01-01",
      name: { "zh-CN": "广东省餐饮量化分级（示例）", en: "Guangdong catering grading (example)" },
      inspectionBands: [{ band: "excellent", minTenths: 85 }, { band: "good", minTenths: 70 }, { band: "fair", minTenths: 60 }],
      keyItemFailureLimit: 1,
      windowMonths: 12,
      annualBands: [{ grade: "A", minTenths: 85 }, { grade: "B", minTenths: 70 }, { grade: "C", minTenths: 60 }],
      display: {
        A: { colour: "green", face: "smile", label: { "zh-CN": "优秀", en: "Excellent" } },
        B: { colour: "yellow", face: "flat", label: { "zh-CN": "良好", en: "Good" } },
        C: { colour: "red", face: "sad", label: { "zh-CN": "一般", en: "Fair" } },
      },
    };
    expectProblem(await h.call("POST", "/v1/grade-rule-sets", { key: org.key, json: strictGd }), 403, "forbidden");
    const added = await h.call("POST", "/v1/grade-rule-sets", { key: regulator.key, json: strictGd });
    expect(added.status, added.text).toBe(201);
    expectProblem(await h.call("POST", "/v1/grade-rule-sets", { key: regulator.key, json: strictGd }), 409, "conflict");
    expectProblem(await h.call("POST", "/v1/grade-rule-sets", { key: regulator.key, json: { ...strictGd, version: 2, inspectionBands: [{ band: "good", minTenths: 70 }, { band: "excellent", minTenths: 85 }] } }), 400, "invalid-request");
    const sets = await h.call("GET", "/v1/grade-rule-sets", { key: org.key });
    expect(sets.body.ruleSets.map((set: { id: string }) => set.id)).toEqual(["cn-catering-2012", "cn-sh-catering", "cn-gd-catering"]);

    // The live grade uses it at once; the history gets it from the recompute.
    expect((await gradeOf(org, org)).grade).toMatchObject({ grade: "A", ruleSet: { id: "cn-gd-catering", jurisdiction: "CN-GD" } });
    expectProblem(await h.call("POST", "/v1/grades/recompute", { key: org.key }), 403, "forbidden");
    const recompute = await h.call("POST", "/v1/grades/recompute", { key: regulator.key });
    expect(recompute.body).toEqual({ businesses: 1, changed: 1 });
    expect((await h.call("POST", "/v1/grades/recompute", { key: regulator.key })).body).toEqual({ businesses: 1, changed: 0 });
    const history = (await gradeOf(regulator, org)).history;
    expect(history.map((change: { grade: string; ruleSet: { id: string }; trigger: string }) => [change.grade, change.ruleSet.id, change.trigger])).toEqual([
      ["A", "cn-gd-catering", "recompute"],
      ["B", "cn-catering-2012", expect.stringMatching(/^insp_/)],
    ]);
  });

  it("must not: a business cannot record, change or delete inspections, or write its grade, even with every scope", async () => {
    const org = await business();
    const regulator = await h.org("regulator");
    const first = await inspect(regulator, org, inspection(5.0));
    const id = first.body.inspection.id;
    const market = await h.org("wholesale-market");
    for (const actor of [org, market]) {
      expectProblem(await inspect(actor, org, inspection(10)), 403, "forbidden");
    }
    expectProblem(await inspect(regulator, regulator, inspection(10)), 403, "forbidden");
    // No route changes a stored inspection or a grade.
    for (const [method, path, body] of [
      ["PUT", `/v1/merchants/${org.id}/inspections/${id}`, inspection(10)],
      ["DELETE", `/v1/merchants/${org.id}/inspections/${id}`, undefined],
      ["PATCH", `/v1/merchants/${org.id}/grade`, { grade: "A" }],
      ["PUT", `/v1/merchants/${org.id}/grade`, { grade: "A" }],
      ["POST", `/v1/merchants/${org.id}/grade`, { grade: "A" }],
    ] as const) {
      const reply = await h.call(method, path, { key: org.key, ...(body ? { json: body } : {}) });
      expect(reply.status, `${method} ${path}`).toBe(404);
    }
    // The business's key without inspections:write, and a regulator key without it.
    const limited = await h.org("regulator", { scopes: ["read"] });
    expectProblem(await inspect(limited, org, inspection(10)), 403, "forbidden");
    expect(await count(h, "inspections")).toBe(1);
    expect((await gradeOf(org, org)).grade.grade).toBe(null);
    expect((await h.call("GET", `/v1/merchants/${org.id}/inspections`, { key: org.key })).body.inspections).toHaveLength(1);
  });

  it("who reads a file: the business, its market, regulators; not another business", async () => {
    const market = await h.org("wholesale-market");
    const org = await h.org("stall", { marketId: market.id });
    await h.call("PUT", `/v1/merchants/${org.id}/profile`, { key: org.key, json: profile({ businessType: "stall" }) });
    const regulator = await h.org("regulator");
    const other = await h.org("restaurant");
    for (const reader of [org, market, regulator]) expect((await h.call("GET", `/v1/merchants/${org.id}`, { key: reader.key })).status).toBe(200);
    expectProblem(await h.call("GET", `/v1/merchants/${org.id}`, { key: other.key }), 403, "forbidden");
    expectProblem(await h.call("GET", `/v1/merchants/org_missing`, { key: regulator.key }), 404, "not-found");
  });
});

describe("health certificates", () => {
  it("the business adds them; its file counts valid, expiring (30 days) and expired", async () => {
    const org = await business();
    const today = new Date(Date.now() + 8 * 3600_000);
    const date = (days: number) => new Date(today.getTime() + days * 86_400_000).toISOString().slice(0, 10);
    const add = (issueDate: string, expiryDate?: string) => h.call("POST", "/v1/health-certificates", { key: org.key, json: { holderName: "张三", issuedBy: "三水区疾控中心", issueDate, ...(expiryDate ? { expiryDate } : {}) } });
    const fresh = await add(date(-10));
    expect(fresh.status, fresh.text).toBe(201);
    expect(fresh.body).toMatchObject({ state: "valid", holderName: "张三" });
    expect(fresh.body.expiryDate > date(340)).toBe(true);
    expect((await add(date(-350), date(10))).body.state).toBe("expiring");
    expect((await add(date(-400), date(-40))).body.state).toBe("expired");
    expectProblem(await add(date(-10), date(400)), 400, "invalid-request");
    const file = await h.call("GET", `/v1/merchants/${org.id}`, { key: org.key });
    expect(file.body.healthCertificates).toEqual({ valid: 1, expiring: 1, expired: 1 });
    const list = await h.call("GET", `/v1/merchants/${org.id}/health-certificates`, { key: org.key });
    expect(list.body.certificates.map((c: { state: string }) => c.state)).toEqual(["expired", "expiring", "valid"]);
  });
});

describe("merchant code (一店一码) and the public merchant page", () => {
  it("issues one signed merchant code per business; its URL opens the page with the live grade", async () => {
    const org = await business();
    const regulator = await h.org("regulator");
    expectProblem(await h.call("POST", `/v1/merchants/${(await h.org("restaurant")).id}/code`, { key: org.key }), 403, "forbidden");
    const issued = await h.call("POST", `/v1/merchants/${org.id}/code`, { key: org.key });
    expect(issued.status, issued.text).toBe(201);
    expect(issued.body.url).toMatch(/^http:\/\/localhost:8787\/m\/[1-9][0-9]+$/);
    const again = await h.call("POST", `/v1/merchants/${org.id}/code`, { key: regulator.key });
    expect(again.status).toBe(200);
    expect(again.body.url).toBe(issued.body.url);

    const path = issued.body.url.slice("http://localhost:8787".length);
    const none = await h.call("GET", path, { headers: json });
    expect(none.body).toMatchObject({ state: "valid", merchant: { id: org.id, licence: { state: "valid" } }, grade: { grade: null, reason: "no-inspections" }, report: { businessId: org.id, hotline: "12315" } });
    expect(none.body.verification).toMatchObject({ valid: true, voucher: { claims: { type: "merchant" } } });

    // The grade shows on the very next request after an inspection changes it.
    await inspect(regulator, org, inspection(9.5, daysAgo(40)));
    expect((await h.call("GET", path, { headers: json })).body.grade).toMatchObject({ grade: "A", display: { colour: "green" } });
    await inspect(regulator, org, inspection(4.0, daysAgo(2)));
    const c = await h.call("GET", path, { headers: json });
    expect(c.body.grade).toMatchObject({ grade: "C", display: { colour: "red", face: "sad" } });
    expect(c.body.inspections.map((i: { totalScore: number }) => i.totalScore)).toEqual([4, 9.5]);
    const page = await h.call("GET", `${path}?lang=en`);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.text).toContain('data-colour="red"');
    expect(page.text).toContain('data-face="sad"');
    expect(page.text).not.toContain("<script");
    expect(page.text).toContain("default-src 'none'");
  });

  it("shows health-certificate counts but never holders' names; shows the rapid tests of goods sold there", async () => {
    const market = await h.org("wholesale-market");
    const seller = await h.org("wholesaler", { marketId: market.id });
    const stall = await h.org("stall", { marketId: market.id });
    await h.call("PUT", `/v1/merchants/${stall.id}/profile`, { key: stall.key, json: profile({ businessType: "stall" }) });
    await h.call("POST", "/v1/health-certificates", { key: stall.key, json: { holderName: "保密的名字", issuedBy: "疾控中心", issueDate: new Date().toISOString().slice(0, 10) } });
    const root = await createBatch(h, seller, vegetableBatch());
    await h.call("POST", `/v1/batches/${root.code}/rapid-tests`, { key: market.key, json: enzymeTest(12) });
    const sale = await issue(h, seller, { batchCode: root.code, netWeightGrams: 5000, buyerOrgId: stall.id });
    await createBatch(h, stall, { ...vegetableBatch(5000), sourceVoucherCode: sale.code });
    const code = await h.call("POST", `/v1/merchants/${stall.id}/code`, { key: stall.key });
    const path = code.body.url.slice("http://localhost:8787".length);
    const view = await h.call("GET", path, { headers: json });
    expect(view.body.healthCertificates).toEqual({ valid: 1, expiring: 0, expired: 0 });
    expect(view.body.tests).toEqual([expect.objectContaining({ batchCode: root.code, productName: "菜心", outcome: "pass" })]);
    expect(view.text).not.toContain("保密的名字");
    expect((await h.call("GET", path)).text).not.toContain("保密的名字");
  });

  it("a tampered or foreign code is shown as not valid, with nothing about any business", async () => {
    const org = await business();
    const issued = await h.call("POST", `/v1/merchants/${org.id}/code`, { key: org.key });
    const path: string = issued.body.url.slice("http://localhost:8787".length);
    const i = path.length - 5;
    const tampered = path.slice(0, i) + ((Number(path[i]) + 1) % 10) + path.slice(i + 1);
    const reply = await h.call("GET", tampered, { headers: json });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ state: "invalid", problem: { code: expect.any(String) } });
    expect(reply.body.merchant).toBeUndefined();
    // A sale voucher's digits under /m/ are not a merchant code.
    const seller = await h.org("wholesaler");
    const sale = await issue(h, seller, {});
    const digits = sale.url.slice("http://localhost:8787/v/".length);
    expect((await h.call("GET", `/m/${digits}`, { headers: json })).body.state).toBe("invalid");
    expectProblem(await h.call("GET", "/m/abc"), 400, "invalid-voucher");
  });
});
