import { whistleblowerReward } from "@shian/schemas";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addWorkingDays } from "../../src/services/reports";
import { createHarness, type Harness, type TestOrg } from "../harness";
import { expectProblem } from "./helpers";

let h: Harness;
let now = Date.parse("2026-03-02T02:00:00Z"); // a Monday, 10:00 in China
beforeEach(async () => {
  now = Date.parse("2026-03-02T02:00:00Z");
  h = await createHarness({}, { now: () => new Date(now) });
});
afterEach(() => h.close());

const DAY = 86_400_000;
const CODE = "Lotus2026";
const PASSWORD = "green tea 42";

const profile = {
  uscc: "91440607MA4UJXKTX2",
  licence: { number: "JY24406070012345", validFrom: "2024-01-01", validUntil: "2029-12-31" },
  businessType: "restaurant",
  address: "西南街道广海大道 8 号",
  region: "440607",
  responsiblePerson: { name: "李明", title: "店长" },
  phone: "0757-87712345",
};
const inspectionBody = () => ({
  inspector: { name: "王监督", id: "insp-007" },
  inspectedAt: new Date(now - DAY).toISOString(),
  totalScore: 6.5,
  items: [
    { code: "K1", title: "许可证在有效期内", keyItem: true, passed: true },
    { code: "G1", title: "餐具消毒", keyItem: false, passed: false, score: 2, maxScore: 10 },
  ],
  evidence: ["photo-001"],
});

async function restaurant(): Promise<TestOrg> {
  const org = await h.org("restaurant");
  const reply = await h.call("PUT", `/v1/merchants/${org.id}/profile`, { key: org.key, json: profile });
  expect(reply.status, reply.text).toBe(200);
  return org;
}

const report = (businessId: string, identityCode = CODE, password = PASSWORD, extra: Record<string, unknown> = {}) => ({
  target: { kind: "business", businessId },
  category: "expired-food",
  description: "后厨冰柜里的鸡肉已过期两周仍在使用。",
  identityCode,
  password,
  ...extra,
});
const submit = (body: unknown, headers: Record<string, string> = {}) => h.call("POST", "/reports", { json: body, headers });
const follow = (identityCode: string, password: string) => h.call("POST", "/reports/status", { json: { identityCode, password } });
const claim = (identityCode: string, password: string, reportId?: string) => h.call("POST", "/reports/claim", { json: { identityCode, password, ...(reportId ? { reportId } : {}) } });

/** A JPEG whose APP1 segment carries EXIF with GPS-like text; the scan data follows SOS. */
function jpegWithExif(): Uint8Array {
  const exif = new TextEncoder().encode("Exif\0\0GPS 23.0339N 113.1195E SerialNumber 123456");
  const app1 = [0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 0xff, ...exif];
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  const sos = [0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x12, 0x34, 0x56, 0xff, 0xd9];
  return new Uint8Array([0xff, 0xd8, ...app0, ...app1, ...sos]);
}

async function regulatorCase() {
  const regulator = await h.org("regulator");
  const business = await restaurant();
  const inspected = await h.call("POST", `/v1/merchants/${business.id}/inspections`, { key: regulator.key, json: inspectionBody() });
  expect(inspected.status, inspected.text).toBe(201);
  return { regulator, business, inspectionId: inspected.body.inspection.id as string };
}

/** Submits, links and closes a report as substantiated; returns its id and the reporter's reward. */
async function closedWithFine(c: Awaited<ReturnType<typeof regulatorCase>>, fineYuan: number, tier: "1" | "2" | "3", code = CODE) {
  const created = await submit(report(c.business.id, code));
  expect(created.status, created.text).toBe(201);
  const id = created.body.id as string;
  expect((await h.call("POST", `/v1/reports/${id}/inspection`, { key: c.regulator.key, json: { inspectionId: c.inspectionId } })).status).toBe(200);
  const closed = await h.call("POST", `/v1/reports/${id}/close`, { key: c.regulator.key, json: { outcome: "substantiated", fineYuan, tier } });
  expect(closed.status, closed.text).toBe(200);
  return { id, reward: closed.body.reward };
}

