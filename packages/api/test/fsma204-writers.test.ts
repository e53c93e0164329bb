import { parse as parseCsv } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { csvChunks, csvField } from "../src/services/fsma204/csv";
import { columnName, xlsxChunks } from "../src/services/fsma204/xlsx";

async function* from<T>(items: T[]) {
  yield* items;
}

async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) out.set(part, (at += part.length) - part.length);
  return out;
}

describe("XLSX writer", () => {
  it("names columns as spreadsheets do", () => {
    expect([0, 25, 26, 51, 701, 702].map(columnName)).toEqual(["A", "Z", "AA", "AZ", "ZZ", "AAA"]);
  });

  it("keeps text as text (markup, quotes, edge spaces, Chinese), drops characters XML cannot hold, and numbers stay numbers", async () => {
    const tricky = [' <b>&"x"</b> ', "=1+1", "菜心\u0001", 12.5, null];
    const book = XLSX.read(await bytesOf(xlsxChunks(["a", "b", "c", "d", "e"], from([tricky]), { sheetName: "T" })), { type: "array", cellFormula: true });
    const sheet = book.Sheets.T!;
    expect(XLSX.utils.sheet_to_json(sheet, { header: 1, defval: null })).toEqual([["a", "b", "c", "d", "e"], [' <b>&"x"</b> ', "=1+1", "菜心", 12.5, null]]);
    expect(sheet.B2).toMatchObject({ t: "s", v: "=1+1" });
    expect(sheet.B2.f).toBeUndefined();
    expect(sheet.D2).toMatchObject({ t: "n", v: 12.5 });
  });

  it("goes on in a new sheet with the same header past the row limit, each with its own filter", async () => {
    const rows = [1, 2, 3, 4, 5].map((n) => [`r${n}`, n]);
    const book = XLSX.read(await bytesOf(xlsxChunks(["name", "n"], from(rows), { sheetName: "FSMA 204", maxRowsPerSheet: 3 })), { type: "array" });
    expect(book.SheetNames).toEqual(["FSMA 204", "FSMA 204 (2)", "FSMA 204 (3)"]);
    expect(book.SheetNames.map((name) => XLSX.utils.sheet_to_json(book.Sheets[name]!, { header: 1 }))).toEqual([
      [["name", "n"], ["r1", 1], ["r2", 2]],
      [["name", "n"], ["r3", 3], ["r4", 4]],
      [["name", "n"], ["r5", 5]],
    ]);
    expect(book.SheetNames.map((name) => book.Sheets[name]!["!autofilter"])).toEqual([{ ref: "A1:B3" }, { ref: "A1:B3" }, { ref: "A1:B2" }]);
  });

  it("writes a header-only workbook for no rows", async () => {
    const book = XLSX.read(await bytesOf(xlsxChunks(["only"], from([]))), { type: "array" });
    expect(XLSX.utils.sheet_to_json(book.Sheets[book.SheetNames[0]!]!, { header: 1 })).toEqual([["only"]]);
  });
});

describe("CSV writer", () => {
  it("quotes per RFC 4180 and guards formula starts", () => {
    expect([null, 0, -5, "plain", 'a "b"', "a,b", "a\nb", "=x", "+x", "-x", "@x", "\tx", "\rx", "x=y"].map(csvField)).toEqual([
      "",
      "0",
      "-5",
      "plain",
      '"a ""b"""',
      '"a,b"',
      '"a\nb"',
      "'=x",
      "'+x",
      "'-x",
      "'@x",
      "'\tx",
      '"\'\rx"',
      "x=y",
    ]);
  });

  it("round-trips through csv-parse across chunk boundaries", async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [`row ${i}, "quoted"\nnext`, i, i % 7 === 0 ? null : "菜心"]);
    // ignoreBOM: keep the byte-order mark in the text (the default decoder drops it).
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await bytesOf(csvChunks(["text", "n", "name"], from(rows), 4096)));
    expect(text.startsWith("\uFEFFtext,n,name\r\n")).toBe(true);
    const parsed = parseCsv(text, { bom: true }) as string[][];
    expect(parsed).toEqual([["text", "n", "name"], ...rows.map(([t, n, name]) => [t, String(n), name ?? ""])]);
  });
});
