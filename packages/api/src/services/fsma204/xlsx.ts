import { strToU8, Zip, ZipDeflate } from "fflate";

/**
 * A streaming XLSX (Office Open XML SpreadsheetML) writer on fflate's streaming zip: one
 * worksheet of inline strings and numbers (more past Excel's row limit), the header row frozen
 * and bold, an auto-filter over the whole table so every column sorts and filters. Sheets are
 * compressed as rows arrive.
 * Inline strings are never formulas, so text is written as it is.
 */
const NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const ROOT_RELS = `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const STYLES = `${XML_HEAD}<styleSheet xmlns="${NS}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

// XML 1.0 forbids most control characters even escaped: they are dropped.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const escapeXml = (text: string) => text.replace(INVALID_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function cellXml(ref: string, value: string | number | null, style: string): string {
  if (value === null || value === "") return "";
  if (typeof value === "number") return Number.isFinite(value) ? `<c r="${ref}"${style}><v>${value}</v></c>` : "";
  const space = /^\s|\s$/.test(value) ? ' xml:space="preserve"' : "";
  return `<c r="${ref}"${style} t="inlineStr"><is><t${space}>${escapeXml(value)}</t></is></c>`;
}

const sanitizeSheetName = (name: string) => name.replace(/[\\/?*[\]:]/g, " ").slice(0, 31) || "Sheet1";

/** Excel's limit: 1,048,576 rows a sheet, the header row included. */
export const EXCEL_MAX_ROWS = 1_048_576;

const contentTypes = (sheets: number) =>
  `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${Array.from({ length: sheets }, (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("")}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`;
const workbookRels = (sheets: number) =>
  `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${Array.from({ length: sheets }, (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("")}<Relationship Id="rId${sheets + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`;

/**
 * The XLSX as chunks: the zip's bytes as each sheet is compressed, row by row. Past
 * `maxRowsPerSheet` rows (Excel's limit by default) the rows go on in a new sheet with the same
 * header (`name`, `name (2)`, …). The parts that depend on the number of sheets and rows (the
 * filters' ranges, the workbook, the content types) are written after the sheets: a zip's
 * entries may come in any order.
 */
export async function* xlsxChunks(
  header: readonly string[],
  rows: AsyncIterable<ReadonlyArray<string | number | null>>,
  options: { sheetName?: string; level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9; maxRowsPerSheet?: number } = {},
): AsyncGenerator<Uint8Array> {
  const baseName = sanitizeSheetName(options.sheetName ?? "Sheet1");
  const maxRows = Math.min(Math.max(options.maxRowsPerSheet ?? EXCEL_MAX_ROWS, 2), EXCEL_MAX_ROWS);
  const letters = header.map((_, i) => columnName(i));
  const last = letters[letters.length - 1]!;
  const headerCells = header.map((text, i) => cellXml(`${letters[i]}1`, text, ' s="1"')).join("");
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else out.push(chunk);
  });
  const drain = function* () {
    if (failure) throw failure;
    while (out.length) yield out.shift()!;
  };
  const whole = (name: string, text: string) => {
    const file = new ZipDeflate(name, { level: 6 });
    zip.add(file);
    file.push(strToU8(text), true);
  };

  /** Rows written on each finished sheet, the header included. */
  const sheets: number[] = [];
  let sheet: ZipDeflate | null = null;
  let rowNumber = 0;
  let buffer = "";
  const open = () => {
    sheet = new ZipDeflate(`xl/worksheets/sheet${sheets.length + 1}.xml`, { level: options.level ?? 1 });
    zip.add(sheet);
    rowNumber = 1;
    buffer = `${XML_HEAD}<worksheet xmlns="${NS}" xmlns:r="${REL_NS}"><sheetViews><sheetView${sheets.length === 0 ? ' tabSelected="1"' : ""} workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData><row r="1">${headerCells}</row>`;
  };
  const close = () => {
    sheet!.push(strToU8(`${buffer}</sheetData><autoFilter ref="A1:${last}${rowNumber}"/></worksheet>`), true);
    buffer = "";
    sheets.push(rowNumber);
    sheet = null;
  };

  open();
  for await (const row of rows) {
    if (rowNumber >= maxRows) {
      close();
      yield* drain();
      open();
    }
    rowNumber++;
    let cells = "";
    for (let i = 0; i < header.length; i++) cells += cellXml(`${letters[i]}${rowNumber}`, row[i] ?? null, "");
    buffer += `<row r="${rowNumber}">${cells}</row>`;
    if (buffer.length >= 64 * 1024) {
      sheet!.push(strToU8(buffer));
      buffer = "";
      yield* drain();
    }
  }
  close();
  yield* drain();

  const names = sheets.map((_, i) => (i === 0 ? baseName : `${baseName.slice(0, 31 - ` (${i + 1})`.length)} (${i + 1})`));
  const quoted = (name: string) => `'${name.replace(/'/g, "''")}'`;
  whole("[Content_Types].xml", contentTypes(sheets.length));
  whole("_rels/.rels", ROOT_RELS);
  whole("xl/_rels/workbook.xml.rels", workbookRels(sheets.length));
  whole("xl/styles.xml", STYLES);
  whole(
    "xl/workbook.xml",
    `${XML_HEAD}<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets>${names.map((name, i) => `<sheet name="${escapeXml(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("")}</sheets><definedNames>${sheets
      .map((rowsInSheet, i) => `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${escapeXml(`${quoted(names[i]!)}!$A$1:$${last}$${rowsInSheet}`)}</definedName>`)
      .join("")}</definedNames></workbook>`,
  );
  zip.end();
  yield* drain();
}
