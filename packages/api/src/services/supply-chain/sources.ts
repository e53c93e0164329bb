import { type SQL, sql } from "drizzle-orm";
import { lotScopeCte } from "../status-changes";
import type { BatchCreatedEvent, HistoryEvent, HistoryEventType, Quantity, RapidTestEvent, ReceiptEvent, RecallEvent, ResumeEvent, SplitEvent, SuspensionEvent, VoucherIssuedEvent } from "./events";

/**
 * Which events a history covers: a lot's tree (the lot, everything downstream of it, and the
 * upstream lots the caller may see), or everything an organisation did in a time range.
 * Times are ISO 8601 UTC; `from` inclusive, `to` exclusive.
 */
export type HistoryScope =
  | { kind: "lot"; root: string; ancestors: string[]; from?: string; to?: string }
  | { kind: "org"; orgId: string; from: string; to: string };

/** Where a source's next page starts: strictly after (at, id). */
export interface SourcePosition {
  at: string;
  id: string;
}

type Row = Record<string, unknown>;

/** One table's events: a keyset-paged query ordered by (at, id) and a row mapper. */
export interface EventSource {
  type: HistoryEventType;
  query(scope: HistoryScope, after: SourcePosition | undefined, limit: number): SQL;
  /** Rows to events; a split source may hold back a group cut by the page end. */
  map(rows: Row[], limit: number): { events: HistoryEvent[]; last: SourcePosition | undefined };
}

const inScope = (column: SQL) => sql`${column} IN (SELECT code FROM scope)`;

function window(at: SQL, id: SQL, scope: HistoryScope, after: SourcePosition | undefined): SQL {
  const parts: SQL[] = [];
  if (scope.from) parts.push(sql`${at} >= ${scope.from}`);
  if (scope.to) parts.push(sql`${at} < ${scope.to}`);
  if (after) parts.push(sql`(${at}, ${id}) > (${after.at}, ${after.id})`);
  return parts.length ? sql.join(parts, sql` AND `) : sql`1 = 1`;
}

/** A SELECT over one table, with the lot CTE in front when the scope is a lot. */
function paged(scope: HistoryScope, parts: { select: SQL; where: SQL; at: SQL; id: SQL; orderBy?: SQL }, after: SourcePosition | undefined, limit: number): SQL {
  const cte = scope.kind === "lot" ? lotScopeCte(scope.root, scope.ancestors) : sql``;
  return sql`${cte} ${parts.select} WHERE (${parts.where}) AND ${window(parts.at, parts.id, scope, after)} ORDER BY ${parts.orderBy ?? sql`${parts.at}, ${parts.id}`} LIMIT ${limit}`;
}

const str = (value: unknown) => (value === null || value === undefined ? null : String(value));
const json = <T>(value: unknown, fallback: T): T => {
  if (typeof value !== "string") return (value as T) ?? fallback;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
};
const lastOf = (rows: Row[], id = "id"): SourcePosition | undefined => {
  const row = rows[rows.length - 1];
  return row ? { at: String(row.at), id: String(row[id]) } : undefined;
};
const simple = <E extends HistoryEvent>(toEvent: (row: Row) => E) => (rows: Row[]) => ({ events: rows.map(toEvent), last: lastOf(rows) });

/** Quantity a voucher states: net weight in grams, else a count of pieces. */
export function voucherQuantity(claims: Record<string, unknown>): Quantity | null {
  if (typeof claims.netWeightGrams === "number") return { value: claims.netWeightGrams, unit: "gram" };
  if (typeof claims.quantity === "number") return { value: claims.quantity, unit: "piece" };
  return null;
}

const created: EventSource = {
  type: "batch-created",
  query: (scope, after, limit) =>
    paged(
      scope,
      {
        select: sql`SELECT b.code AS id, b.created_at AS at, b.org_id, b.product_name, b.product_category, b.origin_region, b.quantity, b.unit, b.source_voucher_code, b.certificates,
          (SELECT json_array(json_extract(v.claims, '$.gtin'), json_extract(v.claims, '$.lot')) FROM vouchers v
            WHERE v.batch_code = b.code AND (json_extract(v.claims, '$.gtin') IS NOT NULL OR json_extract(v.claims, '$.lot') IS NOT NULL) LIMIT 1) AS gs1
          FROM batches b`,
        where: sql`b.parent_code IS NULL AND ${scope.kind === "lot" ? inScope(sql`b.code`) : sql`b.org_id = ${scope.orgId}`}`,
        at: sql`b.created_at`,
        id: sql`b.code`,
      },
      after,
      limit,
    ),
  map: simple((row): BatchCreatedEvent => {
    const [gtin, lot] = json<[unknown, unknown]>(row.gs1, [null, null]) ?? [null, null];
    return {
      type: "batch-created",
      id: String(row.id),
      at: String(row.at),
      orgId: String(row.org_id),
      batchCode: String(row.id),
      product: { name: String(row.product_name), category: String(row.product_category) },
      originRegion: String(row.origin_region),
      quantity: { value: Number(row.quantity), unit: String(row.unit) },
      gtin: str(gtin),
      lot: str(lot),
      sourceVoucherCode: str(row.source_voucher_code),
      certificates: json<unknown[]>(row.certificates, []),
    };
  }),
};

