/**
 * FSMA 204 electronic sortable spreadsheet (21 CFR 1.1455(c)(3)(ii)): one row per critical
 * tracking event with its key data elements (21 CFR 1.1325–1.1350). FDA publishes no
 * mandatory column layout; these headers name the KDEs as the rule words them, one column
 * per KDE over all CTEs, blank where a KDE does not apply to a row's CTE or we do not hold it.
 */
export const FSMA_COLUMNS = [
  "Critical Tracking Event (CTE)",
  "Event ID",
  "Event Date",
  "Event Time (UTC)",
  "Traceability Lot Code (TLC)",
  "TLC Source Location Description",
  "TLC Source Reference",
  "Product Description",
  "Quantity",
  "Unit of Measure",
  "Location Description for Immediate Previous Source",
  "Ship-From Location Description",
  "Ship-To Location Description",
  "Receiving Location Description",
  "Initial Packing Location Description",
  "Harvest Location Description",
  "Transformation Location Description",
  "Input Traceability Lot Code(s)",
  "Reference Document Type",
  "Reference Document Number",
  "GTIN",
] as const;

export type FsmaColumn = (typeof FSMA_COLUMNS)[number];

/** The seven CTEs of the rule; we produce initial packing, shipping, receiving and transformation. */
export const CTES = ["Harvesting", "Cooling", "Initial Packing", "First Land-Based Receiving", "Shipping", "Receiving", "Transformation"] as const;
export type Cte = (typeof CTES)[number];

/** A row: the CTE, then a value per column (numbers stay numbers, blanks are null). */
export type FsmaRow = Record<FsmaColumn, string | number | null>;

export const emptyRow = (): FsmaRow => Object.fromEntries(FSMA_COLUMNS.map((column) => [column, null])) as FsmaRow;

/** The row's values in column order, as the writers take them. */
export const cellsOf = (row: FsmaRow) => FSMA_COLUMNS.map((column) => row[column]);
