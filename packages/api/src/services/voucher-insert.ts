import { type Column, getTableColumns, type SQL, sql } from "drizzle-orm";
import { vouchers } from "../db/schema/index";

type VoucherInsert = typeof vouchers.$inferInsert;

const COLUMNS = Object.entries(getTableColumns(vouchers)) as Array<[keyof VoucherInsert, Column]>;
const COLUMN_LIST = sql.raw(COLUMNS.map(([, column]) => `"${column.name}"`).join(", "));
const SELECT_LIST = sql.raw(COLUMNS.map((_, i) => `json_extract(value, '$[${i}]')`).join(", "));

/** One row as a JSON array in column order: JSON columns as their text, absent values as their default or null. */
function rowValues(row: VoucherInsert): unknown[] {
  return COLUMNS.map(([key, column]) => {
    const value = row[key];
    if (value === undefined) return column.default ?? null;
    return column.dataType === "json" ? JSON.stringify(value) : value;
  });
}

/**
 * A multi-row voucher INSERT that binds ONE parameter, the rows as a JSON array of arrays,
 * expanded by SQLite's `json_each` (libSQL, sqld and D1 alike). Building it costs one
 * `JSON.stringify` instead of a query-builder pass over every value, and D1's limit of 100
 * bound parameters does not bound the rows per statement. Keys already taken are skipped
 * (`ON CONFLICT DO NOTHING`; `WHERE true` keeps the upsert clause apart from the SELECT).
 */
export function insertVoucherRows(rows: readonly VoucherInsert[]): SQL {
  const data = JSON.stringify(rows.map(rowValues));
  return sql`INSERT INTO vouchers (${COLUMN_LIST}) SELECT ${SELECT_LIST} FROM json_each(${data}) WHERE true ON CONFLICT DO NOTHING`;
}
