/**
 * The regulator's scenario against the API (in-process, through the SDK client; the harness
 * allows loopback webhooks): what it prints — the grade change, the catalogue item, the
 * suspended batches and vouchers, the lock-down and its holders, the signed webhook delivery to a
 * real receiver on 127.0.0.1, the recall, the dashboard and the exports — is checked against
 * what the API holds afterwards, read by each owner through the routes, and against independent
 * references where there are some (the schemas' catalogue, csv-parse).
 */
import { createRequire } from "node:module";
import { RAPID_TEST_CATALOGUE } from "@shian/schemas";
import { createClient, verifyWebhookSignature } from "@shian/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, type TestOrg } from "../../../packages/api/test/harness";
import { type Receiver, startReceiver } from "../src/receiver";
import { csvRecordCount, runScenario } from "../src/regulator";

// csv-parse is the API's test dependency: resolved from there, an RFC 4180 parser independent of the example's counter.
const { parse: parseCsv } = createRequire(new URL("../../../packages/api/package.json", import.meta.url))("csv-parse/sync") as { parse: (text: string, options: { bom: boolean }) => string[][] };

let h: Harness;
let receiver: Receiver;
beforeAll(async () => {
  h = await createHarness();
  receiver = await startReceiver();
});
afterAll(async () => {
  h?.close();
  await receiver?.close();
});

const profile = (businessType: string, uscc: string) => ({
  uscc,
  licence: { number: "JY24406070012345", validFrom: "2024-01-01", validUntil: "2029-12-31" },
  businessType,
  address: "西南街道广海大道 8 号",
  region: "440607",
  responsiblePerson: { name: "李明", title: "负责人" },
  phone: "0757-87712345",
});

