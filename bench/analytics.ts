/**
 * Scan analytics (issue 7), in process on an embedded libSQL file:
 * - `scan_analytics.events_per_s`: scan events recorded and flushed (counters upserted, clone
 *   rules evaluated, flags written) with the default flush settings (every 1,000 events):
 *   1,000,000 events over 50,000 vouchers and 34 provinces, one simulated hour (each voucher
 *   mostly scanned in its home province, one scan in ten elsewhere), bounded to 90 s of
 *   ingestion. Each flush is awaited, so the rate includes every database write.
 * - baseline: the same service writing after every scan (flushEvents 1: one read of the
 *   voucher's window, one upsert transaction per scan), over 5,000 events of the same stream;
 *   and the ratio.
 * The stored counts are checked against the number of events afterwards.
 * - `scan_analytics.main_thread_us_per_event.{in_process,thread}`: the event loop's busy time
 *   (performance.eventLoopUtilization) per event recorded and flushed, over the same 100,000
 *   events (flush every 1,000; the loop yields to the event loop after each and waits for all
 *   at the end: the writer thread holds flushes to commit them together), with the writer in this thread and in a worker
 *   thread on its own connection (the Node entry on a database file); and the ratio. The thread's
 *   own work is not in the figure: it is what the request thread no longer does.
 */
import { PROVINCE_SEATS } from "../packages/api/src/analytics/province-seats";
import { vouchers as vouchersTable } from "../packages/api/src/db/schema/index";
import { internalPrincipal } from "../packages/api/src/services/internal-principal";
import { ScanAnalyticsService } from "../packages/api/src/services/scan-analytics";
import { performance } from "node:perf_hooks";
import { ThreadedCountWriter } from "../packages/api/src/analytics/thread-writer";
import { withEmbeddedApi } from "./embedded-api";
import { progress, report } from "./measure";

const EVENTS = Number(process.env.BENCH_ANALYTICS_EVENTS ?? 1_000_000);
const VOUCHERS = Number(process.env.BENCH_ANALYTICS_VOUCHERS ?? 50_000);
const SECONDS = Number(process.env.BENCH_ANALYTICS_SECONDS ?? 90);
const NAIVE_EVENTS = 5_000;
const MAIN_THREAD_EVENTS = Number(process.env.BENCH_ANALYTICS_MAIN_THREAD_EVENTS ?? 100_000);
const REGIONS = Object.keys(PROVINCE_SEATS).map((digits) => `${digits}0000`);
const START = Date.parse("2026-05-10T02:00:00Z");