describe("anonymous reports: end to end", () => {
  it("report with evidence → follow → triage → inspection → close with a fine → reward → claim once, by the deadline", async () => {
    const c = await regulatorCase();

    // Evidence: camera data is stripped before the bytes are stored.
    const photo = jpegWithExif();
    const evidence = await h.call("POST", "/reports/evidence", { body: photo as BodyInit, headers: { "content-type": "image/jpeg" } });
    expect(evidence.status, evidence.text).toBe(201);
    expect(evidence.body.size).toBeLessThan(photo.length);
    const stored = await h.services.reports.evidenceContent({ orgId: c.regulator.id, role: "regulator", namespace: 0, marketId: null, scopes: ["read"], apiKeyId: "k" }, "none", evidence.body.id).catch((e) => e);
    expect(stored.code).toBe("not-found"); // not yet part of a report

    const created = await submit(report(c.business.id, CODE, PASSWORD, { evidenceRefs: [evidence.body.id] }));
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ identityCode: CODE.toUpperCase(), status: "received", submittedOn: "2026-03-02", evidenceCount: 1 });
    const id = created.body.id;
    // The evidence is used up.
    expectProblem(await submit(report(c.business.id, "Other2026", PASSWORD, { evidenceRefs: [evidence.body.id] })), 400, "invalid-request");

    let mine = await follow(CODE.toLowerCase(), PASSWORD); // codes are case-insensitive
    expect(mine.status, mine.text).toBe(200);
    expect(mine.body.reports).toEqual([expect.objectContaining({ id, status: "received", evidenceCount: 1, reward: null })]);

    const listed = await h.call("GET", "/v1/reports?status=received", { key: c.regulator.key });
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.reports.map((r: { id: string }) => r.id)).toEqual([id]);
    expect(listed.body.reports[0]).toMatchObject({ targetOrgId: c.business.id, evidence: [{ id: evidence.body.id, contentType: "image/jpeg" }] });
    const file = await h.call("GET", `/v1/reports/${id}/evidence/${evidence.body.id}`, { key: c.regulator.key });
    expect(file.status).toBe(200);
    expect(file.text).not.toContain("GPS");
    expect(file.text).not.toContain("Exif");

    const triaged = await h.call("POST", `/v1/reports/${id}/triage`, { key: c.regulator.key, json: { status: "investigating", note: "assigned to the Sanshui team" } });
    expect(triaged.body).toMatchObject({ status: "investigating", triageNote: "assigned to the Sanshui team" });
    // Substantiated needs the inspection that found it.
    expectProblem(await h.call("POST", `/v1/reports/${id}/close`, { key: c.regulator.key, json: { outcome: "substantiated", fineYuan: 200_000, tier: "1" } }), 409, "conflict");
    const other = await h.org("restaurant");
    const foreign = await h.call("POST", `/v1/merchants/${other.id}/inspections`, { key: c.regulator.key, json: inspectionBody() });
    expectProblem(await h.call("POST", `/v1/reports/${id}/inspection`, { key: c.regulator.key, json: { inspectionId: foreign.body.inspection.id } }), 400, "invalid-request");
    const linked = await h.call("POST", `/v1/reports/${id}/inspection`, { key: c.regulator.key, json: { inspectionId: c.inspectionId } });
    expect(linked.body.inspectionId).toBe(c.inspectionId);

    const closed = await h.call("POST", `/v1/reports/${id}/close`, { key: c.regulator.key, json: { outcome: "substantiated", fineYuan: 200_000, tier: "1" } });
    expect(closed.status, closed.text).toBe(200);
    // 5% of ¥200,000; notice on Monday 2 March, 30 working days later is Monday 13 April.
    expect(closed.body).toMatchObject({ status: "closed", outcome: "substantiated", reward: { tier: "1", fineYuan: 200_000, rewardFen: 1_000_000, reward: "¥10,000.00", claimDeadline: "2026-04-13", claimedAt: null } });
    expectProblem(await h.call("POST", `/v1/reports/${id}/triage`, { key: c.regulator.key, json: { status: "investigating" } }), 409, "conflict");

    mine = await follow(CODE, PASSWORD);
    expect(mine.body.reports[0]).toMatchObject({ status: "closed", outcome: "substantiated", reward: { rewardFen: 1_000_000, claimDeadline: "2026-04-13" } });

    now += 20 * DAY; // still within 30 working days
    const claimed = await claim(CODE, PASSWORD);
    expect(claimed.status, claimed.text).toBe(200);
    expect(claimed.body).toMatchObject({ reportId: id, rewardFen: 1_000_000, reward: "¥10,000.00", claimReference: expect.stringMatching(/^RC[0-9A-F]{16}$/) });
    expectProblem(await claim(CODE, PASSWORD), 409, "already-claimed");
    expect((await h.call("GET", `/v1/reports/${id}`, { key: c.regulator.key })).body.reward).toMatchObject({ claimReference: claimed.body.claimReference, claimedAt: expect.any(String) });
    expect((await follow(CODE, PASSWORD)).body.reports[0].reward.claimReference).toBe(claimed.body.claimReference);
  });

  it("refuses a claim after the deadline, and a claim where there is no reward", async () => {
    const c = await regulatorCase();
    const { id } = await closedWithFine(c, 50_000, "2", "Late2026");
    const deadline = addWorkingDays("2026-03-02", 30);
    expect(deadline).toBe("2026-04-13");
    now = Date.parse(`${deadline}T15:59:00Z`); // 23:59 on the last day in China: still in time to look
    expect((await follow("Late2026", PASSWORD)).body.reports[0].reward.claimDeadline).toBe(deadline);
    now = Date.parse(`${deadline}T16:00:00Z`); // 00:00 the next day in China
    expectProblem(await claim("Late2026", PASSWORD, id), 409, "claim-deadline-passed");

    const none = await submit(report(c.business.id, "Nothing2026"));
    await h.call("POST", `/v1/reports/${none.body.id}/close`, { key: c.regulator.key, json: { outcome: "unsubstantiated" } });
    expectProblem(await claim("Nothing2026", PASSWORD), 409, "no-reward");
  });

  it("computes the reward with the 2021 tiers at their boundaries (percent, minimum, cap)", async () => {
    const c = await regulatorCase();
    const cases: Array<[number, "1" | "2" | "3", number]> = [
      [99_999, "1", 500_000], // 5% is ¥4,999.95: the ¥5,000 minimum
      [100_000, "1", 500_000], // exactly the minimum
      [100_001, "1", 500_005],
      [100_000, "2", 300_000], // 3%: exactly ¥3,000
      [100_000, "3", 100_000], // 1%: exactly ¥1,000
      [50_000, "3", 100_000], // minimum
      [20_000_000, "1", 100_000_000], // exactly the ¥1,000,000 cap
      [20_000_001, "1", 100_000_000], // capped
      [100_000_000, "3", 100_000_000], // 1% reaches the cap
    ];
    for (const [index, [fine, tier, fen]] of cases.entries()) {
      const { reward } = await closedWithFine(c, fine, tier, `Tier${index}Code`);
      expect(reward.rewardFen, `${fine} at tier ${tier}`).toBe(fen);
      expect(reward.rewardFen).toBe(whistleblowerReward(fine, tier).rewardFen);
    }
    // Several rewards under one code: the claim names the report.
    const a = await closedWithFine(c, 100_000, "1", "Shared2026");
    const b = await closedWithFine(c, 100_000, "2", "Shared2026");
    expectProblem(await claim("Shared2026", PASSWORD), 400, "invalid-request");
    expect((await claim("Shared2026", PASSWORD, b.id)).body).toMatchObject({ reportId: b.id, rewardFen: 300_000 });
    expect((await claim("Shared2026", PASSWORD)).body).toMatchObject({ reportId: a.id, rewardFen: 500_000 });
  });
});

