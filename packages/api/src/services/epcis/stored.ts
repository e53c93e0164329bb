import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/database";
import { lotScopeCte } from "../status-changes";

export interface StoredEvent {
  hashId: string;
  eventTime: string;
  eventType: string;
  bizStep: string | null;
  disposition: string | null;
  bizLocation: string | null;
  epcs: string[];
  body: Record<string, unknown>;
}

/** Which captured events: those linked to a lot's tree, or those an organisation captured or that name its batches. */
export type StoredScope = { kind: "lot"; root: string; ancestors: string[] } | { kind: "org"; orgId: string; from?: string; to?: string };

const PAGE = 200;

function where(scope: StoredScope): SQL {
  if (scope.kind === "lot") {
    return sql`e.hash_id IN (SELECT l.hash_id FROM epcis_event_batches l WHERE l.batch_code IN (${lotScopeCte(scope.root, scope.ancestors)} SELECT code FROM scope))`;
  }
  const parts = [sql`(e.org_id = ${scope.orgId} OR e.hash_id IN (SELECT l.hash_id FROM epcis_event_batches l JOIN batches b ON b.code = l.batch_code WHERE b.org_id = ${scope.orgId}))`];
  if (scope.from) parts.push(sql`e.event_time >= ${scope.from}`);
  if (scope.to) parts.push(sql`e.event_time < ${scope.to}`);
  return sql.join(parts, sql` AND `);
}

/** Captured events of a scope in (event time, hash ID) order, read by keyset pages. */
export async function* storedEvents(db: Database, scope: StoredScope, after?: [string, string]): AsyncGenerator<StoredEvent> {
  let position = after;
  for (;;) {
    const rows = await db.all<Record<string, unknown>>(sql`SELECT e.hash_id AS hashId, e.event_time AS eventTime, e.event_type AS eventType, e.biz_step AS bizStep, e.disposition,
      e.biz_location AS bizLocation, e.epcs, e.body FROM epcis_events e
      WHERE ${where(scope)} ${position ? sql`AND (e.event_time, e.hash_id) > (${position[0]}, ${position[1]})` : sql``}
      ORDER BY e.event_time, e.hash_id LIMIT ${PAGE}`);
    for (const row of rows) {
      yield {
        hashId: String(row.hashId),
        eventTime: String(row.eventTime),
        eventType: String(row.eventType),
        bizStep: row.bizStep === null ? null : String(row.bizStep),
        disposition: row.disposition === null ? null : String(row.disposition),
        bizLocation: row.bizLocation === null ? null : String(row.bizLocation),
        epcs: JSON.parse(String(row.epcs)) as string[],
        body: JSON.parse(String(row.body)) as Record<string, unknown>,
      };
    }
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    position = [String(last.eventTime), String(last.hashId)];
  }
}

/** A stored event as it appears in a document: its own eventID, or our hash ID when it had none. */
export const storedEventJson = (event: StoredEvent) => ({ ...event.body, eventID: typeof event.body.eventID === "string" ? event.body.eventID : event.hashId });
