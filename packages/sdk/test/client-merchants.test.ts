/** The API client's merchant, grade, ledger, certificate, records and supervision methods (一店一码, 三色码, 进货台账, 合格证, 一户一档) against the API. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, vegetableBatch } from "../../api/test/harness";
import { ShianClient } from "../src/index";
import { operationKeys, recordRoutes, seenAmong } from "./route-recorder";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

const GROUP = /^(merchants|grades|ledger|certificates|records|supervision)\.|^public\.(merchant|certificate)$/;

describe("ShianClient: merchants, grades, ledger, certificates", () => {
  it("calls every route of the three groups with typed results", async () => {
    const { fetch, seen } = recordRoutes((request) => h.app.fetch(request));
    const client = (key: string) => new ShianClient({ baseUrl: "http://localhost:8787", apiKey: key, fetch });
    const regulatorOrg = await h.org("regulator");
    const sellerOrg = await h.org("wholesaler", { name: "鲜达批发" });
    const stallOrg = await h.org("stall", { name: "A12 蔬菜档" });
    const regulator = client(regulatorOrg.key);
    const seller = client(sellerOrg.key);
    const stall = client(stallOrg.key);
    const profile = { uscc: "91440607MA4UJXKTX2", businessType: "wholesaler" as const, address: "批发市场 3 号", region: "440607", responsiblePerson: { name: "陈" }, phone: "13800138000" };
    expect((await seller.merchants.putProfile(sellerOrg.id, profile)).warnings).toEqual([]);
    await stall.merchants.putProfile(stallOrg.id, { ...profile, businessType: "stall" });

    const recorded = await regulator.merchants.recordInspection(stallOrg.id, { inspector: { name: "王" }, totalScore: 9.1, items: [{ code: "K1", title: "许可证", keyItem: true, passed: true }] });
    expect(recorded.grade).toMatchObject({ grade: "A", display: { colour: "green" } });
    expect(await stall.merchants.inspections(stallOrg.id)).toHaveLength(1);
    expect((await stall.merchants.grade(stallOrg.id)).history).toHaveLength(1);
    expect((await regulator.merchants.get(stallOrg.id)).grade.grade).toBe("A");
    await stall.merchants.addHealthCertificate({ holderName: "张三", issuedBy: "疾控中心", issueDate: new Date().toISOString().slice(0, 10) });
    expect((await stall.merchants.healthCertificates(stallOrg.id))[0]).toMatchObject({ state: "valid" });
    expect((await regulator.grades.ruleSets()).length).toBeGreaterThanOrEqual(2);
    expect(await regulator.grades.recompute()).toMatchObject({ changed: 0 });
    await expect(regulator.grades.addRuleSet({ id: "x" })).rejects.toMatchObject({ apiCode: "invalid-request" });
    const code = await stall.merchants.issueCode(stallOrg.id);
    expect((await stall.merchants.page(code.url)).state).toBe("valid");

    const batch = await seller.batches.create({ ...vegetableBatch(), product: { name: "菜心", category: "vegetable" as const }, unit: "gram" });
    const voucher = await seller.vouchers.issue({ batchCode: batch.code, netWeightGrams: 3000 });
    const scanned = await stall.ledger.scan({ url: voucher.url });
    expect(scanned).toMatchObject({ created: true, record: { productName: "菜心", sourceBatchCode: batch.code } });
    const manual = await stall.ledger.create({ productName: "土鸡蛋", specification: "散装", quantity: { value: 30, unit: "piece" }, batchNumber: "L1", edibleFarmProduce: true, purchaseDate: "2026-11-20", supplier: { name: "农户", address: "三水区", phone: "13900139000" } });
    expect((await stall.ledger.list(stallOrg.id)).map((r) => r.id).sort()).toEqual([scanned.record.id, manual.id].sort());
    expect((await stall.ledger.get(manual.id)).productName).toBe("土鸡蛋");
    expect((await seller.ledger.downstream(batch.code)).map((r) => r.id)).toEqual([scanned.record.id]);

    const farmOrg = await h.org("producer", { name: "绿源合作社" });
    const farm = client(farmOrg.key);
    const cert = await farm.certificates.issue({ form: "producer", bases: ["self-tested"], productName: "菜心", netWeightGrams: 3000, origin: { region: "530424" }, issuer: { phone: "13987712345" }, signature: { method: "seal" } });
    expect((await farm.certificates.get(cert.code)).url).toBe(cert.url);
    expect(await farm.certificates.list(farmOrg.id)).toHaveLength(1);
    expect(await seller.certificates.attach(batch.code, cert.url)).toMatchObject({ attached: true });
    expect((await seller.certificates.page(cert.url)).state).toBe("valid");

    const pdf = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");
    const doc = await stall.records.upload("self-inspection", "周排查表", pdf, "application/pdf");
    expect(doc).toMatchObject({ kind: "self-inspection", size: pdf.length });
    expect((await regulator.records.document(doc.id)).sha256).toBe(doc.sha256);
    expect(await stall.records.documents(stallOrg.id, "self-inspection")).toHaveLength(1);
    const template = (await stall.records.templates()).find((t) => t.businessTypes.includes("stall"))!;
    const checked = await stall.records.selfInspect({ items: template.items.map((item) => ({ code: item.code, passed: true })), documentId: doc.id });
    expect(checked.passed).toBe(true);
    expect(await stall.records.selfInspections(stallOrg.id)).toHaveLength(1);
    expect((await regulator.supervision.merchants({ region: "440600", grade: "A" })).map((m) => m.orgId)).toEqual([stallOrg.id]);
    expect(Array.isArray(await regulator.supervision.reminders({ withinDays: 30 }))).toBe(true);
    expect((await regulator.supervision.archive(stallOrg.id)).format).toBe("shian-merchant-archive/1");

    const group = operationKeys((name) => GROUP.test(name));
    expect(seenAmong(seen, group)).toEqual(group);
  });
});
