import { lookupRegion, RegionCode } from "@shian/schemas";
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/database";
import { utcHour } from "../analytics/utc-hour";
import { FLAG_REASONS } from "../analytics/clone-rules";
import { UNKNOWN_REGION } from "../analytics/scan-region";
import { ApiError } from "../errors/api-error";
import { isSupervisor, type Principal, requireScope } from "./principal";

const MAX_RANGE_DAYS = 366;
const DEFAULT_RANGE_DAYS = 7;

const Range = {
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};
const Limit = z.coerce.number().int().min(1).max(1000).default(100);

export const VoucherCountsQuery = z.object({ ...Range, code: z.string().min(1).max(64).optional(), orgId: z.string().max(64).optional(), limit: Limit }).strict();
export const MerchantCountsQuery = z.object({ ...Range, limit: Limit }).strict();
export const RegionCountsQuery = z.object({ ...Range, level: z.enum(["province", "city"]).default("province"), region: RegionCode.optional() }).strict();
export const FlagQuery = z.object({ region: RegionCode.optional(), reason: z.enum(FLAG_REASONS).optional(), orgId: z.string().max(64).optional(), limit: Limit }).strict();

export interface FlagView {
  voucherCode: string;
  reason: (typeof FLAG_REASONS)[number];
  orgId: string;
  regions: string[];
  evidence: Record<string, unknown>;
  firstSeen: string;
  lastSeen: string;
}

const regionName = (code: string) => (code === UNKNOWN_REGION ? null : (lookupRegion(code)?.name ?? null));

/** A region filter on a stored region column: the code itself and every code under it. */
export function regionPrefix(code: string): string {
  return code.endsWith("0000") ? code.slice(0, 2) : code.endsWith("00") ? code.slice(0, 4) : code;
}

/**
 * What the counters and flags say, by voucher, merchant (issuing organisation), region and hour.
 * Issuers see their own vouchers only; regulators (and the platform admin) see everything.
 */
export class ScanAnalyticsQueries {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  /** The hour range of a query: `from`..`to` (default: the last 7 days up to now). */
  private range(query: { from?: string | undefined; to?: string | undefined }): { from: string; to: string } {
    const to = query.to ? Date.parse(query.to) : this.now().getTime();
    const from = query.from ? Date.parse(query.from) : to - DEFAULT_RANGE_DAYS * 86_400_000;
    if (from > to) throw new ApiError("invalid-request", "from must not be after to");
    if (to - from > MAX_RANGE_DAYS * 86_400_000) throw new ApiError("invalid-request", `a range covers at most ${MAX_RANGE_DAYS} days`);
    return { from: utcHour(from), to: utcHour(to) };
  }

  /** Which organisation's vouchers a caller may see: its own, or (supervisors) the one asked for, or all. */
  private scopeOrg(principal: Principal, orgId: string | undefined): string | undefined {
    requireScope(principal, "read");
    if (isSupervisor(principal)) return orgId;
    if (orgId && orgId !== principal.orgId) throw new ApiError("forbidden", "issuers see the scans of their own vouchers only");
    return principal.orgId;
  }

  async vouchers(principal: Principal, input: unknown) {
    const q = VoucherCountsQuery.parse(input);
    const org = this.scopeOrg(principal, q.orgId);
    const { from, to } = this.range(q);
    const where: SQL[] = [sql`hour >= ${from}`, sql`hour <= ${to}`];
    if (org) where.push(sql`org_id = ${org}`);
    if (q.code) where.push(sql`voucher_code = ${q.code}`);
    const rows = await this.db.all<{ voucher_code: string; org_id: string; scans: number; regions: number; first_hour: string; last_hour: string }>(
      sql`SELECT voucher_code, org_id, SUM("count") AS scans, COUNT(DISTINCT region) AS regions, MIN(hour) AS first_hour, MAX(hour) AS last_hour
          FROM scan_counts WHERE ${sql.join(where, sql` AND `)} GROUP BY voucher_code, org_id ORDER BY scans DESC, voucher_code LIMIT ${q.limit}`,
    );
    return {
      from,
      to,
      vouchers: rows.map((r) => ({ voucherCode: r.voucher_code, orgId: r.org_id, scans: Number(r.scans), regions: Number(r.regions), firstHour: r.first_hour, lastHour: r.last_hour })),
    };
  }

