/**
 * FSMA 204 figures (issue 9), in process on an embedded libSQL file:
 * - `fsma.rows_per_s` / `fsma.csv_seconds`: a year of one wholesaler's events (origin batches,
 *   each split in two and sold on several sale vouchers, plus a rapid test each that the sheet
 *   skips) exported as the CSV sortable spreadsheet through the history reader and the
 *   streaming writer; `fsma.xlsx_rows_per_s` / `fsma.xlsx_seconds` the same as XLSX.
 * - Baseline: the same source rows read by one plain SELECT per table (no order, no paging, no
 *   formatting) in the same run; the ratios say how close the export comes to a bare read.
 * - `fsma.csv_heap_peak_mb` / `fsma.xlsx_heap_peak_mb`: the largest live heap (after a full
 *   collection) seen while exporting, to show memory stays bounded however long the year.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { formatTraceCode } from "@shian/schemas";
import { openLibsql } from "../packages/api/src/db/libsql";
import { batches as batchesTable, rapidTests as rapidTestsTable, vouchers as vouchersTable } from "../packages/api/src/db/schema/index";
import { createServices } from "../packages/api/src/services/index";
import { internalPrincipal } from "../packages/api/src/services/internal-principal";
import { withEmbeddedApi } from "./embedded-api";
import { progress, report } from "./measure";

/** Sheet rows to export: each origin batch gives 1 receiving + 2 transformation + SALES shipping rows. */
const ROWS = Number(process.env.BENCH_FSMA_ROWS ?? 250_000);
const SALES = 5;
const ROWS_PER_BATCH = 3 + SALES;
const YEAR = { from: "2025-01-01T00:00:00.000Z", to: "2026-01-01T00:00:00.000Z" };
const BUYERS = 50;

export async function benchFsma(): Promise<void> {
  await withEmbeddedApi("fsma", async ({ db, services }) => {
    const seller = await services.orgs.create({ name: "佛山鲜达蔬菜批发行", role: "wholesaler", region: "440607" });
    const buyers = [];
    for (let b = 0; b < BUYERS; b++) buyers.push(await services.orgs.create({ name: `街市 ${b} 号档`, role: "stall", region: "440607" }));

    const origins = Math.ceil(ROWS / ROWS_PER_BATCH);
    progress(`fsma: seeding a year of events: ${origins.toLocaleString("en")} origin batches, ${(origins * 2).toLocaleString("en")} split lots, ${(origins * SALES).toLocaleString("en")} sale vouchers, ${origins.toLocaleString("en")} rapid tests`);
    await seed(db, seller, buyers, origins);
    const expectedRows = origins * ROWS_PER_BATCH;

    progress("fsma: baseline, every source row by one plain SELECT per table");
    let started = performance.now();
    let baselineRows = 0;
    // Every row of these tables is the seller's.
    baselineRows += (await db.select().from(batchesTable).all()).length;
    baselineRows += (await db.select().from(vouchersTable).all()).length;
    baselineRows += (await db.select().from(rapidTestsTable).all()).length;
    const baselineRate = baselineRows / ((performance.now() - started) / 1000);
    report("fsma.baseline_select_rows_per_s", Math.round(baselineRate), "rows/s");

    const principal = internalPrincipal(seller);
    const scope = await services.history.orgScope(principal, seller.id, YEAR);
    for (const format of ["csv", "xlsx"] as const) {
      progress(`fsma: ${expectedRows.toLocaleString("en")} rows as ${format}`);
      collect();
      let rows = 0;
      let bytes = 0;
      let chunks = 0;
      const heapStart = process.memoryUsage().heapUsed;
      let heapPeak = heapStart;
      started = performance.now();
      for await (const chunk of services.fsma204.chunks(principal, scope, format, () => rows++)) {
        bytes += chunk.length;
        if (++chunks % 128 === 0) {
          collect();
          heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
        }
      }
      const seconds = (performance.now() - started) / 1000;
      if (rows !== expectedRows) throw new Error(`${format}: ${rows} rows, expected ${expectedRows}`);
      const rate = rows / seconds;
      const name = format === "csv" ? "fsma.rows_per_s" : "fsma.xlsx_rows_per_s";
      report(name, Math.round(rate), "rows/s");
      report(`fsma.${format}_seconds`, seconds, `s (${rows.toLocaleString("en")} rows, ${(bytes / 1_048_576).toFixed(1)} MB)`);
      report(`fsma.${format}_vs_select_ratio`, rate / baselineRate, "x");
      report(`fsma.${format}_heap_peak_mb`, heapPeak / 1_048_576, `MB (${(heapStart / 1_048_576).toFixed(1)} MB before the export)`);
    }
  });
}

