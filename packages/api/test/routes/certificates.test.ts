import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, type TestOrg, vegetableBatch } from "../harness";
import { certificateBody } from "../certificate-fixtures";
import { count, createBatch, expectProblem, json } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const BASE = "http://localhost:8787";

/** A producer (a farm cooperative) with a profile giving its phone. */
async function producer(role: "producer" | "collector" = "producer"): Promise<TestOrg> {
  const org = await h.org(role, { name: role === "producer" ? "华宁县绿源蔬菜种植专业合作社" : "华宁县丰收农产品收购站" });
  const reply = await h.call("PUT", `/v1/merchants/${org.id}/profile`, {
    key: org.key,
    json: { uscc: "91530424MA6N7P2Q0G", businessType: role, address: "宁州街道 12 号", region: "530424", responsiblePerson: { name: "杨华" }, phone: "13987712345" },
  });
  expect(reply.status, reply.text).toBe(200);
  return org;
}


const issueCertificate = (org: TestOrg, body: unknown) => h.call("POST", "/v1/certificates", { key: org.key, json: body });

describe("POST /v1/certificates (承诺达标合格证)", () => {
  it("a producer issues a signed certificate with every mandatory field; its URL opens the public page", async () => {
    const farm = await producer();
    const batch = await createBatch(h, farm, vegetableBatch(20_000));
    const reply = await issueCertificate(farm, certificateBody({ batchCode: batch.code }));
    expect(reply.status, reply.text).toBe(201);
    expect(reply.body.url).toMatch(/^http:\/\/localhost:8787\/c\/[1-9]\d+$/);
    expect(reply.body.certificate).toEqual({
      kind: "commitment-compliance",
      form: "producer",
      code: reply.body.code,
      commitments: ["no-banned-substances", "residues-within-limits", "withdrawal-periods-observed"],
      bases: ["self-tested", "quality-control"],
      productName: "菜心",
      netWeightGrams: 20_000,
      origin: { region: "530424", detail: "宁州街道新城村" },
      issuer: { name: "华宁县绿源蔬菜种植专业合作社", phone: "13987712345", uscc: "91530424MA6N7P2Q0G", address: "宁州街道 12 号" },
      issueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      signature: { method: "electronic-signature" },
      batchCode: batch.code,
    });
    expect(reply.body.retainUntil > reply.body.certificate.issueDate).toBe(true);

    const path = reply.body.url.slice(BASE.length);
    const page = await h.call("GET", path, { headers: json });
    expect(page.body).toMatchObject({ state: "valid", code: reply.body.code, certificate: { productName: "菜心" }, verification: { valid: true, voucher: { claims: { type: "certificate", batchCode: batch.code, netWeightGrams: 20_000 } } } });
    const zh = await h.call("GET", path, { headers: { "accept-language": "zh-CN" } });
    for (const field of ["合格证有效", "菜心", "20 千克", "云南省玉溪市华宁县 宁州街道新城村", "华宁县绿源蔬菜种植专业合作社", "13987712345", "自行检测合格", "质量安全控制符合要求", "不使用禁用农药兽药、停用兽药和非法添加物", "电子签名"]) {
      expect(zh.text).toContain(field);
    }
    expect(zh.text).not.toContain("<script");
    const en = await h.call("GET", `${path}?lang=en`);
    for (const field of ["Valid certificate", "Self-tested: pass", "Electronic signature"]) expect(en.text).toContain(field);
    expect((await h.call("GET", `/v1/certificates/${reply.body.code}`, { key: farm.key })).body.code).toBe(reply.body.code);
    expect((await h.call("GET", `/v1/merchants/${farm.id}/certificates`, { key: farm.key })).body.certificates).toHaveLength(1);
  });

  it("refuses a certificate missing a mandatory field, and issuers other than producers and collectors", async () => {
    const farm = await producer();
    expectProblem(await issueCertificate(farm, certificateBody({ bases: [] })), 400, "invalid-request");
    expectProblem(await issueCertificate(farm, certificateBody({ netWeightGrams: undefined })), 400, "invalid-request");
    expectProblem(await issueCertificate(farm, certificateBody({ origin: { region: "999999" } })), 400, "invalid-request");
    expectProblem(await issueCertificate(farm, certificateBody({ commitments: ["no-banned-substances"] })), 400, "invalid-request");
    expectProblem(await issueCertificate(farm, certificateBody({ signature: undefined })), 400, "invalid-request");
    expectProblem(await issueCertificate(farm, certificateBody({ bases: ["self-commitment"] })), 400, "invalid-request");
    // No phone: no profile and none given.
    const bare = await h.org("producer");
    const noPhone = await issueCertificate(bare, certificateBody());
    expectProblem(noPhone, 400, "invalid-request");
    expect(JSON.stringify(noPhone.body.issues)).toMatch(/phone/);
    expect((await issueCertificate(bare, certificateBody({ issuer: { phone: "0877-5012345" } }))).status).toBe(201);
    // A collector's certificate needs the purchases it is based on.
    const collector = await producer("collector");
    expectProblem(await issueCertificate(collector, certificateBody({ form: "collector" })), 400, "invalid-request");
    const collected = await issueCertificate(collector, certificateBody({ form: "collector", sourceRecords: [{ supplierName: "农户李四", productName: "菜心", quantity: { value: 8000, unit: "gram" }, purchaseDate: "2026-11-20" }] }));
    expect(collected.status, collected.text).toBe(201);
    for (const role of ["wholesaler", "stall", "restaurant", "regulator"] as const) {
      expectProblem(await issueCertificate(await h.org(role), certificateBody({ issuer: { phone: "13900000000" } })), 403, "forbidden");
    }
    expect(await count(h, "compliance_certificates")).toBe(2);
  });

  it("prints as an 80 × 60 mm SVG label at 203 and 300 dpi with the QR and the human-readable fields", async () => {
    const farm = await producer();
    const cert = (await issueCertificate(farm, certificateBody())).body;
    for (const [dpi, width, height] of [[203, 639, 480], [300, 945, 709]] as const) {
      const reply = await h.call("GET", `/v1/certificates/${cert.code}/label?format=svg&dpi=${dpi}`, { key: farm.key });
      expect(reply.status, reply.text).toBe(200);
      expect(reply.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
      expect(reply.text).toContain(`width="80mm" height="60mm" viewBox="0 0 ${width} ${height}" data-dpi="${dpi}"`);
      for (const field of ["承诺达标合格证", "食用农产品名称：菜心", "数量（重量）：20 千克", "联系方式：13987712345", `开具日期：${cert.certificate.issueDate}`, "√ 常规农药兽药残留不超标", "追溯码"]) expect(reply.text).toContain(field);
      expect(reply.text).toMatch(/<path d="M\d+ \d+h\d+v\d+h-\d+z/);
    }
    const other = await h.org("producer");
    expectProblem(await h.call("GET", `/v1/certificates/${cert.code}/label`, { key: other.key }), 403, "forbidden");
    expectProblem(await h.call("GET", `/v1/certificates/${cert.code}/label?dpi=600`, { key: farm.key }), 400, "invalid-request");
  });

  it("a wholesaler attaches the certificate to its batch on receipt; a recall of the certified batch shows on the certificate", async () => {
    const farm = await producer();
    const farmBatch = await createBatch(h, farm, vegetableBatch(20_000));
    const cert = (await issueCertificate(farm, certificateBody({ batchCode: farmBatch.code }))).body;
    const wholesaler = await h.org("wholesaler");
    const received = await createBatch(h, wholesaler, vegetableBatch(20_000));
    const attach = (org: TestOrg, code: string, certificate: string) => h.call("POST", `/v1/batches/${code}/certificates`, { key: org.key, json: { certificate } });
    const first = await attach(wholesaler, received.code, cert.url);
    expect(first.status, first.text).toBe(200);
    expect(first.body).toEqual({ batchCode: received.code, certificateCode: cert.code, attached: true });
    expect((await attach(wholesaler, received.code, cert.code)).body.attached).toBe(false);
    const batch = await h.call("GET", `/v1/batches/${received.code}`, { key: wholesaler.key });
    expect(batch.body.certificates).toEqual([`承诺达标合格证 ${cert.code}`]);
    const page = await h.call("GET", cert.url.slice(BASE.length), { headers: json });
    expect(page.body.attachedTo).toEqual([expect.objectContaining({ batchCode: received.code, orgId: wholesaler.id })]);

    const stranger = await h.org("wholesaler");
    expectProblem(await attach(stranger, received.code, cert.url), 403, "forbidden");
    const i = cert.url.length - 6;
    const tampered = cert.url.slice(0, i) + ((Number(cert.url[i]) + 1) % 10) + cert.url.slice(i + 1);
    expect((await attach(wholesaler, received.code, tampered)).status).toBe(400);
    expect((await h.call("GET", tampered.slice(BASE.length), { headers: json })).body.state).toBe("invalid");
    expect(await count(h, "certificate_attachments")).toBe(1);

    await h.call("POST", `/v1/batches/${farmBatch.code}/recall`, { key: farm.key, json: { reason: "test-failed", level: "level-2" } });
    expect((await h.call("GET", cert.url.slice(BASE.length), { headers: json })).body.state).toBe("recalled");
  });
});