  async merchants(principal: Principal, input: unknown) {
    const q = MerchantCountsQuery.parse(input);
    const org = this.scopeOrg(principal, undefined);
    const { from, to } = this.range(q);
    const where: SQL[] = [sql`s.hour >= ${from}`, sql`s.hour <= ${to}`];
    if (org) where.push(sql`s.org_id = ${org}`);
    const rows = await this.db.all<{ org_id: string; name: string | null; scans: number; vouchers: number }>(
      sql`SELECT s.org_id, o.name, SUM(s."count") AS scans, COUNT(DISTINCT s.voucher_code) AS vouchers
          FROM scan_counts s LEFT JOIN organisations o ON o.id = s.org_id
          WHERE ${sql.join(where, sql` AND `)} GROUP BY s.org_id ORDER BY scans DESC, s.org_id LIMIT ${q.limit}`,
    );
    return { from, to, merchants: rows.map((r) => ({ orgId: r.org_id, name: r.name, scans: Number(r.scans), vouchers: Number(r.vouchers) })) };
  }

  /** Regulators: scans per region (province, or city where known) and per region and hour. */
  async regions(principal: Principal, input: unknown) {
    const q = RegionCountsQuery.parse(input);
    requireScope(principal, "read");
    if (!isSupervisor(principal)) throw new ApiError("forbidden", "scan counts by region are for regulators");
    const { from, to } = this.range(q);
    const where: SQL[] = [sql`hour >= ${from}`, sql`hour <= ${to}`];
    if (q.region) where.push(sql`region LIKE ${`${regionPrefix(q.region)}%`}`);
    // `unknown` stays itself; a city code becomes its province at the province level.
    const key = q.level === "province" ? sql`CASE WHEN region = ${UNKNOWN_REGION} THEN region ELSE substr(region, 1, 2) || '0000' END` : sql`region`;
    const rows = await this.db.all<{ region: string; hour: string; scans: number }>(
      sql`SELECT ${key} AS region, hour, SUM("count") AS scans FROM scan_counts WHERE ${sql.join(where, sql` AND `)} GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const totals = new Map<string, number>();
    for (const row of rows) totals.set(row.region, (totals.get(row.region) ?? 0) + Number(row.scans));
    return {
      from,
      to,
      level: q.level,
      regions: [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([region, scans]) => ({ region, name: regionName(region), scans })),
      hours: rows.map((r) => ({ region: r.region, hour: r.hour, scans: Number(r.scans) })),
    };
  }

  /** Flagged codes: an issuer's own; regulators all, by region, reason or issuer. Most recent first. */
  async flags(principal: Principal, input: unknown): Promise<FlagView[]> {
    const q = FlagQuery.parse(input);
    const org = this.scopeOrg(principal, q.orgId);
    const where: SQL[] = [sql`1 = 1`];
    if (org) where.push(sql`org_id = ${org}`);
    if (q.reason) where.push(sql`reason = ${q.reason}`);
    if (q.region) where.push(sql`regions LIKE ${`%,${regionPrefix(q.region)}%`}`);
    const rows = await this.db.all<{ voucher_code: string; reason: string; org_id: string; regions: string; evidence: string; first_seen: string; last_seen: string }>(
      sql`SELECT voucher_code, reason, org_id, regions, evidence, first_seen, last_seen FROM flagged_codes
          WHERE ${sql.join(where, sql` AND `)} ORDER BY last_seen DESC, voucher_code, reason LIMIT ${q.limit}`,
    );
    return rows.map((r) => ({
      voucherCode: r.voucher_code,
      reason: r.reason as FlagView["reason"],
      orgId: r.org_id,
      regions: r.regions.split(",").filter(Boolean),
      evidence: JSON.parse(r.evidence) as Record<string, unknown>,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
    }));
  }
}