export async function benchAnalytics(): Promise<void> {
  let now = START;
  await withEmbeddedApi("analytics", async ({ db, url, config, services }) => {
    const org = await services.orgs.create({ name: "bench issuer", role: "wholesaler", region: "440607" });

    progress(`analytics: ${VOUCHERS.toLocaleString("en")} vouchers (setup, not measured)`);
    const digits: string[] = [];
    const rows: Array<typeof vouchersTable.$inferInsert> = [];
    const created = new Date(START).toISOString();
    for (let i = 0; i < VOUCHERS; i++) {
      const d = String(10_000_000_000 + i);
      digits.push(d);
      rows.push({ code: `${org.namespace}-1-${i + 1}`, orgId: org.id, namespace: org.namespace, serial: i + 1, type: "sale", keyIndex: 1, digits: d, url: `${config.publicUrl}/v/${d}`, claims: {}, createdAt: created });
    }
    const statements: unknown[] = [];
    for (let i = 0; i < rows.length; i += 8) {
      statements.push(db.insert(vouchersTable).values(rows.slice(i, i + 8)));
      if (statements.length === 500) await db.batch(statements.splice(0) as [never, ...never[]]);
    }
    if (statements.length) await db.batch(statements as [never, ...never[]]);

    // A deterministic stream: voucher i lives in province i mod 34, one scan in ten elsewhere.
    let seed = 7;
    // A linear congruential generator's low bits cycle quickly: use its upper bits.
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8;
    const event = () => {
      const v = next() % VOUCHERS;
      const region = next() % 10 === 0 ? REGIONS[next() % REGIONS.length]! : REGIONS[v % REGIONS.length]!;
      return { digits: digits[v]!, region };
    };
    const step = 3_600_000 / EVENTS; // the stream spans one hour of simulated time

    progress(`analytics: ingesting up to ${EVENTS.toLocaleString("en")} events over ${REGIONS.length} provinces (flush every ${config.scanAnalyticsFlushEvents} events), at most ${SECONDS} s`);
    const analytics = services.scanAnalytics;
    let ingested = 0;
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    while (ingested < EVENTS) {
      const { digits: d, region } = event();
      const flush = analytics.record(d, region);
      ingested++;
      now = START + ingested * step;
      if (flush) {
        await flush;
        if (performance.now() > deadline) break;
      }
    }
    await analytics.flush();
    const seconds = (performance.now() - started) / 1000;
    const rate = ingested / seconds;
    const regulator = await services.orgs.create({ name: "bench regulator", role: "regulator", region: "440000" });
    const window = { from: new Date(START).toISOString(), to: new Date(now).toISOString() };
    const merchants = await services.scanAnalyticsQueries.merchants(internalPrincipal(regulator), window);
    const stored = merchants.merchants.reduce((sum, m) => sum + m.scans, 0);
    if (stored !== ingested) throw new Error(`stored ${stored} scans of ${ingested}`);
    const dashboard = await services.dashboard.get(internalPrincipal(regulator), { days: 1 });
    progress(`analytics: ${ingested.toLocaleString("en")} events in ${seconds.toFixed(1)} s, all counted; flags ${JSON.stringify(dashboard.flaggedCodes.byReason)}`);
    report("scan_analytics.events_per_s", Math.round(rate), "events/s");

    progress(`analytics: baseline, the same service writing after every scan, ${NAIVE_EVENTS.toLocaleString("en")} events`);
    const perScan = new ScanAnalyticsService(db, { flushEvents: 1, flushMs: 0, rule: config.cloneRule }, () => new Date(now));
    const naiveStarted = performance.now();
    for (let i = 0; i < NAIVE_EVENTS; i++) {
      const { digits: d, region } = event();
      await perScan.record(d, region);
    }
    const naiveRate = NAIVE_EVENTS / ((performance.now() - naiveStarted) / 1000);
    report("scan_analytics.write_per_scan_per_s", Math.round(naiveRate), "events/s");
    report("scan_analytics.ratio_vs_write_per_scan", rate / naiveRate, "ratio");

    progress(`analytics: main-thread time per event, ${MAIN_THREAD_EVENTS.toLocaleString("en")} events, writer in process and in a worker thread`);
    const options = { flushEvents: config.scanAnalyticsFlushEvents, flushMs: 3_600_000, rule: config.cloneRule };
    const busyPerEvent = async (service: ScanAnalyticsService): Promise<number> => {
      const before = performance.eventLoopUtilization();
      for (let i = 0; i < MAIN_THREAD_EVENTS; i++) {
        const { digits: d, region } = event();
        // A flush is not awaited one by one: the writer thread holds flushes due by size to
        // commit them together, so each would wait for its commit timer. Yielding lets the
        // acknowledgements in; the final flush() waits for everything.
        if (service.record(d, region)) await new Promise((resolve) => setImmediate(resolve));
      }
      await service.flush();
      const { active } = performance.eventLoopUtilization(before);
      return (active * 1000) / MAIN_THREAD_EVENTS;
    };
    const inProcess = await busyPerEvent(new ScanAnalyticsService(db, options, () => new Date(now)));
    const measured = new ScanAnalyticsService(new ThreadedCountWriter({ url, rule: config.cloneRule }), options, () => new Date(now));
    const inThread = await busyPerEvent(measured);
    await measured.close();
    report("scan_analytics.main_thread_us_per_event.in_process", inProcess, "us/event");
    report("scan_analytics.main_thread_us_per_event.thread", inThread, "us/event");
    report("scan_analytics.main_thread_ratio_in_process_vs_thread", inProcess / inThread, "ratio");
  }, { now: () => new Date(now) });
}
