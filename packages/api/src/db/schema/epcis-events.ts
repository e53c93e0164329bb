import { index, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organisations } from "./organisations";

/**
 * EPCIS 2.0 events captured from partners' systems (POST /v1/epcis/capture), keyed by their
 * CBV 2.0 event hash ID so that capturing the same event again stores it once. `body` is the
 * event as captured (JSON-LD, with the document's namespace prefixes as its own `@context`).
 */
export const epcisEvents = sqliteTable(
  "epcis_events",
  {
    /** ni:///sha-256;…?ver=CBV2.0, computed here whatever eventID the partner sent. */
    hashId: text("hash_id").primaryKey(),
    /** The partner's eventID, if it sent one. */
    eventId: text("event_id"),
    /** The organisation whose key captured it. */
    orgId: text("org_id").notNull().references(() => organisations.id),
    captureId: text("capture_id").notNull(),
    eventType: text("event_type").notNull(),
    /** UTC, ISO 8601 with milliseconds: sorts as time. */
    eventTime: text("event_time").notNull(),
    /** Bare CBV values where the event used a CBV term (`receiving`), else the URI as sent. */
    bizStep: text("biz_step"),
    disposition: text("disposition"),
    bizLocation: text("biz_location"),
    /** Every EPC and EPC class the event names, normalised (canonical Digital Link where possible), as a JSON array. */
    epcs: text("epcs", { mode: "json" }).$type<string[]>().notNull(),
    body: text("body", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    capturedAt: text("captured_at").notNull(),
  },
  (table) => [index("epcis_events_org_time").on(table.orgId, table.eventTime, table.hashId)],
);

/** Which of our batches a captured event names (by Digital Link GTIN + lot or by our batch URL). */
export const epcisEventBatches = sqliteTable(
  "epcis_event_batches",
  {
    hashId: text("hash_id").notNull(),
    batchCode: text("batch_code").notNull(),
  },
  (table) => [primaryKey({ columns: [table.hashId, table.batchCode] }), index("epcis_event_batches_batch").on(table.batchCode, table.hashId)],
);
