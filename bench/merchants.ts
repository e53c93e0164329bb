/**
 * Merchant figures (issue 6), in process on an embedded libSQL file:
 * - `grade.recompute_per_s`: the regulators' sweep (POST /v1/grades/recompute) over 10,000
 *   businesses with 12 months of inspections each (one a month), first when every grade is new
 *   (10,000 history rows written) and then at steady state (nothing changed); baseline: the same
 *   grades computed in memory from the same inspections (`computeGrade` only, no database).
 * - `ledger.scan_to_record_per_s`: POST /v1/ledger/scan of distinct sale vouchers, each verified
 *   and turned into a purchase record; baseline: JSON scans (GET /v/{digits}) of the same
 *   vouchers through the same app.
 */
import { computeGrade, type Inspection, NATIONAL_DEFAULT_RULE_SET } from "@shian/schemas";
import { createApp } from "../packages/api/src/app";
import { defaultConfig } from "../packages/api/src/config";
import { migrateLibsql } from "../packages/api/src/db/libsql";
import { inspections as inspectionsTable, merchantProfiles, organisations as organisationsTable } from "../packages/api/src/db/schema/index";
import { internalPrincipal } from "../packages/api/src/services/internal-principal";
import { createServices } from "../packages/api/src/services/index";
import { withEmbeddedApi } from "./embedded-api";
import { progress, report } from "./measure";

const BUSINESSES = Number(process.env.BENCH_GRADE_BUSINESSES ?? 10_000);
const MONTHS = 12;
const SCANS = Number(process.env.BENCH_LEDGER_SCANS ?? 2_000);
const DAY = 86_400_000;

export async function benchMerchants(): Promise<void> {
  await withEmbeddedApi("merchants", async ({ db, config, services }) => {
    await benchGrades(services, db);
    await benchLedger(services, config);
  });
}

type Services = ReturnType<typeof createServices>;

async function benchGrades(services: Services, db: Parameters<typeof migrateLibsql>[0]): Promise<void> {
  progress(`grades: ${BUSINESSES.toLocaleString("en")} businesses with ${MONTHS} monthly inspections each (${(BUSINESSES * MONTHS).toLocaleString("en")} inspections)`);
  const regulator = await services.orgs.create({ name: "bench regulator", role: "regulator", region: "440607" });
  const now = Date.now();
  const created = new Date(now).toISOString();
  // Deterministic scores spread over every band (5.0 … 10.0), a failed key item now and then.
  let seed = 42;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const byBusiness = new Map<string, Inspection[]>();
  const rowsPerStatement = 40;
  const organisations: Array<typeof organisationsTable.$inferInsert> = [];
  const profiles: Array<typeof merchantProfiles.$inferInsert> = [];
  const inspections: Array<typeof inspectionsTable.$inferInsert> = [];
  for (let b = 0; b < BUSINESSES; b++) {
    const id = `org_bench_${String(b).padStart(6, "0")}`;
    const region = ["440607", "440606", "310112", "440103"][b % 4]!;
    organisations.push({ id, name: `商户 ${b}`, role: "restaurant", region, namespace: 100_000 + b, createdAt: created });
    profiles.push({ orgId: id, uscc: "91440607MA4UJXKTX2", businessType: "restaurant", address: "某路 1 号", region, responsiblePerson: { name: "李明" }, phone: "13800138000", openingHours: [], createdAt: created, updatedAt: created });
    const list: Inspection[] = [];
    const base = 50 + (next() % 50);
    for (let m = 0; m < MONTHS; m++) {
      const score = Math.min(100, base + (next() % 11));
      const keyFails = next() % 20 === 0 ? 1 : 0;
      const at = new Date(now - (m * 30 + 3) * DAY).toISOString();
      const inspectionId = `insp_bench_${b}_${m}`;
      inspections.push({ id: inspectionId, orgId: id, regulatorOrgId: regulator.id, inspector: { name: "王" }, inspectedAt: at, scoreTenths: score, keyItemsFailed: keyFails, items: [], evidence: [], createdAt: created });
      list.push({ id: inspectionId, businessId: id, inspector: { name: "王" }, inspectedAt: at, totalScore: score / 10, items: Array.from({ length: keyFails }, () => ({ code: "k", title: "k", keyItem: true, passed: false })) });
    }
    byBusiness.set(id, list);
  }
  // Multi-row INSERTs, 200 statements a transaction: setup only, not measured.
  const insertAll = async <T>(rows: T[], statement: (slice: T[]) => unknown) => {
    const statements: unknown[] = [];
    for (let i = 0; i < rows.length; i += rowsPerStatement) {
      statements.push(statement(rows.slice(i, i + rowsPerStatement)));
      if (statements.length === 200) await db.batch(statements.splice(0) as [never, ...never[]]);
    }
    if (statements.length) await db.batch(statements as [never, ...never[]]);
  };
  await insertAll(organisations, (slice) => db.insert(organisationsTable).values(slice));
  await insertAll(profiles, (slice) => db.insert(merchantProfiles).values(slice));
  await insertAll(inspections, (slice) => db.insert(inspectionsTable).values(slice));

  const principal = internalPrincipal(regulator);
  progress("grades: recompute sweep, every grade new (writes one history row per business)");
  let started = performance.now();
  const first = await services.grades.recomputeAll(principal);
  const firstSeconds = (performance.now() - started) / 1000;
  if (first.businesses !== BUSINESSES || first.changed !== BUSINESSES) throw new Error(`first sweep: ${JSON.stringify(first)}`);
  report("grade.recompute_first_per_s", Math.round(BUSINESSES / firstSeconds), "businesses/s");

  progress("grades: recompute sweep at steady state (nothing changed)");
  started = performance.now();
  const steady = await services.grades.recomputeAll(principal);
  const steadySeconds = (performance.now() - started) / 1000;
  if (steady.changed !== 0) throw new Error(`steady sweep changed ${steady.changed}`);
  const recomputeRate = BUSINESSES / steadySeconds;
  report("grade.recompute_per_s", Math.round(recomputeRate), "businesses/s");

  progress("grades: baseline, computeGrade in memory over the same inspections (no database)");
  const asOf = new Date();
  started = performance.now();
  const counts = { A: 0, B: 0, C: 0, none: 0 };
  for (const list of byBusiness.values()) counts[computeGrade(list, NATIONAL_DEFAULT_RULE_SET, asOf).grade ?? "none"]++;
  const computeRate = BUSINESSES / ((performance.now() - started) / 1000);
  report("grade.compute_only_per_s", Math.round(computeRate), "businesses/s");
  report("grade.recompute_ratio_vs_compute_only", recomputeRate / computeRate, "ratio");
  progress(`grades: ${JSON.stringify(counts)} (national rule set; Shanghai businesses are graded by theirs in the sweep)`);

  // The write path a regulator's app takes: one inspection, its grade change in the same transaction.
  const target = [...byBusiness.keys()].slice(0, 200);
  started = performance.now();
  for (const [i, id] of target.entries()) {
    await services.grades.record(principal, id, { inspector: { name: "王" }, totalScore: 5 + (i % 50) / 10, items: [{ code: "K1", title: "许可证", keyItem: true, passed: true }] });
  }
  report("grade.record_inspection_per_s", Math.round(target.length / ((performance.now() - started) / 1000)), "inspections/s");
}

