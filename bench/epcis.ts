/**
 * EPCIS 2.0 export figures (issue 9), in process:
 * - `epcis.export_events_per_s`: 1,000,000 events of a generated history (lots created, split,
 *   tested, sold on sale vouchers, received, recalled, suspended: every kind the export maps)
 *   built into EPCIS 2.0 events, hashed (CBV 2.0 event hash ID; SHA-256 through node:crypto, as on
 *   Node and on Workers with nodejs_compat; plain JavaScript elsewhere) and serialised as one
 *   streamed document, page by page, as GET /v1/batches/{code}/epcis does. BENCH_EPCIS_EVENTS
 *   sets a smaller count for profiling.
 * - Baseline: `JSON.stringify` of the same domain events in the same run (no mapping, no hash);
 *   the ratio says what building and hashing cost over bare serialisation.
 * - `epcis.export_heap_peak_mb`: the largest live heap (after a full collection) during the
 *   export: it stays bounded by one page however many events.
 * - `epcis.prehash_per_s`: the pre-hash string alone (canonical order and normalisation).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { buildEpcisEvent, epcisDocumentChunks, epcisPreHashString, epcisPrefixes, SHA256_SYNC_IMPLEMENTATION, type TraceEvent } from "@shian/schemas";
import { progress, report } from "./measure";

const EVENTS = Number(process.env.BENCH_EPCIS_EVENTS ?? 1_000_000);
const PAGE = 500;
const ids = { base: "https://trace.example.cn" };
const START = Date.parse("2025-01-01T00:00:00.000Z");

/** The i-th event of a lot's life: 8 events a lot, each kind the export maps. */
export function eventAt(i: number): TraceEvent {
  const n = Math.floor(i / 8);
  const at = new Date(START + i * 1000).toISOString();
  const lot = { code: `1002-${n}-1`, ...(n % 2 === 0 ? { gtin: "06901234567892", lot: `L${n}` } : {}) };
  const quantity = { value: 100_000 + (n % 1000), unit: "gram" };
  switch (i % 8) {
    case 0:
      return { kind: "batch-created", at, lot, orgId: "org-market", quantity, productName: "菜心", productCategory: "vegetable", originRegion: "530424" };
    case 1:
      return { kind: "split", at, orgId: "org-market", input: { ...lot, quantity }, outputs: [{ code: `1002-${n}-2`, quantity: { value: 60_000, unit: "gram" } }, { code: `1002-${n}-3`, quantity: { value: quantity.value - 60_000, unit: "gram" } }] };
    case 2:
      return { kind: "rapid-test", at, orgId: "org-market", lot, quantity, testId: `t${n}`, item: "organophosphate-carbamate", outcome: "pass", measurement: { value: 12.5, unit: "%" }, method: "enzyme-inhibition" };
    case 3:
      return { kind: "sale-voucher", at, orgId: "org-market", lot, voucherUrl: `https://trace.example.cn/v/${100000000 + n}`, buyerOrgId: `org-stall-${n % 50}`, quantity: { value: 10_000, unit: "gram" } };
    case 4:
      return { kind: "receipt", at, buyerOrgId: `org-stall-${n % 50}`, sellerOrgId: "org-market", lot, voucherUrl: `https://trace.example.cn/v/${100000000 + n}`, quantity: { value: 10_000, unit: "gram" }, receivedLot: { code: `2002-${n}-1` } };
    case 5:
      return { kind: "rapid-test", at, orgId: "org-market", lot: { code: `1002-${n}-3` }, quantity, testId: `u${n}`, item: "organophosphate-carbamate", outcome: "fail", measurement: { value: 80, unit: "%" }, method: "enzyme-inhibition" };
    case 6:
      return { kind: "suspension", at, orgId: "org-market", lot: { code: `1002-${n}-3` }, quantity, reason: "rapid test failed: organophosphate-carbamate" };
    default:
      return { kind: "recall", at, orgId: "org-market", lot, quantity, reason: "test-failed", level: "level-2" };
  }
}

/** The history in pages, generated as read: nothing but one page is ever held. */
function* pages(total: number): Generator<TraceEvent[]> {
  for (let i = 0; i < total; i += PAGE) {
    const page: TraceEvent[] = [];
    for (let j = i; j < Math.min(total, i + PAGE); j++) page.push(eventAt(j));
    yield page;
  }
}

export async function benchEpcis(): Promise<void> {
  progress(`epcis: baseline, JSON.stringify of ${EVENTS.toLocaleString("en")} domain events`);
  let started = performance.now();
  let baselineBytes = 0;
  for (const page of pages(EVENTS)) baselineBytes += JSON.stringify(page).length;
  const baselineRate = EVENTS / ((performance.now() - started) / 1000);
  report("epcis.baseline_stringify_events_per_s", Math.round(baselineRate), "events/s");

  progress("epcis: pre-hash strings of 100,000 events (a warm-up pass, then the measured one)");
  const prefixes = epcisPrefixes(ids);
  const sample = [...pages(100_000)].flat().map((event) => buildEpcisEvent(event, ids));
  let length = 0;
  for (const event of sample) length += epcisPreHashString(event, prefixes).length;
  started = performance.now();
  for (const event of sample) epcisPreHashString(event, prefixes);
  report("epcis.prehash_per_s", Math.round(sample.length / ((performance.now() - started) / 1000)), `events/s (${Math.round(length / sample.length)} characters each)`);
  sample.length = 0;

  progress(`epcis: exporting ${EVENTS.toLocaleString("en")} events (build, hash, serialise)`);
  collect();
  let heapPeak = process.memoryUsage().heapUsed;
  let bytes = 0;
  let chunks = 0;
  started = performance.now();
  for await (const chunk of epcisDocumentChunks(pages(EVENTS), { ...ids, creationDate: new Date(START).toISOString() })) {
    bytes += chunk.length;
    if ((++chunks & 0xff) === 0) {
      collect();
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const rate = EVENTS / seconds;
  report("epcis.export_events_per_s", Math.round(rate), "events/s");
  report("epcis.export_seconds", seconds, `s (${EVENTS.toLocaleString("en")} events, ${(bytes / 1_048_576).toFixed(0)} MB of JSON-LD)`);
  report("epcis.export_vs_stringify_ratio", rate / baselineRate, "x");
  report("epcis.export_heap_peak_mb", heapPeak / 1_048_576, "MB");
  progress(`epcis: SHA-256 through ${SHA256_SYNC_IMPLEMENTATION}`);
}

/** A full collection, so the heap figure is live memory rather than garbage not yet collected. */
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;
