import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** An organisation's webhook endpoints; the signing secret is sealed with the KEK. */
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    url: text("url").notNull(),
    /** Event types it receives. */
    events: text("events", { mode: "json" }).$type<string[]>().notNull(),
    secretSealed: text("secret_sealed").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [index("webhook_endpoints_org").on(table.orgId)],
);

/** The outbox: notifications for an organisation, written in the transaction of what they report. */
export const webhookEvents = sqliteTable(
  "webhook_events",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    type: text("type").notNull(),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** 0 until the dispatcher has made its deliveries (one per subscribed endpoint). */
    fannedOut: integer("fanned_out").notNull().default(0),
    createdAt: text("created_at").notNull(),
  },
  (table) => [index("webhook_events_fan_out").on(table.fannedOut, table.createdAt), index("webhook_events_org").on(table.orgId, table.createdAt)],
);

/** One event to one endpoint; its id is the delivery id receivers dedupe on. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    eventId: text("event_id").notNull(),
    endpointId: text("endpoint_id").notNull(),
    orgId: text("org_id").notNull(),
    /** pending | delivered | failed | cancelled */
    state: text("state").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: text("next_attempt_at"),
    /** A dispatcher holds a delivery until then while it sends it. */
    leaseUntil: text("lease_until"),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (table) => [
    uniqueIndex("webhook_deliveries_event_endpoint").on(table.eventId, table.endpointId),
    index("webhook_deliveries_due").on(table.state, table.nextAttemptAt),
    index("webhook_deliveries_org").on(table.orgId, table.createdAt),
  ],
);

/** The delivery log: every attempt with its answer. */
export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    id: text("id").primaryKey(),
    deliveryId: text("delivery_id").notNull(),
    attempt: integer("attempt").notNull(),
    startedAt: text("started_at").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    /** When the next attempt is due; null when this was the last one. */
    nextAttemptAt: text("next_attempt_at"),
  },
  (table) => [uniqueIndex("webhook_attempts_delivery").on(table.deliveryId, table.attempt)],
);
