import { sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { HOUR_MS, utcHour, utcMinute } from "../analytics/utc-hour";
import { inSlices } from "../lib/chunked";
import { type BufferedCount, ScanEventBuffer } from "../analytics/event-buffer";
import { type CloneRule, type CountRow, evaluate, type Flag, type VoucherFacts } from "../analytics/clone-rules";
import { coarseRegion } from "../analytics/scan-region";
import { mergeRows, WindowCache } from "../analytics/window-cache";
import type { VoucherRow } from "./vouchers";

/** The parts of a voucher row the clone rules use, which never change once issued. */
export type KnownVoucher = Pick<VoucherRow, "code" | "orgId" | "type" | "claims" | "batchCode">;

export interface ScanAnalyticsOptions {
  /** Flush when this many events are buffered. */
  flushEvents: number;
  /** Flush when the oldest buffered event is this old (checked as events arrive, and by the Node entry's timer). */
  flushMs: number;
  rule: CloneRule;
  /**
   * A voucher's stored counter rows are read again for the clone rules at most this often
   * (default WINDOW_REFRESH_MS); in between, the rows this process read and wrote are used.
   * 0 reads them on every flush.
   */
  windowRefreshMs?: number;
}

/** Counters kept in memory at most, should flushes keep failing (older failed counts are dropped). */
const MAX_BUFFERED_KEYS = 200_000;
/** Rows per JSON array bound to one statement (one parameter, so D1's 100-parameter limit does not apply). */
const ROWS_PER_STATEMENT = 2_000;
/** Voucher facts (issuer, type, quantity) kept in memory: they never change once issued. */
const FACTS_CACHE_SIZE = 100_000;
/** A flag this process wrote is rewritten (evidence, last seen) at most this often. */
export const FLAG_REFRESH_MS = 10 * 60_000;
/** Another process's scans of a voucher reach this process's clone evaluation within this long. */
export const WINDOW_REFRESH_MS = 5 * 60_000;
/** Vouchers whose window rows are kept in memory. */
const WINDOW_CACHE_SIZE = 50_000;



/**
 * Scan analytics: scans are recorded in memory (no await, no I/O on the scan path) and written
 * as aggregated counters — one upsert per (voucher, region, hour) — in one `db.batch` together
 * with the clone flags they raise. Writes use the database without the scan cache's write
 * notification: counters never change what a scan answers.
 */
export class ScanAnalyticsService {
  private readonly buffer = new ScanEventBuffer();
  private readonly facts = new Map<string, VoucherFacts>();
  /** Batch quantity and unit by batch code, for facts built from a known voucher row. */
  private readonly batchFacts = new Map<string, { quantity: number | null; unit: string | null }>();
  /** When this process last wrote each flag (`code|reason` → epoch ms), to refresh it at most every FLAG_REFRESH_MS. */
  private readonly flagWrites = new Map<string, number>();
  /** Each voucher's window rows as last read plus what this process wrote since (see `windowRefreshMs`). */
  private readonly windows: WindowCache;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly options: ScanAnalyticsOptions,
    private readonly now: () => Date,
    /** Voucher rows this process already holds (the scan cache's), so their facts need no query. */
    private readonly knownRow: (digits: string) => KnownVoucher | undefined = () => undefined,
  ) {
    this.windows = new WindowCache({ maxVouchers: WINDOW_CACHE_SIZE, refreshMs: options.windowRefreshMs ?? WINDOW_REFRESH_MS });
  }

  get rule(): CloneRule {
    return this.options.rule;
  }

  /** Events waiting for the next flush. */
  get pending(): number {
    return this.buffer.size;
  }

  /**
   * Counts one scan of the voucher URL `digits` in `region` (any GB/T 2260 code, made coarse
   * here; anything else counts as `unknown`). Returns the flush it started when the buffer was
   * due, for the caller to hand to `waitUntil` (Workers) or leave running (Node); else undefined.
   */
  record(digits: string, region: string | undefined): Promise<void> | undefined {
    const at = this.now().getTime();
    this.buffer.add(digits, coarseRegion(region), at);
    if (this.buffer.size >= this.options.flushEvents || at - this.buffer.oldestAt >= this.options.flushMs) return this.flush();
    return undefined;
  }

  /** Writes what is buffered; flushes run one after another. Never rejects (a failure is logged and the counts kept for the next flush). */
  flush(): Promise<void> {
    const taken = this.buffer.take();
    if (taken.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() =>
      this.write(taken).catch((error) => {
        console.error("scan analytics flush failed; counts kept for the next flush", error);
        this.buffer.restore(taken, MAX_BUFFERED_KEYS);
      }),
    );
    return this.flushing;
  }

  /** Counters and flags for one flush: read the window, evaluate the rules, write everything in one batch. */
  private async write(taken: BufferedCount[]): Promise<void> {
    const facts = await this.factsFor([...new Set(taken.map((entry) => entry.digits))]);
    const rows: Array<[string, string, string, string, number, number, number]> = [];
    const byVoucher = new Map<string, { voucher: VoucherFacts; rows: CountRow[] }>();
    for (const entry of taken) {
      const voucher = facts.get(entry.digits);
      if (!voucher) continue; // not a voucher registered here: nothing to count against
      rows.push([voucher.code, voucher.orgId, entry.region, entry.hour, entry.count, entry.firstMinute, entry.lastMinute]);
      let group = byVoucher.get(voucher.code);
      if (!group) byVoucher.set(voucher.code, (group = { voucher, rows: [] }));
      group.rows.push({ region: entry.region, hour: entry.hour, count: entry.count, firstMinute: entry.firstMinute, lastMinute: entry.lastMinute });
    }
    if (rows.length === 0) return;
    const now = this.now();
    const { flags, windows } = await this.evaluateAll(byVoucher, now);
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
    const minute = utcMinute(now.getTime());
    const due = this.due(flags, now.getTime());
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
    // Only once written: a failed flush puts its counts back in the buffer, to be added again.
    for (const { code, rows: merged, readAt } of windows) this.windows.set(code, merged, readAt);
    for (const key of due.map(({ voucher, flag }) => `${voucher.code}|${flag.reason}`)) {
      if (!this.flagWrites.has(key) && this.flagWrites.size >= FACTS_CACHE_SIZE) this.flagWrites.delete(this.flagWrites.keys().next().value!);
      this.flagWrites.set(key, now.getTime());
    }
  }

  /** Flags this process has not written within FLAG_REFRESH_MS (new ones always are). */
  private due(flags: Array<{ voucher: VoucherFacts; flag: Flag }>, at: number): Array<{ voucher: VoucherFacts; flag: Flag }> {
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
    now: Date,
  ): Promise<{ flags: Array<{ voucher: VoucherFacts; flag: Flag }>; windows: Array<{ code: string; rows: CountRow[]; readAt: number }> }> {
    const rule = this.options.rule;
    const at = now.getTime();
    const nowHour = utcHour(now.getTime());
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
    const flags: Array<{ voucher: VoucherFacts; flag: Flag }> = [];
    for (const { code, rows } of windows) {
      const voucher = byVoucher.get(code)!.voucher;
      for (const flag of evaluate(rule, voucher, rows, nowHour)) flags.push({ voucher, flag });
    }
    return { flags, windows };
  }

  /** Issuer, type and quantities of the vouchers with these digits (unknown digits are left out). */
  private async factsFor(digits: string[]): Promise<Map<string, VoucherFacts>> {
    const out = new Map<string, VoucherFacts>();
    const missing: string[] = [];
    const fromRows: Array<[string, KnownVoucher]> = [];
    for (const d of digits) {
      const known = this.facts.get(d);
      if (known) out.set(d, known);
      else {
        const row = this.knownRow(d);
        if (row) fromRows.push([d, row]);
        else missing.push(d);
      }
    }
    if (fromRows.length > 0) await this.factsFromRows(fromRows, out);
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
    if (this.facts.size >= FACTS_CACHE_SIZE) this.facts.delete(this.facts.keys().next().value!);
    this.facts.set(digits, facts);
  }

  /** Facts of vouchers whose rows this process holds: only their batches' quantity and unit are read (once per batch). */
  private async factsFromRows(known: Array<[string, KnownVoucher]>, out: Map<string, VoucherFacts>): Promise<void> {
    const batchCodes = [...new Set(known.flatMap(([, row]) => (row.batchCode && !this.batchFacts.has(row.batchCode) ? [row.batchCode] : [])))];
    for (const chunk of inSlices(batchCodes, ROWS_PER_STATEMENT)) {
      const found = await this.db.all<{ code: string; quantity: number | null; unit: string | null }>(
        sql`SELECT code, quantity, unit FROM batches WHERE code IN (SELECT value FROM json_each(${JSON.stringify(chunk)}))`,
      );
      for (const row of found) {
        if (this.batchFacts.size >= FACTS_CACHE_SIZE) this.batchFacts.delete(this.batchFacts.keys().next().value!);
        this.batchFacts.set(row.code, { quantity: row.quantity === null ? null : Number(row.quantity), unit: row.unit });
      }
    }
    for (const [digits, row] of known) {
      const batch = row.batchCode ? this.batchFacts.get(row.batchCode) : undefined;
      const quantity = (row.claims as { quantity?: unknown }).quantity;
      const facts: VoucherFacts = {
        code: row.code,
        orgId: row.orgId,
        type: row.type,
        // As json_extract(claims, '$.quantity') reads it: a number, else none.
        quantity: typeof quantity === "number" ? quantity : null,
        batchQuantity: batch?.quantity ?? null,
        batchUnit: batch?.unit ?? null,
      };
      this.keepFacts(digits, facts);
      out.set(digits, facts);
    }
  }
}