describe("anonymous reports: what must not happen", () => {
  const FINGERPRINT = {
    "user-agent": "Mozilla/5.0 (FingerprintPhone 9; unique-ua-4711)",
    "cf-connecting-ip": "203.0.113.77",
    "x-forwarded-for": "198.51.100.23",
    "x-real-ip": "192.0.2.99",
    "accept-language": "zh-CN,xx-unique;q=0.3",
    cookie: "tracking=cookie-value-8812",
    "x-device-id": "device-id-5550",
  };

  it("stores no IP address, user agent, header, identity code or password with a report (all columns of all report tables)", async () => {
    const business = await restaurant();
    expect((await submit(report(business.id), FINGERPRINT)).status).toBe(201);
    const evidence = await h.call("POST", "/reports/evidence", { body: jpegWithExif() as BodyInit, headers: { "content-type": "image/jpeg", ...FINGERPRINT } });
    expect(evidence.status).toBe(201);
    const form = new FormData();
    for (const [name, value] of Object.entries({ kind: "business", businessId: business.id, category: "poor-hygiene", description: "地面积水，苍蝇很多，餐具未消毒。", identityCode: "FormCode77", password: "form pass 77", password2: "form pass 77" })) form.set(name, value);
    form.append("evidence", new Blob([jpegWithExif() as BlobPart], { type: "image/jpeg" }), "IMG_20260301_GPS.jpg");
    expect((await h.call("POST", "/reports", { body: form, headers: FINGERPRINT })).status).toBe(200);
    expectProblem(await h.call("POST", "/reports/status", { json: { identityCode: CODE, password: "wrong password 1" }, headers: FINGERPRINT }), 401, "report-credentials");
    expect((await h.call("POST", "/reports/status", { json: { identityCode: CODE, password: PASSWORD }, headers: FINGERPRINT })).status).toBe(200);

    const tables = ["reports", "report_evidence", "report_attempts"];
    const rows: Record<string, unknown>[] = [];
    for (const table of tables) rows.push(...(await h.db.all<Record<string, unknown>>(sql.raw(`SELECT * FROM ${table}`))));
    expect(rows.length).toBeGreaterThanOrEqual(2 + 2 + 1);
    const stored = JSON.stringify(rows);
    const secrets = [CODE, CODE.toUpperCase(), PASSWORD, "FormCode77", "FORMCODE77", "form pass 77", "IMG_20260301_GPS", "GPS 23.0339N"];
    for (const value of [...Object.values(FINGERPRINT), ...FINGERPRINT["accept-language"].split(","), "unique-ua", "FingerprintPhone", ...secrets]) expect(stored, value).not.toContain(value);
    for (const row of rows) for (const column of Object.keys(row)) expect(column).not.toMatch(/(^|_)(ip|ips|ip_address|user_agent|agent|device|fingerprint|headers?|cookie|locale|language)(_|$)/i);
    // A day, not an instant that could be matched with access logs elsewhere.
    for (const row of rows.filter((r) => "submitted_on" in r)) expect(row.submitted_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Only a PBKDF2 hash with its own salt per report.
    const hashes = rows.filter((r) => "secret_hash" in r).map((r) => String(r.secret_hash));
    for (const hash of hashes) expect(hash).toMatch(/^\$pbkdf2-sha256\$i=100000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(new Set(hashes.map((hash) => hash.split("$")[3])).size).toBe(hashes.length);
    // The stored blobs are the stripped images.
    for (const row of rows.filter((r) => "blob_key" in r)) expect(Number(row.size)).toBeLessThan(jpegWithExif().length);
  });

  it("answers an unknown code exactly like a wrong password, in similar time", async () => {
    const business = await restaurant();
    await submit(report(business.id));
    const wrong = await follow(CODE, "not the password 1");
    const unknown = await follow("NoSuchCode99", "not the password 1");
    expectProblem(wrong, 401, "report-credentials");
    expectProblem(unknown, 401, "report-credentials");
    expect(unknown.body).toEqual(wrong.body);
    expect([...unknown.headers.entries()].sort()).toEqual([...wrong.headers.entries()].sort());
    expectProblem(await claim("NoSuchCode99", "not the password 1"), 401, "report-credentials");
    expectProblem(await claim(CODE, "not the password 1"), 401, "report-credentials");

    // workerd does not advance its clock during computation, so time only where it does.
    if (typeof navigator !== "undefined" && navigator.userAgent === "Cloudflare-Workers") return;
    const time = async (code: string) => {
      const started = performance.now();
      await follow(code, "not the password 2");
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknowns: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await time(CODE));
      expect((await follow(CODE, PASSWORD)).status).toBe(200); // clears the failures: no lock-out here
      unknowns.push(await time(`NoSuchCode${i}x`));
    }
    // The fastest of each (load only adds time): without the dummy hash an unknown code would
    // answer in a few percent of the time of a wrong password.
    const ratio = Math.min(...unknowns) / Math.min(...known);
    expect(ratio, `unknown ${Math.min(...unknowns).toFixed(1)} ms, known ${Math.min(...known).toFixed(1)} ms`).toBeGreaterThan(0.3);
    expect(ratio).toBeLessThan(3);
  });

  it("locks a code after 5 wrong attempts, known or not, with a doubling back-off", async () => {
    const business = await restaurant();
    await submit(report(business.id));
    for (const code of [CODE, "NoSuchCode42"]) {
      for (let i = 0; i < 5; i++) expectProblem(await follow(code, `wrong password ${i}`), 401, "report-credentials");
      const locked = await follow(code, PASSWORD);
      expectProblem(locked, 429, "report-locked");
      expect(locked.headers.get("retry-after")).toBe("60");
    }
    // Same answers while locked, correct password or not, existing code or not.
    const a = await follow(CODE, PASSWORD);
    const b = await follow("NoSuchCode42", PASSWORD);
    expect(a.body).toEqual(b.body);
    expectProblem(await claim(CODE, PASSWORD), 429, "report-locked");

    now += 61_000;
    expect((await follow(CODE, PASSWORD)).status).toBe(200); // a success clears the failures
    for (let i = 0; i < 4; i++) expectProblem(await follow(CODE, `wrong ${i} again`), 401, "report-credentials");
    expect((await follow(CODE, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 5; i++) expectProblem(await follow(CODE, `wrong ${i} again`), 401, "report-credentials");
    const second = await follow(CODE, PASSWORD);
    expectProblem(second, 429, "report-locked");
    expect(second.headers.get("retry-after")).toBe("120");
  });

  it("lets only regulators triage, and shows them nothing that identifies the reporter", async () => {
    const c = await regulatorCase();
    const created = await submit(report(c.business.id));
    const id = created.body.id;
    const market = await h.org("wholesale-market");
    for (const actor of [c.business, market]) {
      expectProblem(await h.call("GET", "/v1/reports", { key: actor.key }), 403, "forbidden");
      expectProblem(await h.call("GET", `/v1/reports/${id}`, { key: actor.key }), 403, "forbidden");
      expectProblem(await h.call("POST", `/v1/reports/${id}/triage`, { key: actor.key, json: { status: "investigating" } }), 403, "forbidden");
      expectProblem(await h.call("POST", `/v1/reports/${id}/close`, { key: actor.key, json: { outcome: "unsubstantiated" } }), 403, "forbidden");
    }
    expectProblem(await h.call("GET", "/v1/reports"), 401, "unauthenticated");
    const readOnly = await h.org("regulator", { scopes: ["read"] });
    expect((await h.call("GET", "/v1/reports", { key: readOnly.key })).status).toBe(200);
    expectProblem(await h.call("POST", `/v1/reports/${id}/triage`, { key: readOnly.key, json: { status: "investigating" } }), 403, "forbidden");

    const seen = [await h.call("GET", "/v1/reports", { key: c.regulator.key }), await h.call("GET", `/v1/reports/${id}`, { key: c.regulator.key })];
    for (const reply of seen) {
      expect(reply.status).toBe(200);
      for (const secret of [CODE, CODE.toUpperCase(), PASSWORD, "pbkdf2", "secret", "codeKey", "code_key", "identityCode", "password"]) expect(reply.text.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    expect(Object.keys(seen[1]!.body).sort()).toEqual(["category", "description", "evidence", "id", "inspectionId", "outcome", "reward", "status", "submittedOn", "target", "targetOrgId", "triageNote", "updatedAt"]);
  });

  it("limits evidence: type, size, count, well-formedness", async () => {
    const business = await restaurant();
    const pdf = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");
    expectProblem(await h.call("POST", "/reports/evidence", { body: pdf as BodyInit, headers: { "content-type": "application/pdf" } }), 415, "unsupported-media-type");
    expectProblem(await h.call("POST", "/reports/evidence", { body: new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]) as BodyInit, headers: { "content-type": "image/jpeg" } }), 415, "unsupported-media-type");
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(jpegWithExif());
    expectProblem(await h.call("POST", "/reports/evidence", { body: big as BodyInit, headers: { "content-type": "image/jpeg" } }), 413, "payload-too-large");
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await h.call("POST", "/reports/evidence", { body: jpegWithExif() as BodyInit, headers: { "content-type": "image/jpeg" } })).body.id);
    expectProblem(await submit(report(business.id, CODE, PASSWORD, { evidenceRefs: ids })), 400, "invalid-request");
    expectProblem(await submit(report(business.id, CODE, PASSWORD, { evidenceRefs: ["evd_doesnotexist"] })), 400, "invalid-request");
    // The schema is strict: no field to smuggle a fingerprint in, and weak secrets are refused.
    expectProblem(await submit({ ...report(business.id), deviceId: "abc" }), 400, "invalid-request");
    expectProblem(await submit(report(business.id, CODE, "onlyletters")), 400, "invalid-request");
    expectProblem(await h.call("POST", "/reports", { body: "x", headers: { "content-type": "text/plain" } }), 415, "unsupported-media-type");
  });
});

describe("anonymous reports: HTML pages without a browser", () => {
  it("the merchant page links to the form prefilled for its business; the form posts without scripts and confirms the code", async () => {
    const business = await restaurant();
    const code = await h.call("POST", `/v1/merchants/${business.id}/code`, { key: business.key });
    const page = await h.call("GET", `${code.body.url.slice("http://localhost:8787".length)}?lang=en`);
    const link = /href="(\/reports\/new\?[^"]+)"/.exec(page.text)?.[1]?.replace(/&amp;/g, "&");
    expect(link, "report link on the merchant page").toBeDefined();
    expect(new URL(link!, "http://x").searchParams.get("businessId")).toBe(business.id);

    const form = await h.call("GET", link!);
    expect(form.status).toBe(200);
    expect(form.headers.get("content-type")).toMatch(/^text\/html/);
    expect(form.text).toContain(`name="businessId" type="text" value="${business.id}"`);
    expect(form.text).toContain('<form method="post" action="/reports?lang=en" enctype="multipart/form-data">');
    expect(form.text).toContain("form-action 'self'");
    expect(form.text).not.toMatch(/<script/i);
    expect((await h.call("GET", "/reports/new?lang=zh-CN")).text).toContain("匿名举报");

    const fields = { kind: "business", businessId: business.id, category: "expired-food", description: "冷柜里的酸奶已过期。", identityCode: "Plum2026", password: "plum blossom 9", password2: "plum blossom 9" };
    const posted = await h.call("POST", "/reports?lang=en", { body: new URLSearchParams(fields).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(posted.status, posted.text).toBe(200);
    expect(posted.headers.get("content-type")).toMatch(/^text\/html/);
    expect(posted.text).toMatch(/<p class="code" data-identity-code>PLUM2026<\/p>/);
    expect(posted.text).toContain("Report received");
    expect(posted.text).not.toContain("plum blossom 9");

    // A refused form comes back with the errors and without the password.
    const mismatch = await h.call("POST", "/reports?lang=en", { body: new URLSearchParams({ ...fields, password2: "plum blossom 8" }).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(mismatch.status).toBe(400);
    expect(mismatch.text).toContain("The passwords differ");
    expect(mismatch.text).toContain("冷柜里的酸奶已过期。");
    expect(mismatch.text).not.toContain("plum blossom");

    const statusForm = await h.call("GET", "/reports/status?lang=en");
    expect(statusForm.text).toContain('<form method="post" action="/reports/status?lang=en">');
    const status = await h.call("POST", "/reports/status?lang=en", { body: new URLSearchParams({ identityCode: "plum2026", password: "plum blossom 9" }).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(status.status).toBe(200);
    expect(status.text).toContain('data-status="received"');
    const wrong = await h.call("POST", "/reports/status?lang=en", { body: new URLSearchParams({ identityCode: "plum2026", password: "plum blossom 0" }).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
    const unknown = await h.call("POST", "/reports/status?lang=en", { body: new URLSearchParams({ identityCode: "Pear2026", password: "plum blossom 0" }).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(wrong.status).toBe(401);
    expect(unknown.text).toBe(wrong.text);
  });

  it("claims a reward through the status page's form", async () => {
    const c = await regulatorCase();
    const { id } = await closedWithFine(c, 300_000, "2", "Form2026");
    const status = await h.call("POST", "/reports/status?lang=en", { body: new URLSearchParams({ identityCode: "Form2026", password: PASSWORD }).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(status.text).toContain("¥9,000.00");
    expect(status.text).toContain('<form method="post" action="/reports/claim?lang=en">');
    const claimed = await h.call("POST", "/reports/claim?lang=en", { body: new URLSearchParams({ identityCode: "Form2026", password: PASSWORD, reportId: id }).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(claimed.status, claimed.text).toBe(200);
    expect(claimed.text).toMatch(/data-claim-reference>RC[0-9A-F]{16}</);
    const again = await h.call("POST", "/reports/claim?lang=en", { body: new URLSearchParams({ identityCode: "Form2026", password: PASSWORD, reportId: id }).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(again.status).toBe(409);
  });
});
