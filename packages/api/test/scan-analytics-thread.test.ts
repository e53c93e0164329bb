import { sql } from "drizzle-orm";
import { once } from "node:events";
import type { Worker } from "node:worker_threads";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CountWriter } from "../src/analytics/count-writer";
import { ThreadedCountWriter } from "../src/analytics/thread-writer";
import { openLibsql } from "../src/db/libsql";
import { ScanAnalyticsService } from "../src/services/scan-analytics";
import { digitsOf, insertVouchers, ORG_ID, RULE, seedVoucherFile, storedAnalytics, type VoucherFile } from "./scan-analytics-files";

// The scan analytics writer in a worker thread (the Node entry on a database file): the same rows
// as the in-process writer, failures keep the counts, shutdown writes everything, and the main
// thread's event loop runs while the thread writes.

const START = Date.parse("2026-05-10T02:10:00Z");
const MINUTE = 60_000;
/** Flush only when a test asks. */
const MANUAL = { flushEvents: 1_000_000_000, flushMs: 86_400_000, rule: RULE };

let file: VoucherFile;
beforeAll(async () => {
  file = await seedVoucherFile(4_000);
});
afterAll(() => file.remove());

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.restoreAllMocks();
});

/** A database connection from the main thread, closed after the test. */
function open(url: string) {
  const { db, close } = openLibsql(url);
  cleanups.push(close);
  return db;
}

/** A service with a threaded writer on `url`, its thread stopped after the test. */
function threaded(
  url: string,
  clock: () => Date,
  known = (_: string) => undefined as ReturnType<VoucherFile["rows"]["get"]>,
  options: { flush?: typeof MANUAL; commitCounters?: number; commitMs?: number } = {},
) {
  const writer = new ThreadedCountWriter({ url, rule: RULE, ...(options.commitCounters ? { commitCounters: options.commitCounters } : {}), ...(options.commitMs !== undefined ? { commitMs: options.commitMs } : {}) });
  cleanups.push(() => writer.close());
  return { writer, service: new ScanAnalyticsService(writer, options.flush ?? MANUAL, clock, known) };
}

/** Five cities of one province (no distant-regions flags). */
const CITIES = ["440100", "440300", "440400", "440500", "440600"];
/** The first `vouchers` vouchers scanned once in each of `perVoucher` (≤ 5) cities: that many counters per voucher. */
function recordSpread(service: ScanAnalyticsService, vouchers: number, perVoucher: number): void {
  for (let serial = 1; serial <= vouchers; serial++) for (let i = 0; i < perVoucher; i++) service.record(digitsOf(serial), CITIES[i]);
}