/** A full collection, so the heap figure is live memory rather than garbage not yet collected. */
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

type Org = Awaited<ReturnType<ReturnType<typeof createServices>["orgs"]["create"]>>;

/** Multi-row INSERTs, 200 statements a transaction: setup only, not measured. */
async function seed(db: ReturnType<typeof openLibsql>["db"], seller: Org, buyers: Org[], origins: number): Promise<void> {
  const start = Date.parse(YEAR.from);
  const step = (Date.parse(YEAR.to) - start - 3_600_000) / origins;
  const iso = (ms: number) => new Date(ms).toISOString();
  let serial = 1;
  const code = () => formatTraceCode({ namespace: seller.namespace, serial: serial++ });
  const batches: Array<typeof batchesTable.$inferInsert> = [];
  const vouchers: Array<typeof vouchersTable.$inferInsert> = [];
  const tests: Array<typeof rapidTestsTable.$inferInsert> = [];
  const base = { orgId: seller.id, namespace: seller.namespace, productName: "菜心", productCategory: "vegetable", originRegion: "530424", unit: "gram", certificates: [], status: "valid" };
  const flush = async (force = false) => {
    const statements: unknown[] = [];
    const add = <T>(rows: T[], insert: (slice: T[]) => unknown) => {
      for (let i = 0; i < rows.length; i += 50) statements.push(insert(rows.slice(i, i + 50)));
      rows.length = 0;
    };
    if (!force && batches.length + vouchers.length + tests.length < 10_000) return;
    add(batches, (slice) => db.insert(batchesTable).values(slice));
    add(vouchers, (slice) => db.insert(vouchersTable).values(slice));
    add(tests, (slice) => db.insert(rapidTestsTable).values(slice));
    for (let i = 0; i < statements.length; i += 200) await db.batch(statements.slice(i, i + 200) as [never, ...never[]]);
  };
  for (let i = 0; i < origins; i++) {
    const t = start + i * step;
    const origin = code();
    batches.push({ ...base, code: origin, serial: serial - 1, quantity: 100_000, createdAt: iso(t) });
    const children = [code(), code()];
    children.forEach((child, c) => batches.push({ ...base, code: child, serial: serial - 2 + c, parentCode: origin, quantity: 50_000, createdAt: iso(t + 60_000) }));
    tests.push({ id: `test_bench_${i}`, batchCode: origin, orgId: seller.id, item: "organophosphate-carbamate", outcome: "pass", record: { method: "enzyme-inhibition", testPoint: { id: "lab-1" } }, testedAt: iso(t + 30_000), createdAt: iso(t + 30_000) });
    for (let s = 0; s < SALES; s++) {
      const voucher = code();
      const issuedAt = new Date(t + 120_000 + s * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
      vouchers.push({
        code: voucher,
        orgId: seller.id,
        namespace: seller.namespace,
        serial: serial - 1,
        type: "sale",
        batchCode: children[s % 2]!,
        buyerOrgId: buyers[(i + s) % buyers.length]!.id,
        keyIndex: 1,
        digits: `${seller.namespace}${serial}`,
        url: `http://127.0.0.1:18799/v/${seller.namespace}${serial}`,
        claims: { type: "sale", code: voucher, issuedAt, batchCode: children[s % 2], netWeightGrams: 10_000, gtin: "06901234567892", lot: `L${i}` },
        createdAt: iso(t + 120_000 + s * 60_000),
      });
    }
    await flush();
  }
  await flush(true);
}
