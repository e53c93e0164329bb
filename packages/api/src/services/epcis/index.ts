import { buildEpcisEvent, type EpcisEvent, type EpcisIdentifiers, epcisDocumentEnvelope, epcisPrefixes, withEventIdSync } from "@shian/schemas";
import type { AppConfig } from "../../config";
import type { Database } from "../../db/database";
import type { OrganisationService } from "../organisations";
import type { Principal } from "../principal";
import { requireScope } from "../principal";
import { decodeCursor, encodeCursor, type SupplyChainHistory } from "../supply-chain/history";
import { rankOf } from "../supply-chain/events";
import { EpcisCaptureService } from "./capture";
import { mergedEventChunks } from "./export";
import { HistoryToTraceEvents, traceEventPages } from "./from-history";
import { decodeToken, encodeToken, EpcisQueryParams, eventFilter } from "./query";
import { storedEventJson, storedEvents } from "./stored";

export { EpcisCaptureService } from "./capture";

/** Events converted, hashed and serialised per page of the export stream. */
const EXPORT_PAGE = 500;
/** A query page reads at most this many events of the history before it answers (with a token to go on). */
const MAX_QUERY_SCAN = 20_000;

/**
 * EPCIS 2.0 for a batch's history: the export document (derived events from the supply-chain
 * history and the captured events linked to the lot's tree, merged in time order), capture, and
 * the query.
 */
export class EpcisService {
  readonly captures: EpcisCaptureService;
  private readonly ids: EpcisIdentifiers;

  constructor(
    private readonly db: Database,
    private readonly history: SupplyChainHistory,
    orgs: OrganisationService,
    config: AppConfig,
    private readonly now: () => Date,
  ) {
    this.ids = { base: config.publicUrl.replace(/\/+$/, "").toLowerCase() };
    this.captures = new EpcisCaptureService(db, orgs, config.publicUrl, now);
  }

  capture(principal: Principal, document: unknown) {
    return this.captures.capture(principal, document);
  }

  /**
   * The EPCIS document of a lot's history as text chunks. Access is checked before the first
   * chunk (404 unknown lot, 403 another organisation's), with trace-batch's rule.
   */
  async exportBatch(principal: Principal, code: string): Promise<AsyncGenerator<string>> {
    const scope = await this.history.lotScope(principal, code);
    const { db, history, ids } = this;
    const creationDate = this.now().toISOString();
    return (async function* () {
      const { head, tail } = epcisDocumentEnvelope({ ...ids, creationDate });
      yield head;
      const captured = storedEvents(db, { kind: "lot", root: scope.kind === "lot" ? scope.root : code, ancestors: scope.kind === "lot" ? scope.ancestors : [] });
      try {
        yield* mergedEventChunks(traceEventPages(history.events(scope), new HistoryToTraceEvents(db), EXPORT_PAGE), captured, ids, epcisPrefixes(ids), EXPORT_PAGE);
      } finally {
        await captured.return(undefined);
      }
      yield tail;
    })();
  }

  /**
   * EPCIS SimpleEventQuery over the caller's organisation: the events it did (from the history)
   * and the events it captured or that name its batches, merged in time order, one page at a time.
   */
  async query(principal: Principal, input: unknown): Promise<{ document: Record<string, unknown>; nextPageToken: string | undefined }> {
    requireScope(principal, "read");
    const query = EpcisQueryParams.parse(input);
    const filter = eventFilter(query);
    const token = query.nextPageToken ? decodeToken(query.nextPageToken) : {};
    const from = query.GE_eventTime ?? "2000-01-01T00:00:00.000Z";
    const to = query.LT_eventTime ?? "9999-12-31T23:59:59.999Z";
    const scope = await this.history.orgScope(principal, principal.orgId, { from, to });
    const prefixes = epcisPrefixes(this.ids);
    const converter = new HistoryToTraceEvents(this.db);
    const derived = this.history.events(scope, token.h ? { after: decodeCursor(token.h) } : {});
    const stored = storedEvents(this.db, { kind: "org", orgId: principal.orgId, from, to }, token.s);
    let position: { h?: string; s?: [string, string] } = { ...token };
    let scanned = 0;

    const ids = this.ids;
    /** The next derived event that passes the filter; the ones it skips move the position on. */
    const nextDerived = async (): Promise<{ event: EpcisEvent; cursor: string } | undefined> => {
      for (;;) {
        const next = await derived.next();
        if (next.done) return undefined;
        scanned++;
        const cursor = encodeCursor({ at: next.value.at, rank: rankOf(next.value.type), id: next.value.id });
        const trace = await converter.convert(next.value);
        const event = trace ? buildEpcisEvent(trace, ids) : undefined;
        if (event && filter(event)) return { event, cursor };
        position = { ...position, h: cursor };
        if (scanned >= MAX_QUERY_SCAN) return undefined;
      }
    };
    const nextStored = async (): Promise<{ event: Record<string, unknown>; at: [string, string] } | undefined> => {
      for (;;) {
        const next = await stored.next();
        if (next.done) return undefined;
        scanned++;
        const event = storedEventJson(next.value);
        if (filter(event)) return { event, at: [next.value.eventTime, next.value.hashId] };
        position = { ...position, s: [next.value.eventTime, next.value.hashId] };
        if (scanned >= MAX_QUERY_SCAN) return undefined;
      }
    };

    const out: Record<string, unknown>[] = [];
    let a = await nextDerived();
    let b = await nextStored();
    while ((a || b) && out.length < query.perPage) {
      if (a && (!b || new Date(String(a.event.eventTime)).toISOString() <= b.at[0])) {
        out.push(withEventIdSync(a.event, prefixes));
        position = { ...position, h: a.cursor };
        a = out.length < query.perPage ? await nextDerived() : a;
      } else if (b) {
        out.push(b.event);
        position = { ...position, s: b.at };
        b = out.length < query.perPage ? await nextStored() : b;
      }
    }
    await derived.return(undefined);
    await stored.return(undefined);
    const more = a !== undefined || b !== undefined || scanned >= MAX_QUERY_SCAN;
    const { head, tail } = epcisDocumentEnvelope({ ...this.ids, creationDate: this.now().toISOString(), kind: "EPCISQueryDocument" });
    const document = JSON.parse(head + out.map((event) => JSON.stringify(event)).join(",") + tail) as Record<string, unknown>;
    return { document, nextPageToken: more ? encodeToken(position) : undefined };
  }
}

