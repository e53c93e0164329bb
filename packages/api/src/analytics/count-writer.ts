import { sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { inSlices } from "../lib/chunked";
import { type CloneRule, type CountRow, evaluate, type Flag, type VoucherFacts } from "./clone-rules";
import type { BufferedCount } from "./event-buffer";
import { HOUR_MS, utcHour, utcMinute } from "./utc-hour";
import { mergeRows, WindowCache } from "./window-cache";
import { trimOldest } from "../lib/bounded-map";

/**
 * What the request thread already knows of a voucher whose row the scan cache holds, as plain
 * data (it crosses to a worker thread): the writer then needs no lookup by the voucher's digits.
 */
export interface KnownVoucherFacts {
  code: string;
  orgId: string;
  type: string;
  /** `claims.quantity` when it is a number (as `json_extract(claims, '$.quantity')` reads it), else null. */
  quantity: number | null;
  batchCode: string | null;
}

/** One flush of the scan counters, as plain data. */
export interface AnalyticsFlush {
  /** The flush's time (epoch ms): the window's end, the flags' minute. */
  at: number;
  counts: BufferedCount[];
  /**
   * Facts of the counted vouchers whose rows the request thread holds, each with the index of
   * one of its counts in `counts` (the digits are not sent twice); the rest are read by the writer.
   */
  known: Array<[count: number, facts: KnownVoucherFacts]>;
}

/** Where a flush goes: in this thread (CountWriter) or in a worker thread (ThreadedCountWriter). */
export interface AnalyticsWriter {
  /** Writes the flush's counters and flags in one transaction; rejects (and writes nothing) on failure. */
  write(flush: AnalyticsFlush): Promise<void>;
  /**
   * Optional (ThreadedCountWriter): hands over a flush the writer may hold, to commit it in one
   * transaction with the flushes that follow. Resolves once committed, rejects if nothing of it
   * was written; may be called again before earlier calls resolve (they are written in order).
   */
  writeLater?(flush: AnalyticsFlush): Promise<void>;
  /** Releases what the writer holds (a worker thread); writes in flight finish first. */
  close(): Promise<void>;
}

export interface CountWriterOptions {
  rule: CloneRule;
  /**
   * A voucher's stored counter rows are read again for the clone rules at most this often
   * (default WINDOW_REFRESH_MS); in between, the rows this writer read and wrote are used.
   * 0 reads them on every flush.
   */
  windowRefreshMs?: number;
}

/** Rows per JSON array bound to one statement (one parameter, so D1's 100-parameter limit does not apply). */
const ROWS_PER_STATEMENT = 2_000;
/** Voucher facts (issuer, type, quantity) kept in memory: they never change once issued. */
const FACTS_CACHE_SIZE = 100_000;
/** A flag this writer wrote is rewritten (evidence, last seen) at most this often. */
export const FLAG_REFRESH_MS = 10 * 60_000;
/** Another process's scans of a voucher reach this writer's clone evaluation within this long. */
export const WINDOW_REFRESH_MS = 5 * 60_000;
/** Vouchers whose window rows are kept in memory. */
const WINDOW_CACHE_SIZE = 50_000;

type Evaluated = Array<{ voucher: VoucherFacts; flag: Flag }>;

/**
 * The database side of scan analytics: for one flush, the facts of the counted vouchers, their
 * window rows (read, or from the window cache while fresh), the clone rules, and one `db.batch`
 * of counter upserts plus the flags due. Everything here touches the database or the caches
 * that mirror it; nothing here runs per scan.
 */
export class CountWriter implements AnalyticsWriter {
  private readonly facts = new Map<string, VoucherFacts>();
  /** Batch quantity and unit by batch code, for facts built from a known voucher row. */
  private readonly batchFacts = new Map<string, { quantity: number | null; unit: string | null }>();
  /** When this writer last wrote each flag (`code|reason` → epoch ms), to refresh it at most every FLAG_REFRESH_MS. */
  private readonly flagWrites = new Map<string, number>();
  /** Each voucher's window rows as last read plus what this writer wrote since (see `windowRefreshMs`). */
  private readonly windows: WindowCache;

  constructor(
    private readonly db: Database,
    private readonly options: CountWriterOptions,
  ) {
    this.windows = new WindowCache({ maxVouchers: WINDOW_CACHE_SIZE, refreshMs: options.windowRefreshMs ?? WINDOW_REFRESH_MS });
  }

  async close(): Promise<void> {}

  /** Counters and flags for one flush: read the window, evaluate the rules, write everything in one batch. */
  async write({ at, counts, known }: AnalyticsFlush): Promise<void> {
    const facts = await this.factsFor([...new Set(counts.map((entry) => entry.digits))], new Map(known.map(([index, row]) => [counts[index]!.digits, row])));
    const rows: Array<[string, string, string, string, number, number, number]> = [];
    const byVoucher = new Map<string, { voucher: VoucherFacts; rows: CountRow[] }>();
    for (const entry of counts) {
      const voucher = facts.get(entry.digits);
      if (!voucher) continue; // not a voucher registered here: nothing to count against
      rows.push([voucher.code, voucher.orgId, entry.region, entry.hour, entry.count, entry.firstMinute, entry.lastMinute]);
      let group = byVoucher.get(voucher.code);
      if (!group) byVoucher.set(voucher.code, (group = { voucher, rows: [] }));
      group.rows.push({ region: entry.region, hour: entry.hour, count: entry.count, firstMinute: entry.firstMinute, lastMinute: entry.lastMinute });
    }
    if (rows.length === 0) return;
    const { flags, windows } = await this.evaluateAll(byVoucher, at);
    const statements = [];
    for (const chunk of inSlices(rows, ROWS_PER_STATEMENT)) {
      statements.push(
        this.db.run(sql`INSERT INTO scan_counts (voucher_code, org_id, region, hour, "count", first_minute, last_minute)
          SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'),
                 json_extract(value, '$[4]'), json_extract(value, '$[5]'), json_extract(value, '$[6]')
          FROM json_each(${JSON.stringify(chunk)}) WHERE true
          ON CONFLICT (voucher_code, region, hour) DO UPDATE SET
            "count" = "count" + excluded."count",
            first_minute = min(first_minute, excluded.first_minute),
            last_minute = max(last_minute, excluded.last_minute)`),
      );
    }
    const minute = utcMinute(at);
    const due = this.due(flags, at);
    const flagRows = due.map(({ voucher, flag }) => [voucher.code, flag.reason, voucher.orgId, `,${flag.regions.join(",")},`, flag.evidence, minute]);
    for (const chunk of inSlices(flagRows, ROWS_PER_STATEMENT)) {
      statements.push(
        this.db.run(sql`INSERT INTO flagged_codes (voucher_code, reason, org_id, regions, evidence, first_seen, last_seen)
          SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'),
                 json_extract(value, '$[4]'), json_extract(value, '$[5]'), json_extract(value, '$[5]')
          FROM json_each(${JSON.stringify(chunk)}) WHERE true
          ON CONFLICT (voucher_code, reason) DO UPDATE SET
            regions = excluded.regions, evidence = excluded.evidence, last_seen = max(last_seen, excluded.last_seen)`),
      );
    }
    await this.db.batch(statements as [(typeof statements)[number], ...typeof statements]);
    // Only once written: a failed flush's counts go back into the buffer, to be added again.
    for (const { code, rows: merged, readAt } of windows) this.windows.set(code, merged, readAt);
    for (const key of due.map(({ voucher, flag }) => `${voucher.code}|${flag.reason}`)) {
      this.flagWrites.set(key, at);
      trimOldest(this.flagWrites, FACTS_CACHE_SIZE);
    }
  }

  /** Flags this writer has not written within FLAG_REFRESH_MS (new ones always are). */
  private due(flags: Evaluated, at: number): Evaluated {
    return flags.filter(({ voucher, flag }) => {
      const last = this.flagWrites.get(`${voucher.code}|${flag.reason}`);
      return last === undefined || at - last >= FLAG_REFRESH_MS;
    });
  }

  /**
   * The window rows of each voucher — stored ones (read from the database, or from the window
   * cache while fresh) merged with the new ones — through the clone rules. Also returns the
   * merged rows, for the window cache once the flush is written.
   */
  private async evaluateAll(
    byVoucher: Map<string, { voucher: VoucherFacts; rows: CountRow[] }>,
    at: number,
  ): Promise<{ flags: Evaluated; windows: Array<{ code: string; rows: CountRow[]; readAt: number }> }> {
    const rule = this.options.rule;
    const nowHour = utcHour(at);
    const lookbackHours = Math.max(rule.windowHours, Math.ceil(rule.distanceMinutes / 60) + 2);
    const since = utcHour(Date.parse(nowHour) - lookbackHours * HOUR_MS);
    const windows: Array<{ code: string; rows: CountRow[]; readAt: number }> = [];
    const toRead: string[] = [];
    for (const [code, group] of byVoucher) {
      const cached = this.windows.fresh(code, at, since);
      if (cached) windows.push({ code, rows: mergeRows(cached.rows, group.rows), readAt: cached.readAt });
      else toRead.push(code);
    }
    for (const chunk of inSlices(toRead, ROWS_PER_STATEMENT)) {
      const stored = await this.db.all<{ voucher_code: string; region: string; hour: string; count: number; first_minute: number; last_minute: number }>(
        sql`SELECT voucher_code, region, hour, "count", first_minute, last_minute FROM scan_counts
            WHERE voucher_code IN (SELECT value FROM json_each(${JSON.stringify(chunk)})) AND hour >= ${since}`,
      );
      const storedBy = new Map<string, CountRow[]>();
      for (const row of stored) {
        let list = storedBy.get(row.voucher_code);
        if (!list) storedBy.set(row.voucher_code, (list = []));
        list.push({ region: row.region, hour: row.hour, count: Number(row.count), firstMinute: Number(row.first_minute), lastMinute: Number(row.last_minute) });
      }
      for (const code of chunk) windows.push({ code, rows: mergeRows(storedBy.get(code) ?? [], byVoucher.get(code)!.rows), readAt: at });
    }
    const flags: Evaluated = [];
    for (const { code, rows } of windows) {
      const voucher = byVoucher.get(code)!.voucher;
      for (const flag of evaluate(rule, voucher, rows, nowHour)) flags.push({ voucher, flag });
    }
    return { flags, windows };
  }

  /** Issuer, type and quantities of the vouchers with these digits (unknown digits are left out). */
  private async factsFor(digits: string[], known: Map<string, KnownVoucherFacts>): Promise<Map<string, VoucherFacts>> {
    const out = new Map<string, VoucherFacts>();
    const missing: string[] = [];
    const fromKnown: Array<[string, KnownVoucherFacts]> = [];
    for (const d of digits) {
      const cached = this.facts.get(d);
      if (cached) out.set(d, cached);
      else {
        const row = known.get(d);
        if (row) fromKnown.push([d, row]);
        else missing.push(d);
      }
    }
    if (fromKnown.length > 0) await this.factsFromKnown(fromKnown, out);
    for (const chunk of inSlices(missing, ROWS_PER_STATEMENT)) {
      const found = await this.db.all<{ digits: string; code: string; org_id: string; type: string; quantity: number | null; batch_quantity: number | null; batch_unit: string | null }>(
        sql`SELECT v.digits, v.code, v.org_id, v.type, json_extract(v.claims, '$.quantity') AS quantity, b.quantity AS batch_quantity, b.unit AS batch_unit
            FROM vouchers v LEFT JOIN batches b ON b.code = v.batch_code
            WHERE v.digits IN (SELECT value FROM json_each(${JSON.stringify(chunk)}))`,
      );
      for (const row of found) {
        const facts: VoucherFacts = { code: row.code, orgId: row.org_id, type: row.type, quantity: row.quantity === null ? null : Number(row.quantity), batchQuantity: row.batch_quantity === null ? null : Number(row.batch_quantity), batchUnit: row.batch_unit };
        this.keepFacts(row.digits, facts);
        out.set(row.digits, facts);
      }
    }
    return out;
  }

  private keepFacts(digits: string, facts: VoucherFacts): void {
    this.facts.set(digits, facts);
    trimOldest(this.facts, FACTS_CACHE_SIZE);
  }

  /** Facts of vouchers the request thread holds: only their batches' quantity and unit are read (once per batch). */
  private async factsFromKnown(known: Array<[string, KnownVoucherFacts]>, out: Map<string, VoucherFacts>): Promise<void> {
    const batchCodes = [...new Set(known.flatMap(([, row]) => (row.batchCode && !this.batchFacts.has(row.batchCode) ? [row.batchCode] : [])))];
    for (const chunk of inSlices(batchCodes, ROWS_PER_STATEMENT)) {
      const found = await this.db.all<{ code: string; quantity: number | null; unit: string | null }>(
        sql`SELECT code, quantity, unit FROM batches WHERE code IN (SELECT value FROM json_each(${JSON.stringify(chunk)}))`,
      );
      for (const row of found) {
        this.batchFacts.set(row.code, { quantity: row.quantity === null ? null : Number(row.quantity), unit: row.unit });
        trimOldest(this.batchFacts, FACTS_CACHE_SIZE);
      }
    }
    for (const [digits, row] of known) {
      const batch = row.batchCode ? this.batchFacts.get(row.batchCode) : undefined;
      const facts: VoucherFacts = { code: row.code, orgId: row.orgId, type: row.type, quantity: row.quantity, batchQuantity: batch?.quantity ?? null, batchUnit: batch?.unit ?? null };
      this.keepFacts(digits, facts);
      out.set(digits, facts);
    }
  }
}