/**
 * Splits: the child rows of each split, grouped by parent. All children of a split share
 * its time and parent, so they come in one run; a run cut by the page end is held back and
 * read whole with the next page (a split has at most 1,000 children, less than a page).
 */
const split: EventSource = {
  type: "split",
  query: (scope, after, limit) =>
    paged(
      scope,
      {
        select: sql`SELECT b.parent_code AS id, b.created_at AS at, b.code, b.org_id, b.product_name, b.product_category, b.quantity, b.unit FROM batches b`,
        where: sql`b.parent_code IS NOT NULL AND ${scope.kind === "lot" ? inScope(sql`b.parent_code`) : sql`b.org_id = ${scope.orgId}`}`,
        at: sql`b.created_at`,
        id: sql`b.parent_code`,
        orderBy: sql`b.created_at, b.parent_code, b.serial`,
      },
      after,
      limit,
    ),
  map(rows, limit) {
    const events: SplitEvent[] = [];
    for (const row of rows) {
      const child = { code: String(row.code), quantity: { value: Number(row.quantity), unit: String(row.unit) } };
      const current = events[events.length - 1];
      if (current && current.id === row.id && current.at === row.at) current.children.push(child);
      else
        events.push({
          type: "split",
          id: String(row.id),
          at: String(row.at),
          orgId: String(row.org_id),
          batchCode: String(row.id),
          product: { name: String(row.product_name), category: String(row.product_category) },
          children: [child],
        });
    }
    if (rows.length >= limit && events.length > 1) events.pop();
    const tail = events[events.length - 1];
    return { events, last: tail ? { at: tail.at, id: tail.id } : undefined };
  },
};

const testsWhere = (scope: HistoryScope) =>
  scope.kind === "lot" ? inScope(sql`t.batch_code`) : sql`(t.org_id = ${scope.orgId} OR EXISTS (SELECT 1 FROM batches ob WHERE ob.code = t.batch_code AND ob.org_id = ${scope.orgId}))`;

const rapidTest: EventSource = {
  type: "rapid-test",
  query: (scope, after, limit) =>
    paged(scope, { select: sql`SELECT t.id, t.created_at AS at, t.org_id, t.batch_code, t.item, t.outcome, t.tested_at, t.record FROM rapid_tests t`, where: testsWhere(scope), at: sql`t.created_at`, id: sql`t.id` }, after, limit),
  map: simple((row): RapidTestEvent => {
    const record = json<Record<string, unknown>>(row.record, {});
    const point = record.testPoint as { id?: unknown; name?: unknown } | undefined;
    return {
      type: "rapid-test",
      id: String(row.id),
      at: String(row.at),
      orgId: String(row.org_id),
      batchCode: String(row.batch_code),
      testId: String(row.id),
      item: String(row.item),
      outcome: String(row.outcome),
      testedAt: String(row.tested_at),
      method: str(record.method),
      testPoint: point && typeof point.id === "string" ? { id: point.id, ...(typeof point.name === "string" ? { name: point.name } : {}) } : null,
      record,
    };
  }),
};

/** A failed test suspends its batch unless the batch was recalled before (see RapidTestService). */
const suspension: EventSource = {
  type: "suspension",
  query: (scope, after, limit) =>
    paged(
      scope,
      {
        select: sql`SELECT t.id, t.created_at AS at, t.org_id, t.batch_code, t.item FROM rapid_tests t`,
        where: sql`t.outcome = 'fail' AND NOT EXISTS (SELECT 1 FROM recalls r WHERE r.batch_code = t.batch_code AND r.created_at <= t.created_at) AND ${testsWhere(scope)}`,
        at: sql`t.created_at`,
        id: sql`t.id`,
      },
      after,
      limit,
    ),
  map: simple(
    (row): SuspensionEvent => ({ type: "suspension", id: String(row.id), at: String(row.at), orgId: String(row.org_id), batchCode: String(row.batch_code), testId: String(row.id), reason: `rapid test failed: ${String(row.item)}` }),
  ),
};

