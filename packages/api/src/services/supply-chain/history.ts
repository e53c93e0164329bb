import { z } from "zod";
import type { Database } from "../../db/database";
import { ApiError } from "../../errors/api-error";
import type { BatchService } from "../batches";
import type { OrganisationService } from "../organisations";
import { mayActFor, type Principal, requireScope } from "../principal";
import { EVENT_TYPES, type HistoryEvent, rankOf } from "./events";
import { type HistoryScope, SOURCES, type SourcePosition } from "./sources";

export type { HistoryScope } from "./sources";

/** Upstream lots beyond this many are left out (each is one bound parameter on D1). */
const MAX_ANCESTORS = 40;
/** Rows per source query: a split (≤ 1,000 children) always fits one page. */
const SPLIT_PAGE = 2048;

const Time = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());
export const HistoryRange = z
  .object({ from: Time, to: Time })
  .strict()
  .refine((range) => range.from < range.to, { message: "from must be before to", path: ["to"] });
const PageSize = z.number().int().min(1).max(5000);

/** Where a history page starts: after the event (at, type rank, id), as an opaque string. */
export interface HistoryCursor {
  at: string;
  rank: number;
  id: string;
}

export function encodeCursor(cursor: HistoryCursor): string {
  return btoa(JSON.stringify([cursor.at, cursor.rank, cursor.id])).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(text: string): HistoryCursor {
  try {
    const [at, rank, id] = JSON.parse(atob(text.replace(/-/g, "+").replace(/_/g, "/"))) as unknown[];
    if (typeof at === "string" && typeof id === "string" && Number.isInteger(rank) && (rank as number) >= 0 && (rank as number) < EVENT_TYPES.length) return { at, rank: rank as number, id };
  } catch {
    // fall through
  }
  throw new ApiError("invalid-request", "the cursor is not one this API gave out");
}

const cursorOf = (event: HistoryEvent): HistoryCursor => ({ at: event.at, rank: rankOf(event.type), id: event.id });

/** (at, rank, id) order: the history's total order. */
export function compareEvents(a: HistoryEvent, b: HistoryEvent): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  const rank = rankOf(a.type) - rankOf(b.type);
  if (rank !== 0) return rank;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The start of one source for a cursor on the whole history. */
function startOf(rank: number, cursor: HistoryCursor | undefined): SourcePosition | undefined {
  if (!cursor) return undefined;
  if (rank < cursor.rank) return { at: cursor.at, id: "\uffff" };
  if (rank > cursor.rank) return { at: cursor.at, id: "" };
  return { at: cursor.at, id: cursor.id };
}

/** One source's read-ahead: a page of events and where the next page starts. */
class SourceReader {
  private buffer: HistoryEvent[] = [];
  private next = 0;
  private done = false;

  constructor(
    private readonly db: Database,
    private readonly source: (typeof SOURCES)[number],
    private readonly scope: HistoryScope,
    private position: SourcePosition | undefined,
    private readonly pageSize: number,
  ) {}

  async head(): Promise<HistoryEvent | undefined> {
    while (this.next >= this.buffer.length && !this.done) {
      const limit = this.source.type === "split" ? Math.max(this.pageSize, SPLIT_PAGE) : this.pageSize;
      const rows = await this.db.all<Record<string, unknown>>(this.source.query(this.scope, this.position, limit));
      const { events, last } = this.source.map(rows, limit);
      this.buffer = events;
      this.next = 0;
      this.position = last ?? this.position;
      if (rows.length < limit) this.done = true;
    }
    return this.buffer[this.next];
  }

  advance(): void {
    this.next++;
  }
}

/**
 * Reads the supply-chain history (see events.ts) in time order. Each table is read by keyset
 * pages in (time, id) order and the tables are merged, so memory holds one page per table
 * however long the history is.
 */
export class SupplyChainHistory {
  constructor(
    private readonly db: Database,
    private readonly batches: BatchService,
    private readonly orgs: OrganisationService,
  ) {}

  /**
   * A lot's history scope: the lot (404 if unknown, 403 if the caller may not act on it), its
   * descendants, and the upstream lots whose owners the caller may act for.
   */
  async lotScope(principal: Principal, code: string, range?: { from?: string; to?: string }): Promise<HistoryScope> {
    requireScope(principal, "read");
    const batch = await this.batches.getFor(principal, code);
    const ancestors: string[] = [];
    const owners = new Map<string, boolean>();
    for (const upstream of await this.batches.upstream(batch.code)) {
      if (ancestors.length >= MAX_ANCESTORS) break;
      if (!owners.has(upstream.orgId)) owners.set(upstream.orgId, mayActFor(principal, await this.orgs.get(upstream.orgId)));
      if (owners.get(upstream.orgId)) ancestors.push(upstream.code);
    }
    const times = range ? z.object({ from: Time.optional(), to: Time.optional() }).parse(range) : {};
    return { kind: "lot", root: batch.code, ancestors, ...times };
  }

  /** An organisation's history over a time range; only the organisation itself, its market or a supervisor. */
  async orgScope(principal: Principal, orgId: string, range: unknown): Promise<HistoryScope> {
    requireScope(principal, "read");
    const { from, to } = HistoryRange.parse(range);
    const org = await this.orgs.find(orgId);
    if (!org) throw new ApiError("not-found", `no organisation ${orgId}`);
    if (!mayActFor(principal, org)) throw new ApiError("forbidden", "this is another organisation's history");
    return { kind: "org", orgId, from, to };
  }

  /** The events of a scope in (at, type, id) order, from just after `after` if given. */
  async *events(scope: HistoryScope, options: { after?: HistoryCursor; pageSize?: number } = {}): AsyncGenerator<HistoryEvent> {
    const pageSize = PageSize.parse(options.pageSize ?? 1000);
    const readers = SOURCES.map((source) => new SourceReader(this.db, source, scope, startOf(rankOf(source.type), options.after), pageSize));
    const heads = await Promise.all(readers.map((reader) => reader.head()));
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) if (heads[i] && (best < 0 || compareEvents(heads[i]!, heads[best]!) < 0)) best = i;
      if (best < 0) return;
      yield heads[best]!;
      readers[best]!.advance();
      heads[best] = await readers[best]!.head();
    }
  }

  /** One page of events and the cursor of the next page (undefined at the end). */
  async page(scope: HistoryScope, options: { after?: string; limit: number }): Promise<{ events: HistoryEvent[]; next: string | undefined }> {
    const limit = PageSize.parse(options.limit);
    const events: HistoryEvent[] = [];
    let more = false;
    for await (const event of this.events(scope, { ...(options.after ? { after: decodeCursor(options.after) } : {}), pageSize: Math.min(limit + 1, 1000) })) {
      if (events.length === limit) {
        more = true;
        break;
      }
      events.push(event);
    }
    return { events, next: more ? encodeCursor(cursorOf(events[events.length - 1]!)) : undefined };
  }
}
