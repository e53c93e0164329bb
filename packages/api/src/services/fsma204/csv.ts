/**
 * RFC 4180 CSV for spreadsheets: CRLF line ends, fields with a quote, comma, CR or LF quoted
 * with quotes doubled, UTF-8 with a byte-order mark (so Excel reads the Chinese text right).
 * Text starting with = + - @, tab or CR gets a leading apostrophe, so a spreadsheet never
 * runs it as a formula (CSV injection); numbers are written as they are.
 */
export const UTF8_BOM = "\uFEFF";
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: ReadonlyArray<string | number | null>) => `${cells.map(csvField).join(",")}\r\n`;

/** The CSV as UTF-8 chunks of about `chunkBytes`: the header, then the rows as they come. */
export async function* csvChunks(header: readonly string[], rows: AsyncIterable<ReadonlyArray<string | number | null>>, chunkBytes = 64 * 1024): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let buffer = UTF8_BOM + csvLine(header);
  for await (const row of rows) {
    buffer += csvLine(row);
    if (buffer.length >= chunkBytes) {
      yield encoder.encode(buffer);
      buffer = "";
    }
  }
  yield encoder.encode(buffer);
}
