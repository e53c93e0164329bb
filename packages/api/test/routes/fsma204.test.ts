import { parse as parseCsv } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { createHarness, type Harness, vegetableBatch } from "../harness";
import { type Scenario, seedScenario, steppingClock } from "../supply-chain/scenario";
import { admin, createBatch, expectProblem } from "./helpers";

let h: Harness;
let s: Scenario;
let clock: ReturnType<typeof steppingClock>;
beforeEach(async () => {
  clock = steppingClock();
  h = await createHarness({}, { now: clock.now });
  s = await seedScenario(h, clock);
});
afterEach(() => h.close());

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const year = "from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z";

/** The raw reply: the harness' `call` reads text, which would mangle a zip. */
async function fetchSheet(key: string, query: string, headers: Record<string, string> = {}) {
  const response = await h.app.request(`/v1/fsma204?${query}`, { headers: { authorization: `Bearer ${key}`, ...headers } });
  return { status: response.status, type: response.headers.get("content-type"), disposition: response.headers.get("content-disposition"), bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** CSV rows as objects keyed by header, parsed by csv-parse (an independent RFC 4180 parser). */
function readCsv(bytes: Uint8Array): { header: string[]; rows: Record<string, string>[] } {
  const records = parseCsv(new TextDecoder().decode(bytes), { bom: true, relax_column_count: false }) as string[][];
  const [header, ...body] = records;
  return { header: header!, rows: body.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i]!]))) };
}

/** XLSX rows as objects keyed by header, read by SheetJS. */
function readXlsx(bytes: Uint8Array) {
  const book = XLSX.read(bytes, { type: "array", cellFormula: true });
  const sheet = book.Sheets[book.SheetNames[0]!]!;
  const records = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, defval: "" });
  const [header, ...body] = records as unknown[][];
  return { book, sheet, header: header as string[], rows: body.map((cells) => Object.fromEntries((header as string[]).map((name, i) => [name, cells[i]]))) };
}

const column = (rows: Record<string, unknown>[], name: string) => rows.map((row) => row[name]);

