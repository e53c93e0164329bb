import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/database";
import { testBeforeSalePolicies } from "../db/schema/index";
import { type Principal, requireRole, requireScope } from "./principal";
import { upstreamCte } from "./status-changes";

export const SetTestBeforeSale = z.object({ enabled: z.boolean() }).strict();

/**
 * 入场批批检: a market manager (wholesale-market) can require a passing rapid test before the
 * batches of its traders (organisations whose market it is, and its own) may be sold. A batch
 * counts as tested when the latest result on it or on a batch upstream of it (the lot it was
 * split from, the seller's batch it was bought from) is a pass.
 */
export class TestBeforeSale {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  async set(principal: Principal, input: unknown): Promise<{ marketOrgId: string; enabled: boolean; updatedAt: string }> {
    requireScope(principal, "tests:write");
    requireRole(principal, ["wholesale-market"], "set a test-before-sale policy");
    const body = SetTestBeforeSale.parse(input);
    const row = { marketOrgId: principal.orgId, enabled: body.enabled, updatedAt: this.now().toISOString() };
    await this.db.insert(testBeforeSalePolicies).values(row).onConflictDoUpdate({ target: testBeforeSalePolicies.marketOrgId, set: { enabled: row.enabled, updatedAt: row.updatedAt } });
    return row;
  }

  async get(principal: Principal): Promise<{ marketOrgId: string; enabled: boolean; updatedAt: string | null }> {
    requireScope(principal, "read");
    const market = marketOf(principal);
    const row = market ? await this.db.select().from(testBeforeSalePolicies).where(eq(testBeforeSalePolicies.marketOrgId, market)).get() : undefined;
    return { marketOrgId: market ?? "", enabled: row?.enabled ?? false, updatedAt: row?.updatedAt ?? null };
  }

  /** Of the caller's batches, those that may not be sold yet: its market requires a test and none passed. */
  async untested(principal: Principal, codes: readonly string[]): Promise<Set<string>> {
    const market = marketOf(principal);
    if (!market || codes.length === 0) return new Set();
    const policy = await this.db.select().from(testBeforeSalePolicies).where(eq(testBeforeSalePolicies.marketOrgId, market)).get();
    if (!policy?.enabled) return new Set();
    const blocked = new Set<string>();
    for (const code of new Set(codes)) if ((await this.latestOutcome(code)) !== "pass") blocked.add(code);
    return blocked;
  }

  /** The latest result on the batch or any batch upstream of it. */
  private async latestOutcome(code: string): Promise<string | undefined> {
    // all(), not get(): the driver's get() fails on an empty result.
    const [row] = await this.db.all<{ outcome: string }>(sql`${upstreamCte(sql`SELECT ${code}`)}
      SELECT outcome FROM rapid_tests WHERE batch_code IN (SELECT code FROM up) ORDER BY tested_at DESC, created_at DESC LIMIT 1`);
    return row?.outcome;
  }
}

/** The market whose policy applies to the caller's goods: its own if it is a market, else the one it trades in. */
const marketOf = (principal: Principal) => (principal.role === "wholesale-market" ? principal.orgId : principal.marketId);
