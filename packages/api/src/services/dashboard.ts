import { lookupRegion } from "@shian/schemas";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/database";
import { UNKNOWN_REGION } from "../analytics/scan-region";
import { ApiError } from "../errors/api-error";
import type { GradeService } from "./grades";
import { isSupervisor, type Principal, requireScope } from "./principal";
import type { FlagView, ScanAnalyticsQueries } from "./scan-analytics-queries";

export const DashboardQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }).strict();

/** Report statuses a regulator still has to act on. */
export const OPEN_REPORT_STATUSES = ["received", "investigating"] as const;
/** Co-supervision tasks nobody finished by their deadline. */
const UNFINISHED_TASK_STATUSES = ["open", "claimed"] as const;

export interface TestCounts {
  tests: number;
  failed: number;
}

export interface Dashboard {
  asOf: string;
  days: number;
  since: string;
  /** Rapid tests recorded in the period by the province of the batch's origin, and by test item. */
  rapidTests: {
    total: TestCounts;
    byRegion: Array<{ region: string; name: string | null } & TestCounts>;
    byItem: Array<{ item: string } & TestCounts>;
  };
  /** Current grades (三色码) of every business with a profile; `none` = not graded. */
  grades: { A: number; B: number; C: number; none: number };
  /** Reports still awaiting triage or under investigation, by status. */
  openReports: { total: number; byStatus: Record<(typeof OPEN_REPORT_STATUSES)[number], number> };
  /** Co-supervision tasks open or claimed past their deadline (the 20 most overdue). */
  overdueTasks: { total: number; tasks: Array<{ id: string; title: string; kind: string; region: string; deadline: string; status: string }> };
  /** Possible copies: counts by rule and the 20 most recent. */
  flaggedCodes: { total: number; byReason: Record<string, number>; recent: FlagView[] };
  /** Scans in the period by province. */
  scansByRegion: Array<{ region: string; name: string | null; scans: number }>;
}

const provinceName = (code: string) => (code === UNKNOWN_REGION ? null : (lookupRegion(code)?.name ?? null));

/** The regulator dashboard: read-only counts over the other services' tables. */
export class DashboardService {
  constructor(
    private readonly db: Database,
    private readonly grades: GradeService,
    private readonly analytics: ScanAnalyticsQueries,
    private readonly now: () => Date,
  ) {}

  async get(principal: Principal, input: unknown): Promise<Dashboard> {
    const { days } = DashboardQuery.parse(input);
    requireScope(principal, "read");
    if (!isSupervisor(principal)) throw new ApiError("forbidden", "the dashboard is for regulators");
    const now = this.now();
    const since = new Date(now.getTime() - days * 86_400_000).toISOString();
    const [byRegion, byItem, profiles, reports, overdue, overdueCount, flagCounts, recent, scans] = await Promise.all([
      this.db.all<{ province: string; tests: number; failed: number }>(
        sql`SELECT substr(b.origin_region, 1, 2) || '0000' AS province, COUNT(*) AS tests, SUM(CASE WHEN t.outcome = 'fail' THEN 1 ELSE 0 END) AS failed
            FROM rapid_tests t JOIN batches b ON b.code = t.batch_code WHERE t.tested_at >= ${since} GROUP BY 1 ORDER BY tests DESC, province`,
      ),
      this.db.all<{ item: string; tests: number; failed: number }>(
        sql`SELECT item, COUNT(*) AS tests, SUM(CASE WHEN outcome = 'fail' THEN 1 ELSE 0 END) AS failed
            FROM rapid_tests WHERE tested_at >= ${since} GROUP BY item ORDER BY tests DESC, item`,
      ),
      this.db.all<{ org_id: string }>(sql`SELECT org_id FROM merchant_profiles`),
      this.db.all<{ status: string; n: number }>(
        sql`SELECT status, COUNT(*) AS n FROM reports WHERE status IN (${sql.join(OPEN_REPORT_STATUSES.map((s) => sql`${s}`), sql`, `)}) GROUP BY status`,
      ),
      this.db.all<{ id: string; title: string; kind: string; region: string; deadline: string; status: string }>(
        sql`SELECT id, title, kind, region, deadline, status FROM co_tasks
            WHERE status IN (${sql.join(UNFINISHED_TASK_STATUSES.map((s) => sql`${s}`), sql`, `)}) AND deadline < ${now.toISOString()} ORDER BY deadline, id LIMIT 20`,
      ),
      this.db.get<{ n: number }>(
        sql`SELECT COUNT(*) AS n FROM co_tasks WHERE status IN (${sql.join(UNFINISHED_TASK_STATUSES.map((s) => sql`${s}`), sql`, `)}) AND deadline < ${now.toISOString()}`,
      ),
      this.db.all<{ reason: string; n: number }>(sql`SELECT reason, COUNT(*) AS n FROM flagged_codes GROUP BY reason`),
      this.analytics.flags(principal, { limit: 20 }),
      this.analytics.regions(principal, { from: since, to: now.toISOString(), level: "province" }),
    ]);
    const gradeCounts = { A: 0, B: 0, C: 0, none: 0 };
    for (const grade of (await this.grades.currentGrades(profiles.map((p) => p.org_id))).values()) gradeCounts[grade ?? "none"] += 1;
    const counts = (rows: Array<{ tests: number; failed: number }>) => rows.reduce((sum, r) => ({ tests: sum.tests + Number(r.tests), failed: sum.failed + Number(r.failed) }), { tests: 0, failed: 0 });
    const byStatus = { received: 0, investigating: 0 };
    for (const row of reports) byStatus[row.status as keyof typeof byStatus] = Number(row.n);
    const byReason: Record<string, number> = {};
    for (const row of flagCounts) byReason[row.reason] = Number(row.n);
    return {
      asOf: now.toISOString(),
      days,
      since,
      rapidTests: {
        total: counts(byItem),
        byRegion: byRegion.map((r) => ({ region: r.province, name: provinceName(r.province), tests: Number(r.tests), failed: Number(r.failed) })),
        byItem: byItem.map((r) => ({ item: r.item, tests: Number(r.tests), failed: Number(r.failed) })),
      },
      grades: gradeCounts,
      openReports: { total: byStatus.received + byStatus.investigating, byStatus },
      overdueTasks: { total: Number(overdueCount?.n ?? 0), tasks: overdue },
      flaggedCodes: { total: Object.values(byReason).reduce((a, b) => a + b, 0), byReason, recent },
      scansByRegion: scans.regions.map((r) => ({ region: r.region, name: r.name, scans: r.scans })),
    };
  }
}