describe("regulator example", () => {
  it("prints the grade change, the lock-down reaching the holders (and the stall's webhook), the recall, the dashboard and the exports, as the API holds them", async () => {
    const regulator = await h.org("regulator", { region: "440607" });
    const wholesaler = await h.org("wholesaler", { region: "440607" });
    const stall = await h.org("stall", { region: "440607" });
    for (const [org, type, uscc] of [[wholesaler, "wholesaler", "91440607MA9K4M5N0X"], [stall, "stall", "91440607MA4UJXKTX2"]] as Array<[TestOrg, string, string]>) {
      const reply = await h.call("PUT", `/v1/merchants/${org.id}/profile`, { key: org.key, json: { ...profile(type, uscc), usccLenient: true } });
      expect(reply.status, reply.text).toBe(200);
    }
    // An earlier inspection: the stall is graded B before the example runs.
    const earlier = await h.call("POST", `/v1/merchants/${stall.id}/inspections`, {
      key: regulator.key,
      json: { inspector: { name: "王监督" }, inspectedAt: new Date(Date.now() - 60 * 86_400_000).toISOString(), totalScore: 8.8, items: [{ code: "K1", title: "许可证在有效期内", keyItem: true, passed: true }] },
    });
    expect(earlier.status, earlier.text).toBe(201);

    const client = (org: TestOrg) => createClient({ baseUrl: "http://localhost:8787", apiKey: org.key, fetch: async (request) => h.app.request(request) });
    const printed: string[] = [];
    // The dispatcher is driven here (as the API's webhook tests do): one run sends to the real receiver, then a bounded wait.
    let dispatched = 0;
    const webhook = {
      url: receiver.url,
      next: async () => {
        dispatched += (await h.services.webhooks.dispatch()).sent;
        return receiver.next(5_000);
      },
    };
    const outcome = await runScenario({ regulator: client(regulator), wholesaler: client(wholesaler), stall: client(stall) }, (line) => printed.push(line), webhook);
    const text = printed.join("\n");

    // The grade change, as printed and as the API computes it now.
    expect(outcome.grade).toMatchObject({ before: "B", after: "C", changed: true });
    expect(text).toMatch(/grade B → C \(一般, red\), average 6\.7/);
    const grade = await h.call("GET", `/v1/merchants/${stall.id}/grade`, { key: regulator.key });
    expect(grade.body.grade.grade).toBe("C");
    expect([...grade.body.history].sort((a: { seq: number }, b: { seq: number }) => b.seq - a.seq).map((c: { grade: string }) => c.grade)).toEqual(["C", "B"]);

    // The catalogue item, as the schemas' catalogue has it, and the stored test judged by its threshold and standard.
    const item = RAPID_TEST_CATALOGUE.find((entry) => entry.code === "organophosphate-carbamate")!;
    expect(outcome.catalogueItem).toMatchObject({ code: item.code, zh: item.name["zh-CN"], en: item.name.en, method: item.method, threshold: `≥ ${item.threshold.value} ${item.threshold.unit}` });
    expect(text).toContain(`Catalogue item ${item.code}: ${item.name["zh-CN"]} / ${item.name.en}, method ${item.method}, standard ${item.standard.code}`);
    expect(outcome.test).toMatchObject({ item: item.code, outcome: "fail", batchStatus: "suspended" });
    expect(outcome.test.record).toMatchObject({ method: item.method, standard: { code: item.standard.code }, threshold: { comparator: item.threshold.comparator, value: item.threshold.value, unit: item.threshold.unit } });
    expect(text).toContain(`Rapid test on ${outcome.test.batchCode} (${item.code}, 68.5 % inhibition, threshold from the catalogue): FAIL → batch suspended, lock-down ${outcome.lockdown.id}`);

    // The failed test suspended two batches (the wholesaler's, the stall's own) and three vouchers.
    expect(outcome.batches.map((b) => b.orgId)).toEqual([wholesaler.id, stall.id]);
    expect(outcome.vouchers).toHaveLength(3);
    const keyOf = (orgId: string) => [wholesaler, stall].find((org) => org.id === orgId)!.key;
    for (const batch of outcome.batches) expect(text).toContain(`batch ${batch.code} (豇豆) suspended — rapid test failed: ${item.code}`);
    for (const voucher of outcome.vouchers) expect(text).toContain(`voucher ${voucher.code} suspended`);
    expect(outcome.scans.map((s) => s.state)).toEqual(["suspended", "suspended"]);

    // The lock-down and its holders: the stall holds its own batch and the ledger line it received the goods with.
    expect(outcome.lockdown).toMatchObject({ batchCode: outcome.test.batchCode, state: "open", descendants: 2 });
    const stallHolder = outcome.lockdown.holders.find((holder) => holder.orgId === stall.id)!;
    expect(stallHolder).toMatchObject({ role: "stall", batches: 1 });
    const ledger = await h.call("GET", `/v1/merchants/${stall.id}/ledger`, { key: stall.key });
    const line = ledger.body.records.find((r: { sourceBatchCode: string }) => r.sourceBatchCode === outcome.test.batchCode);
    expect(line).toMatchObject({ buyerOrgId: stall.id, receivedBatchCode: outcome.batches[1]!.code, quantity: { value: 20000, unit: "gram" } });
    expect(stallHolder.purchaseRecords).toEqual([expect.objectContaining({ id: line.id, quantity: 20000, unit: "gram", sourceVoucherCode: line.sourceVoucherCode, receivedBatchCode: line.receivedBatchCode })]);
    expect(text).toContain(`ledger line ${line.id}: 豇豆 20000 gram on ${line.purchaseDate}, voucher ${line.sourceVoucherCode}, own batch ${line.receivedBatchCode}`);
    for (const holder of outcome.lockdown.holders) expect(text).toContain(`${holder.name} (${holder.role}, ${holder.orgId}): ${holder.batches} batch(es) of the tree, ${holder.purchaseRecords.length} purchase record(s)`);

    // The webhook: the signed lockdown.opened delivery reached the receiver on 127.0.0.1 and verifies with the SDK.
    const delivered = outcome.webhook!;
    expect(dispatched).toBeGreaterThanOrEqual(1);
    expect(delivered.delivery.event).toBe("lockdown.opened");
    expect(delivered.payload).toMatchObject({ type: "lockdown.opened", data: { lockdownId: outcome.lockdown.id } });
    expect(delivered.verification.valid).toBe(true);
    expect(await verifyWebhookSignature({ body: delivered.delivery.body, header: delivered.delivery.signature, secret: delivered.secret })).toMatchObject({ valid: true });
    expect(await verifyWebhookSignature({ body: delivered.delivery.body.replace(outcome.lockdown.id, "ld_forged"), header: delivered.delivery.signature, secret: delivered.secret })).toEqual({ valid: false, reason: "signature-mismatch" });
    const log = await h.call("GET", "/v1/webhooks/deliveries", { key: stall.key });
    expect(log.body.deliveries.find((d: { id: string }) => d.id === delivered.delivery.delivery)).toMatchObject({ eventType: "lockdown.opened", endpointId: delivered.endpointId, state: "delivered", lastStatus: 204 });
    expect(text).toContain(`${outcome.business.name} registered webhook ${delivered.endpointId} → ${receiver.url} (lockdown.opened)`);
    expect((await h.call("GET", "/v1/webhooks", { key: stall.key })).body.endpoints).toEqual([]);
    expect(text).toContain(`Webhook to ${outcome.business.name}: lockdown.opened (delivery ${delivered.delivery.delivery}), signature valid, lock-down ${outcome.lockdown.id}`);

    // Confirmed: the lock-down is confirmed with a recall, every batch and voucher of the tree is recalled, the receipts scan recalled.
    expect(outcome.confirmed).toMatchObject({ state: "confirmed", recall: { batchCode: outcome.test.batchCode, reason: "test-failed", level: "level-2" } });
    expect(outcome.confirmed.recallId).toBe(outcome.confirmed.recall.id);
    const stored = await h.call("GET", `/v1/lockdowns/${outcome.lockdown.id}`, { key: regulator.key });
    expect(stored.body).toMatchObject({ state: "confirmed", recallId: outcome.confirmed.recall.id, resolvedByOrgId: regulator.id });
    for (const batch of outcome.batches) expect((await h.call("GET", `/v1/batches/${batch.code}`, { key: keyOf(batch.orgId) })).body.status).toBe("recalled");
    for (const voucher of outcome.vouchers) {
      const owner = outcome.batches.find((b) => b.code === voucher.batchCode)!.orgId;
      expect((await h.call("GET", `/v1/vouchers/${voucher.code}`, { key: keyOf(owner) })).body.status).toBe("recalled");
    }
    for (const scan of outcome.recalledScans) {
      const page = await h.call("GET", new URL(scan.url).pathname, { headers: { accept: "application/json" } });
      expect(page.body.state).toBe("recalled");
      expect(scan.state).toBe("recalled");
    }
    expect(text).toContain(`Lock-down ${outcome.lockdown.id} confirmed → recall ${outcome.confirmed.recall.id} (test-failed, level-2); the receipts now scan: recalled, recalled`);

    // The dashboard: the only rapid test in this database is the failed one.
    expect(outcome.dashboard).toMatchObject({ days: 30, tests: 1, failed: 1, itemTests: 1, itemFailed: 1 });
    const board = await h.call("GET", "/v1/dashboard?days=30", { key: regulator.key, headers: { accept: "application/json" } });
    expect(outcome.dashboard.flaggedCodes).toBe(board.body.flaggedCodes.total);
    expect(text).toContain(`Dashboard (last 30 days): 1 rapid test(s), 1 failed (${item.code}: 1 of 1); ${board.body.flaggedCodes.total} flagged code(s)`);

    // The exports: the EPCIS document's events and the FSMA 204 sheet's rows (csv-parse), as the routes give them.
    const epcis = JSON.parse((await h.call("GET", `/v1/batches/${outcome.test.batchCode}/epcis`, { key: wholesaler.key })).text);
    expect(outcome.exports.epcisEvents).toBe(epcis.epcisBody.eventList.length);
    expect(outcome.exports.epcisTypes).toEqual(epcis.epcisBody.eventList.map((e: { type: string; bizStep?: string }) => `${e.type}${e.bizStep ? `/${e.bizStep}` : ""}`));
    // the sale to the stall, the stall's receiving and the failed test are in the lot's history
    expect(outcome.exports.epcisTypes).toEqual(expect.arrayContaining(["TransactionEvent/shipping", "ObjectEvent/receiving", "ObjectEvent/inspecting"]));
    const csv = await (await h.app.request(`/v1/fsma204?lot=${outcome.test.batchCode}&format=csv`, { headers: { authorization: `Bearer ${wholesaler.key}` } })).text();
    const rows = parseCsv(csv, { bom: true }).slice(1);
    expect(outcome.exports.fsma204Rows).toBe(rows.length);
    expect(outcome.exports.fsma204Rows).toBeGreaterThanOrEqual(1);
    expect(csvRecordCount('a,b\r\n"x\r\ny","q""q"\r\n')).toBe(2);
    expect(text).toContain(`EPCIS ${outcome.exports.epcisEvents} event(s)`);
    expect(text).toContain(`${outcome.exports.fsma204File}: ${outcome.exports.fsma204Rows} row(s)`);
  });
});
