import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Scan counters (no personal data): how often a voucher was scanned in a coarse region in one
 * UTC hour. `region` is a GB/T 2260 province or city code, or `unknown`; `firstMinute` and
 * `lastMinute` (0–59) are the minutes of that hour with the first and last scan, which the
 * distant-regions rule needs. No IP address, user agent, device id or time below a minute.
 */
export const scanCounts = sqliteTable(
  "scan_counts",
  {
    voucherCode: text("voucher_code").notNull(),
    /** The issuing organisation (the merchant the voucher belongs to). */
    orgId: text("org_id").notNull(),
    region: text("region").notNull(),
    /** UTC hour, `YYYY-MM-DDTHH:00Z`. */
    hour: text("hour").notNull(),
    count: integer("count").notNull(),
    firstMinute: integer("first_minute").notNull(),
    lastMinute: integer("last_minute").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.voucherCode, table.region, table.hour] }),
    index("scan_counts_hour").on(table.hour),
    index("scan_counts_org_hour").on(table.orgId, table.hour),
  ],
);

/**
 * Vouchers that look copied: one row per voucher and rule (`over-scanned`, `distant-regions`),
 * updated in place when the rule fires again.
 */
export const flaggedCodes = sqliteTable(
  "flagged_codes",
  {
    voucherCode: text("voucher_code").notNull(),
    reason: text("reason").notNull(),
    orgId: text("org_id").notNull(),
    /** Province or city codes involved, comma-delimited with leading and trailing commas (`,310000,440100,`). */
    regions: text("regions").notNull(),
    /** What the rule saw: scans, limit, window, regions and distance. */
    evidence: text("evidence", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** Minutes (UTC, `YYYY-MM-DDTHH:MMZ`) the rule first and last fired. */
    firstSeen: text("first_seen").notNull(),
    lastSeen: text("last_seen").notNull(),
  },
  (table) => [primaryKey({ columns: [table.voucherCode, table.reason] }), index("flagged_codes_org").on(table.orgId), index("flagged_codes_last_seen").on(table.lastSeen)],
);