describe("GET /v1/fsma204", () => {
  it("a lot's sheet as CSV: UTF-8 with BOM, the KDE columns, one row per CTE in time order", async () => {
    const reply = await fetchSheet(s.seller.key, `lot=${s.lot}&format=csv`);
    expect(reply.status).toBe(200);
    expect(reply.type).toBe("text/csv; charset=utf-8");
    expect(reply.disposition).toMatch(/^attachment; filename="fsma204-[\w-]+\.csv"$/);
    expect([...reply.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { header, rows } = readCsv(reply.bytes);
    expect(header).toEqual(expect.arrayContaining(["Critical Tracking Event (CTE)", "Traceability Lot Code (TLC)", "Quantity", "Unit of Measure", "Product Description", "Ship-To Location Description", "Reference Document Type", "Reference Document Number"]));
    // The seller's own events only: entered on arrival (a wholesaler), split 60/40, one sale.
    expect(rows.map((row) => [row["Critical Tracking Event (CTE)"], row["Traceability Lot Code (TLC)"], row.Quantity, row["Unit of Measure"]])).toEqual([
      ["Receiving", s.lot, "100000", "gram"],
      ["Transformation", s.lotA, "60000", "gram"],
      ["Transformation", s.lotB, "40000", "gram"],
      ["Shipping", "L-2026-03", "10000", "gram"],
    ]);
    const times = column(rows, "Event Time (UTC)") as string[];
    expect(times).toEqual([...times].sort());
    expect(times[0]).toBe(s.times.created);
    const [received, a, , shipped] = rows;
    expect(received!["Receiving Location Description"]).toContain("佛山鲜达蔬菜批发行");
    expect(received!["Location Description for Immediate Previous Source"]).toContain("530424");
    expect(a!["Input Traceability Lot Code(s)"]).toBe(s.lot);
    expect(shipped).toMatchObject({ "Ship-From Location Description": expect.stringContaining("佛山鲜达蔬菜批发行"), "Ship-To Location Description": expect.stringContaining("三水西南街市 8 号档"), "Reference Document Type": "sale voucher", "Reference Document Number": s.voucher, GTIN: "06901234567892", "Product Description": "菜心 (vegetable)" });
    expect(JSON.stringify(rows)).not.toContain(s.otherLot);
  });

  it("the same sheet as XLSX (by Accept) reads back in SheetJS with the same rows, numbers as numbers, a frozen header and a filter", async () => {
    const csv = readCsv((await fetchSheet(s.seller.key, `lot=${s.lot}`, { accept: "text/csv" })).bytes);
    const reply = await fetchSheet(s.seller.key, `lot=${s.lot}`, { accept: XLSX_TYPE });
    expect(reply.status).toBe(200);
    expect(reply.type).toBe(XLSX_TYPE);
    const xlsx = readXlsx(reply.bytes);
    expect(xlsx.book.SheetNames).toEqual(["FSMA 204"]);
    expect(xlsx.header).toEqual(csv.header);
    expect(xlsx.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v)])))).toEqual(csv.rows);
    expect(typeof xlsx.rows[0]!.Quantity).toBe("number");
    expect(xlsx.sheet["!autofilter"]).toEqual({ ref: `A1:U${csv.rows.length + 1}` });
  });

  it("a buyer's range: the receiving of the voucher, with the supplier's lot code and both locations", async () => {
    const { rows } = readCsv((await fetchSheet(s.buyer.key, year)).bytes);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      "Critical Tracking Event (CTE)": "Receiving",
      "Traceability Lot Code (TLC)": "L-2026-03",
      "TLC Source Reference": `trace code ${s.lotA}`,
      Quantity: "10000",
      "Location Description for Immediate Previous Source": expect.stringContaining("佛山鲜达蔬菜批发行"),
      "Receiving Location Description": expect.stringContaining("三水西南街市 8 号档"),
      "Reference Document Number": s.voucher,
    });
    const seller = readCsv((await fetchSheet(s.seller.key, year)).bytes);
    expect(column(seller.rows, "Critical Tracking Event (CTE)")).toEqual(["Receiving", "Transformation", "Transformation", "Shipping"]);
  });

  it("a split lot's sheet starts at its upstream lot and leaves out its sibling's sale; a time range narrows it", async () => {
    const cte = (rows: Record<string, string>[]) => rows.map((row) => `${row["Critical Tracking Event (CTE)"]} ${row["Traceability Lot Code (TLC)"]}`);
    const { rows } = readCsv((await fetchSheet(s.seller.key, `lot=${s.lotB}`)).bytes);
    expect(cte(rows)).toEqual([`Receiving ${s.lot}`, `Transformation ${s.lotA}`, `Transformation ${s.lotB}`]);
    const narrowed = readCsv((await fetchSheet(s.seller.key, `lot=${s.lotA}&from=${s.times.split}&to=${s.times.received}`)).bytes);
    expect(cte(narrowed.rows)).toEqual([`Transformation ${s.lotA}`, `Transformation ${s.lotB}`, "Shipping L-2026-03"]);
  });

  it("quotes and neutralises formulas in CSV; XLSX keeps the text as text, never a formula", async () => {
    const names = ['=HYPERLINK("http://evil","x")', "+SUM(1,2)", "-2+3", "@cmd", 'say "hi", then\nleave'];
    for (const name of names) {
      clock.tick();
      await createBatch(h, s.other, { ...vegetableBatch(1000), product: { name, category: "vegetable" } });
    }
    const csv = readCsv((await fetchSheet(s.other.key, year)).bytes);
    const described = column(csv.rows, "Product Description").slice(1);
    expect(described).toEqual(["'=HYPERLINK(\"http://evil\",\"x\") (vegetable)", "'+SUM(1,2) (vegetable)", "'-2+3 (vegetable)", "'@cmd (vegetable)", 'say "hi", then\nleave (vegetable)']);
    const xlsx = readXlsx((await fetchSheet(s.other.key, `${year}&format=xlsx`)).bytes);
    expect(column(xlsx.rows, "Product Description").slice(1)).toEqual(names.map((name) => `${name} (vegetable)`));
    const formulas = Object.entries(xlsx.sheet).filter(([ref, cell]) => !ref.startsWith("!") && (cell as { f?: string }).f !== undefined);
    expect(formulas).toEqual([]);
  });

  it("must not export another organisation's lot, an unknown lot, nor answer without a key or a valid query", async () => {
    const call = (key: string | undefined, query: string) => h.call("GET", `/v1/fsma204?${query}`, key ? { key } : {});
    expectProblem(await call(s.other.key, `lot=${s.lot}`), 403, "forbidden");
    expectProblem(await call(s.buyer.key, `lot=${s.lotA}`), 403, "forbidden");
    // A regulator may read the lot's trace, but this sheet is an organisation's own records.
    const regulator = await h.org("regulator");
    expectProblem(await call(regulator.key, `lot=${s.lot}`), 403, "forbidden");
    expectProblem(await call(s.seller.key, "lot=9999-9-9"), 404, "not-found");
    expectProblem(await call(undefined, `lot=${s.lot}`), 401, "unauthenticated");
    expectProblem(await call(s.seller.key, ""), 400, "invalid-request");
    expectProblem(await call(s.seller.key, "from=2026-01-01T00:00:00Z&to=2027-06-01T00:00:00Z"), 400, "invalid-request");
    expectProblem(await call(s.seller.key, "from=2027-01-01T00:00:00Z&to=2026-01-01T00:00:00Z"), 400, "invalid-request");
    expectProblem(await call(s.seller.key, `lot=${s.lot}&format=pdf`), 400, "invalid-request");
    const keyless = await h.org("wholesaler", { scopes: ["batches:write"] });
    expectProblem(await call(keyless.key, year), 403, "forbidden");
  });
});

describe("GET /v1/fsma204 for an admin", () => {
  it("an organisation without events gets the header row only", async () => {
    const platform = await admin(h);
    const { header, rows } = readCsv((await fetchSheet(platform.key, year)).bytes);
    expect(header[0]).toBe("Critical Tracking Event (CTE)");
    expect(rows).toEqual([]);
  });
});
