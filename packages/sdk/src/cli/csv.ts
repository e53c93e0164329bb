/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF. */
export interface CsvRow {
  /** 1-based line number of the row's first line in the file (the header is line 1). */
  line: number;
  /** The row's text as it stands in the file. */
  raw: string;
  fields: string[];
}

export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let rowStart = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  rowStart = i;
  const endRow = (end: number) => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === "")) rows.push({ line: rowLine, raw: text.slice(rowStart, end), fields });
    fields = [];
    field = "";
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") fields.push(field), (field = "");
    else if (c === "\n" || c === "\r") {
      endRow(i);
      if (c === "\r" && text[i + 1] === "\n") i++;
      line++;
      rowLine = line;
      rowStart = i + 1;
    } else field += c;
  }
  if (quoted) throw new Error(`unterminated quoted field starting on line ${rowLine}`);
  if (field !== "" || fields.length > 0) endRow(text.length);
  return rows;
}

const needsQuotes = /[",\r\n]/;
export const csvField = (value: string) => (needsQuotes.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
export const csvLine = (values: string[]) => `${values.map(csvField).join(",")}\n`;
