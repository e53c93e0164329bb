/**
 * The regulator's scenario against the API (in-process, through the SDK client): what it prints
 * — the grade change, the suspended batches and vouchers, the holders — is checked against what
 * the API holds afterwards, read by each owner through the routes.
 */
import { createClient } from "@shian/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, type TestOrg } from "../../../packages/api/test/harness";
import { runScenario } from "../src/regulator";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

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
  it("prints the grade change and the lock-down reaching the holders, as the API holds them", async () => {
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
    const outcome = await runScenario({ regulator: client(regulator), wholesaler: client(wholesaler), stall: client(stall) }, (line) => printed.push(line));
    const text = printed.join("\n");

    // The grade change, as printed and as the API computes it now.
    expect(outcome.grade).toMatchObject({ before: "B", after: "C", changed: true });
    expect(text).toMatch(/grade B → C \(一般, red\), average 6\.7/);
    const grade = await h.call("GET", `/v1/merchants/${stall.id}/grade`, { key: regulator.key });
    expect(grade.body.grade.grade).toBe("C");
    expect([...grade.body.history].sort((a: { seq: number }, b: { seq: number }) => b.seq - a.seq).map((c: { grade: string }) => c.grade)).toEqual(["C", "B"]);

    // The failed test and the lock-down: two batches (the wholesaler's, the stall's own) and three vouchers.
    expect(outcome.test).toMatchObject({ outcome: "fail", batchStatus: "suspended" });
    expect(text).toContain(`Rapid test on ${outcome.test.batchCode} (organophosphate/carbamate, 68.5 % inhibition ≥ 50 %): FAIL → batch suspended`);
    expect(outcome.batches.map((b) => b.orgId)).toEqual([wholesaler.id, stall.id]);
    expect(outcome.vouchers).toHaveLength(3);
    const keyOf = (orgId: string) => [wholesaler, stall].find((org) => org.id === orgId)!.key;
    for (const batch of outcome.batches) {
      const stored = await h.call("GET", `/v1/batches/${batch.code}`, { key: keyOf(batch.orgId) });
      expect(stored.body.status).toBe("suspended");
      expect(batch.status).toBe(stored.body.status);
      expect(text).toContain(`batch ${batch.code} (豇豆) ${stored.body.status} — ${stored.body.statusReason}`);
    }
    for (const voucher of outcome.vouchers) {
      const owner = outcome.batches.find((b) => b.code === voucher.batchCode)!.orgId;
      const stored = await h.call("GET", `/v1/vouchers/${voucher.code}`, { key: keyOf(owner) });
      expect(stored.body.status).toBe("suspended");
      expect(text).toContain(`voucher ${voucher.code} ${stored.body.status}`);
    }
    for (const scan of outcome.scans) {
      const page = await h.call("GET", new URL(scan.url).pathname, { headers: { accept: "application/json" } });
      expect(page.body.state).toBe("suspended");
      expect(scan.state).toBe(page.body.state);
    }

    // The holders: the stall's ledger line, as the stall's own ledger shows it.
    expect(outcome.holders).toHaveLength(1);
    const [holder] = outcome.holders;
    const ledger = await h.call("GET", `/v1/merchants/${stall.id}/ledger`, { key: stall.key });
    const line = ledger.body.records.find((r: { id: string }) => r.id === holder!.line);
    expect(line).toMatchObject({ buyerOrgId: stall.id, sourceBatchCode: outcome.test.batchCode, receivedBatchCode: outcome.batches[1]!.code, quantity: { value: 20000, unit: "gram" } });
    expect(text).toContain(`${holder!.name} (${stall.id}): 豇豆 20000 gram, ledger line ${line.id}, voucher ${line.sourceVoucherCode}, own batch ${line.receivedBatchCode}`);
  });
});