const voucher: EventSource = {
  type: "voucher-issued",
  query: (scope, after, limit) =>
    paged(
      scope,
      {
        select: sql`SELECT v.code AS id, v.created_at AS at, v.org_id, v.batch_code, v.type, v.url, v.buyer_org_id, v.claims, b.product_name, b.product_category FROM vouchers v LEFT JOIN batches b ON b.code = v.batch_code`,
        where: sql`v.batch_code IS NOT NULL AND ${scope.kind === "lot" ? inScope(sql`v.batch_code`) : sql`v.org_id = ${scope.orgId}`}`,
        at: sql`v.created_at`,
        id: sql`v.code`,
      },
      after,
      limit,
    ),
  map: simple((row): VoucherIssuedEvent => {
    const claims = json<Record<string, unknown>>(row.claims, {});
    return {
      type: "voucher-issued",
      id: String(row.id),
      at: String(row.at),
      orgId: String(row.org_id),
      batchCode: String(row.batch_code),
      voucherCode: String(row.id),
      voucherType: String(row.type),
      url: String(row.url),
      buyerOrgId: str(row.buyer_org_id),
      issuedAt: str(claims.issuedAt),
      quantity: voucherQuantity(claims),
      product: row.product_name === null || row.product_name === undefined ? null : { name: String(row.product_name), category: String(row.product_category) },
      gtin: str(claims.gtin),
      lot: str(claims.lot),
    };
  }),
};

const receipt: EventSource = {
  type: "receipt",
  query: (scope, after, limit) =>
    paged(
      scope,
      {
        select: sql`SELECT p.id, p.created_at AS at, p.buyer_org_id, p.source, p.seller_org_id, p.supplier_name, p.source_voucher_code, p.source_batch_code, p.received_batch_code, p.product_name, p.quantity, p.unit, p.purchase_date, p.batch_number FROM purchase_records p`,
        where: scope.kind === "lot" ? sql`(${inScope(sql`p.source_batch_code`)} OR ${inScope(sql`p.received_batch_code`)})` : sql`p.buyer_org_id = ${scope.orgId}`,
        at: sql`p.created_at`,
        id: sql`p.id`,
      },
      after,
      limit,
    ),
  map: simple(
    (row): ReceiptEvent => ({
      type: "receipt",
      id: String(row.id),
      at: String(row.at),
      orgId: String(row.buyer_org_id),
      batchCode: str(row.received_batch_code) ?? str(row.source_batch_code),
      recordId: String(row.id),
      source: String(row.source),
      sellerOrgId: str(row.seller_org_id),
      supplierName: String(row.supplier_name),
      sourceVoucherCode: str(row.source_voucher_code),
      sourceBatchCode: str(row.source_batch_code),
      receivedBatchCode: str(row.received_batch_code),
      productName: String(row.product_name),
      quantity: { value: Number(row.quantity), unit: String(row.unit) },
      purchaseDate: String(row.purchase_date),
      batchNumber: str(row.batch_number),
    }),
  ),
};

const recall: EventSource = {
  type: "recall",
  query: (scope, after, limit) =>
    paged(
      scope,
      {
        select: sql`SELECT r.id, r.created_at AS at, r.org_id, r.batch_code, r.reason, r.level, r.note FROM recalls r`,
        where: scope.kind === "lot" ? inScope(sql`r.batch_code`) : sql`(r.org_id = ${scope.orgId} OR EXISTS (SELECT 1 FROM batches ob WHERE ob.code = r.batch_code AND ob.org_id = ${scope.orgId}))`,
        at: sql`r.created_at`,
        id: sql`r.id`,
      },
      after,
      limit,
    ),
  map: simple(
    (row): RecallEvent => ({ type: "recall", id: String(row.id), at: String(row.at), orgId: String(row.org_id), batchCode: String(row.batch_code), recallId: String(row.id), reason: String(row.reason), level: String(row.level), note: str(row.note) }),
  ),
};

/** A cleared lock-down (its one resolution): the suspension of its failed test ends. */
const resume: EventSource = {
  type: "resume",
  query: (scope, after, limit) =>
    paged(
      scope,
      {
        select: sql`SELECT l.id, lr.created_at AS at, lr.org_id, l.batch_code, l.test_id, l.note FROM lockdown_resolutions lr JOIN lockdowns l ON l.id = lr.lockdown_id`,
        where: sql`lr.action = 'cleared' AND ${scope.kind === "lot" ? inScope(sql`l.batch_code`) : sql`(lr.org_id = ${scope.orgId} OR EXISTS (SELECT 1 FROM batches ob WHERE ob.code = l.batch_code AND ob.org_id = ${scope.orgId}))`}`,
        at: sql`lr.created_at`,
        id: sql`l.id`,
      },
      after,
      limit,
    ),
  map: simple(
    (row): ResumeEvent => ({ type: "resume", id: String(row.id), at: String(row.at), orgId: String(row.org_id), batchCode: String(row.batch_code), lockdownId: String(row.id), testId: String(row.test_id), note: str(row.note) }),
  ),
};

/** In rank order (see EVENT_TYPES). */
export const SOURCES: readonly EventSource[] = [created, split, rapidTest, suspension, voucher, receipt, recall, resume];