async function benchLedger(services: Services, config: ReturnType<typeof defaultConfig>): Promise<void> {
  progress(`ledger: ${SCANS.toLocaleString("en")} distinct sale vouchers scanned into a buyer's purchase ledger (in-process app)`);
  const app = createApp(services);
  const seller = await services.orgs.create({ name: "鲜达批发", role: "wholesaler", region: "440607" });
  await services.keys.register(seller.id, { generate: "Ed25519" });
  const buyer = await services.orgs.create({ name: "A12 蔬菜档", role: "stall", region: "440607" });
  const sellerPrincipal = internalPrincipal(seller);
  await services.merchants.putProfile(sellerPrincipal, seller.id, { uscc: "91440607MA4UJXKTX2", businessType: "wholesaler", address: "批发市场 3 号", region: "440607", responsiblePerson: { name: "陈" }, phone: "13800138000" });
  const batch = await services.batches.create(sellerPrincipal, { product: { name: "菜心", category: "vegetable" }, originRegion: "530424", quantity: 100_000_000, unit: "gram" });
  const urls: string[] = [];
  const lines = async function* () {
    for (let i = 0; i < SCANS; i++) yield JSON.stringify({ idempotencyKey: `bench-${i}`, batchCode: batch.code, netWeightGrams: 500 + i, buyerOrgId: buyer.id });
  };
  for await (const line of services.vouchers.bulk(sellerPrincipal, lines())) if (line.ok) urls.push(line.voucher.url);
  if (urls.length !== SCANS) throw new Error(`issued ${urls.length} of ${SCANS}`);
  const { key } = await services.apiKeys.create(buyer.id, { name: "bench" });
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const path = (url: string) => url.slice(config.publicUrl.length);

  progress("ledger: baseline, JSON scans of the same vouchers (GET /v/{digits})");
  let started = performance.now();
  for (const url of urls) {
    const response = await app.request(path(url), { headers: { accept: "application/json" } });
    if (response.status !== 200) throw new Error(`scan ${response.status}`);
    await response.arrayBuffer();
  }
  const scanRate = urls.length / ((performance.now() - started) / 1000);
  report("ledger.baseline_scan_per_s", Math.round(scanRate), "scans/s");

  progress("ledger: scan → purchase record (POST /v1/ledger/scan, each a new line)");
  started = performance.now();
  for (const url of urls) {
    const response = await app.request("/v1/ledger/scan", { method: "POST", headers, body: JSON.stringify({ url }) });
    if (response.status !== 201) throw new Error(`ledger scan ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  }
  const ledgerRate = urls.length / ((performance.now() - started) / 1000);
  report("ledger.scan_to_record_per_s", Math.round(ledgerRate), "records/s");
  report("ledger.scan_to_record_ratio_vs_scan", ledgerRate / scanRate, "ratio");

  progress("ledger: the same vouchers scanned again (idempotent: the existing line is returned)");
  started = performance.now();
  for (const url of urls.slice(0, 500)) {
    const response = await app.request("/v1/ledger/scan", { method: "POST", headers, body: JSON.stringify({ url }) });
    if (response.status !== 200) throw new Error(`repeat ${response.status}`);
    await response.arrayBuffer();
  }
  report("ledger.repeat_scan_per_s", Math.round(Math.min(500, urls.length) / ((performance.now() - started) / 1000)), "scans/s");
}