describe("scan analytics: the writer thread", () => {
  it("stores exactly the rows the in-process writer stores, clone flags included", async () => {
    const urlA = file.url("in-process");
    const urlB = file.url("threaded");
    const dbA = open(urlA);
    const dbB = open(urlB);
    let now = START;
    const clock = () => new Date(now);
    // The scan cache holds the even serials' rows: the writer reads the odd ones itself.
    const known = (digits: string) => (Number(digits.slice(-4)) % 2 === 0 ? file.rows.get(digits) : undefined);
    const inProcess = new ScanAnalyticsService(new CountWriter(dbA, { rule: RULE }), MANUAL, clock, known);
    const { service: inThread } = threaded(urlB, clock, known);
    const both = (digits: string, region: string, times = 1) => {
      for (let i = 0; i < times; i++) {
        inProcess.record(digits, region);
        inThread.record(digits, region);
      }
    };
    // Hour 02: every voucher of the first 300 once at home (a city of Guangdong); serial 1 over-scanned (25 > 20);
    // serial 2 in Beijing and Guangzhou 5 minutes apart; serial 3 claims 10 pieces (limit 50): 30 is fine;
    // digits that are no voucher here are not counted.
    for (let serial = 1; serial <= 300; serial++) both(digitsOf(serial), CITIES[serial % CITIES.length]!);
    both(digitsOf(1), "440106", 25);
    both(digitsOf(2), "110105");
    now += 5 * MINUTE;
    both(digitsOf(2), "440106");
    both(digitsOf(3), "440300", 30);
    both("123456789", "440000", 3);
    await Promise.all([inProcess.flush(), inThread.flush()]);
    // Hour 03: more scans on top, the over-scanned flag refreshed (more than 10 minutes later).
    now += 60 * MINUTE;
    both(digitsOf(1), "440106", 4);
    both(digitsOf(4), "440500", 2);
    await Promise.all([inProcess.flush(), inThread.flush()]);

    const a = await storedAnalytics(dbA);
    const b = await storedAnalytics(dbB);
    expect(b).toEqual(a);
    // And against the scans themselves, independently of either writer:
    const total = await dbB.get<{ n: number }>(sql`SELECT sum("count") AS n FROM scan_counts`);
    expect(total?.n).toBe(300 + 25 + 2 + 30 + 4 + 2);
    expect(await dbB.get(sql`SELECT "count" AS n, first_minute AS f, last_minute AS l FROM scan_counts WHERE voucher_code = ${file.rows.get(digitsOf(1))!.code} AND region = '440100' AND hour = '2026-05-10T02:00Z'`)).toEqual({ n: 25, f: 10, l: 10 });
    expect((b.flags as Array<{ voucher_code: string; reason: string; org_id: string; last_seen: number }>).map(({ voucher_code, reason, org_id }) => [voucher_code, reason, org_id])).toEqual([
      [file.rows.get(digitsOf(1))!.code, "over-scanned", ORG_ID],
      [file.rows.get(digitsOf(2))!.code, "distant-regions", ORG_ID],
    ]);
  });

  it("keeps the counts of a failed write in the buffer: the next write stores them once", async () => {
    const url = file.url("failing");
    const db = open(url);
    let now = START;
    const { service } = threaded(url, () => new Date(now));
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    await db.run(sql`CREATE TRIGGER refuse_counts BEFORE INSERT ON scan_counts BEGIN SELECT RAISE(ABORT, 'forced failure'); END`);
    for (let i = 0; i < 5; i++) service.record(digitsOf(7), "440000");
    await service.flush(); // never rejects
    expect(logged).toHaveBeenCalledOnce();
    expect(String(logged.mock.calls[0]![1])).toContain("forced failure");
    expect(service.pending).toBe(5);
    expect(await db.all(sql`SELECT * FROM scan_counts`)).toEqual([]);

    await db.run(sql`DROP TRIGGER refuse_counts`);
    now += MINUTE;
    service.record(digitsOf(7), "440000");
    await service.flush();
    expect(service.pending).toBe(0);
    expect(await db.all(sql`SELECT "count" AS n, first_minute AS f, last_minute AS l FROM scan_counts`)).toEqual([{ n: 6, f: 10, l: 11 }]);
    await service.flush(); // nothing buffered: nothing added again
    expect(await db.get(sql`SELECT sum("count") AS n FROM scan_counts`)).toEqual({ n: 6 });
  });

  it("replaces a thread that died with a new one on the next write", async () => {
    const url = file.url("dead");
    const db = open(url);
    const { writer, service } = threaded(url, () => new Date(START));
    vi.spyOn(console, "error").mockImplementation(() => {});
    service.record(digitsOf(8), "440000");
    await service.flush();
    const first = writer.threadId;
    expect(first).toBeDefined();
    const worker = (writer as unknown as { thread: { worker: Worker } }).thread.worker;
    await Promise.all([once(worker, "exit"), worker.terminate()]);
    expect(writer.threadId).toBeUndefined();

    service.record(digitsOf(8), "440000");
    await service.flush();
    expect(writer.threadId).toBeDefined();
    expect(writer.threadId).not.toBe(first);
    expect(await db.get(sql`SELECT sum("count") AS n FROM scan_counts`)).toEqual({ n: 2 });
  });

  it("shutdown (close) writes everything buffered, waits for it, then stops the thread", async () => {
    const url = file.url("shutdown");
    const db = open(url);
    const { writer, service } = threaded(url, () => new Date(START));
    recordSpread(service, 200, 3);
    service.record(digitsOf(9), "510000");
    expect(service.pending).toBe(601);
    await service.close();
    expect(service.pending).toBe(0);
    expect(writer.threadId).toBeUndefined();
    expect(await db.get(sql`SELECT sum("count") AS n, count(*) AS rows FROM scan_counts`)).toEqual({ n: 601, rows: 601 });
    await expect(writer.write({ at: START, counts: [], known: [] })).rejects.toThrow(/closed/);
  });

  it("leaves the event loop running while a large flush is written (the in-process writer does not)", async () => {
    const turnsDuring = async (flush: Promise<void>) => {
      let acknowledged = false;
      void flush.then(() => (acknowledged = true));
      let turns = 0;
      while (!acknowledged) {
        await new Promise((resolve) => setImmediate(resolve));
        if (!acknowledged) turns++;
      }
      return turns;
    };
    const url = file.url("busy");
    const { service } = threaded(url, () => new Date(START));
    recordSpread(service, 4_000, 5); // 20,000 counters
    const turns = await turnsDuring(service.flush());
    expect(turns).toBeGreaterThan(0);
    const db = open(url);
    expect(await db.get(sql`SELECT sum("count") AS n FROM scan_counts`)).toEqual({ n: 20_000 });

    // The reference: the same flush written in this thread holds the event loop until it is done.
    const local = new ScanAnalyticsService(new CountWriter(open(file.url("busy-local")), { rule: RULE }), MANUAL, () => new Date(START));
    recordSpread(local, 4_000, 5);
    expect(await turnsDuring(local.flush())).toBe(0);
  });

  it("lets the main thread write the same file while the thread writes a flush (WAL, busy timeout)", async () => {
    const url = file.url("concurrent");
    const db = open(url);
    expect(await db.get(sql`PRAGMA journal_mode`)).toEqual({ journal_mode: "wal" });
    const { service } = threaded(url, () => new Date(START));
    recordSpread(service, 4_000, 5);
    let done = false;
    const flushed = service.flush().then(() => (done = true));
    const logged = vi.spyOn(console, "error");
    // Voucher writes on the main thread's connection until the flush is acknowledged.
    let serial = 10_000;
    let batches = 0;
    while (!done || batches === 0) {
      const values = Array.from({ length: 200 }, () => {
        serial++;
        return { code: `9101-2-${serial}`, orgId: ORG_ID, namespace: 9_101, serial, type: "sale", keyIndex: 1, digits: digitsOf(serial), url: `http://localhost:8787/v/${digitsOf(serial)}`, claims: {}, createdAt: "2026-05-10T02:00:00.000Z" };
      });
      await insertVouchers(db, values);
      batches++;
      await new Promise((resolve) => setImmediate(resolve)); // the embedded client never yields to the event loop: let the ack in
    }
    await flushed;
    expect(logged).not.toHaveBeenCalled(); // the flush did not fail
    expect(service.pending).toBe(0);
    expect(await db.get(sql`SELECT sum("count") AS n FROM scan_counts`)).toEqual({ n: 20_000 });
    expect(await db.get(sql`SELECT count(*) AS n FROM vouchers WHERE serial > 10000`)).toEqual({ n: batches * 200 });
  });

  describe("flushes due by size are held and committed together", () => {
    /** A flush every 10 events, by size: each is handed to the thread to hold. */
    const BY_SIZE = { flushEvents: 10, flushMs: 86_400_000, rule: RULE };
    const total = async (db: ReturnType<typeof open>) => (await db.get<{ n: number | null }>(sql`SELECT sum("count") AS n FROM scan_counts`))?.n ?? 0;

    it("in one transaction once commitCounters counters wait; a voucher's counters from two flushes add up", async () => {
      const url = file.url("held-size");
      const db = open(url);
      let now = START;
      const { writer, service } = threaded(url, () => new Date(now), undefined, { flush: BY_SIZE, commitCounters: 35, commitMs: 86_400_000 });
      const started: Array<Promise<void> | undefined> = [];
      // 30 events in 3 flushes of 10 counters: serials 1..10 twice (a minute apart), then serials 11..20.
      for (const round of [0, 1]) {
        now = START + round * MINUTE;
        for (let serial = 1; serial <= 10; serial++) started.push(service.record(digitsOf(serial), "440100"));
      }
      for (let serial = 11; serial <= 20; serial++) started.push(service.record(digitsOf(serial), "440100"));
      const flushes = started.filter((p): p is Promise<void> => p !== undefined);
      expect(flushes).toHaveLength(3);
      expect(service.pending).toBe(0);
      // 30 counters < 35: the thread holds all three flushes; nothing is written.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(writer.commits).toBe(0);
      expect(await total(db)).toBe(0);
      // 10 more counters (serials 21..30): 40 ≥ 35, the four flushes are committed in one transaction.
      for (let serial = 21; serial <= 30; serial++) started.push(service.record(digitsOf(serial), "440100"));
      await Promise.all(started);
      expect(writer.commits).toBe(1);
      expect(await total(db)).toBe(40);
      expect(await db.all(sql`SELECT "count" AS n, first_minute AS f, last_minute AS l FROM scan_counts WHERE voucher_code = ${file.rows.get(digitsOf(1))!.code}`)).toEqual([{ n: 2, f: 10, l: 11 }]);
    });

    it("at most commitMs after the first one arrived, with no more flushes", async () => {
      const url = file.url("held-time");
      const db = open(url);
      const { writer, service } = threaded(url, () => new Date(START), undefined, { flush: BY_SIZE, commitCounters: 1_000_000, commitMs: 100 });
      const started: Array<Promise<void> | undefined> = [];
      for (let serial = 1; serial <= 10; serial++) started.push(service.record(digitsOf(serial), "440100"));
      await Promise.all(started);
      expect(writer.commits).toBe(1);
      expect(await total(db)).toBe(10);
    });

    it("at once when flush() is called, and by close(), so nothing held is left behind", async () => {
      const url = file.url("held-flush");
      const db = open(url);
      const { writer, service } = threaded(url, () => new Date(START), undefined, { flush: BY_SIZE, commitCounters: 1_000_000, commitMs: 86_400_000 });
      for (let serial = 1; serial <= 20; serial++) service.record(digitsOf(serial), "440100"); // two flushes, held
      service.record(digitsOf(21), "440100"); // buffered here
      await service.flush();
      expect(writer.commits).toBe(1);
      expect(await total(db)).toBe(21);
      for (let serial = 1; serial <= 10; serial++) service.record(digitsOf(serial), "440100"); // held again
      await service.flush(); // nothing buffered here, but the thread holds a flush: it is committed
      expect(writer.commits).toBe(2);
      expect(await total(db)).toBe(31);
      for (let serial = 1; serial <= 10; serial++) service.record(digitsOf(serial), "440100");
      await service.close();
      expect(await total(db)).toBe(41);
    });

    it("a failed transaction puts back the counts of every flush it held; the next commit writes them once", async () => {
      const url = file.url("held-failing");
      const db = open(url);
      const { service } = threaded(url, () => new Date(START), undefined, { flush: BY_SIZE, commitCounters: 1_000_000, commitMs: 86_400_000 });
      const logged = vi.spyOn(console, "error").mockImplementation(() => {});
      await db.run(sql`CREATE TRIGGER refuse_counts BEFORE INSERT ON scan_counts BEGIN SELECT RAISE(ABORT, 'forced failure'); END`);
      for (let serial = 1; serial <= 20; serial++) service.record(digitsOf(serial), "440100"); // two flushes, held
      await service.flush();
      expect(logged).toHaveBeenCalledTimes(2); // each held flush reports its failure
      expect(service.pending).toBe(20);
      expect(await total(db)).toBe(0);
      await db.run(sql`DROP TRIGGER refuse_counts`);
      await service.flush();
      expect(service.pending).toBe(0);
      expect(await total(db)).toBe(20);
    });
  });
});
