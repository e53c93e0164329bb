import { signWebhookPayload, WEBHOOK_DELIVERY_HEADER, WEBHOOK_EVENT_HEADER, WEBHOOK_SIGNATURE_HEADER } from "@shian/sdk";
import { and, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/database";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import { selectInChunks } from "../lib/chunked";
import { randomToken, type SecretBox } from "../lib/crypto";
import { newId } from "../lib/ids";
import { LOCKDOWN_EVENTS } from "./lockdowns";
import { type Principal, requireScope } from "./principal";
import { webhookRefusalMessage, webhookUrlRefusal } from "./webhook-url-guard";

export const WEBHOOK_EVENT_TYPES = [...LOCKDOWN_EVENTS] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

const parseUrl = (text: string): URL | undefined => {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
};

/**
 * https, or plain http to the local machine only (a receiver under development); no credentials
 * in the URL. Where it may point (no private, loopback or internal hosts) depends on the app's
 * config and is checked by the service (webhook-url-guard.ts), at registration and at delivery.
 */
export const WebhookUrl = z
  .string()
  .max(2048)
  .refine((text) => parseUrl(text) !== undefined, "not a URL")
  .refine((text) => {
    const url = parseUrl(text);
    return !url || url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));
  }, "webhook URLs must use https (plain http only to 127.0.0.1 or localhost)")
  .refine((text) => {
    const url = parseUrl(text);
    return !url || (url.username === "" && url.password === "");
  }, "no credentials in webhook URLs");

export const RegisterWebhook = z.object({ url: WebhookUrl, events: z.array(WebhookEventType).min(1).max(WEBHOOK_EVENT_TYPES.length) }).strict();

export const ListDeliveries = z
  .object({
    endpointId: z.string().max(64).optional(),
    state: z.enum(["pending", "delivered", "failed", "cancelled"]).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();

export interface WebhookOptions {
  /** Sends a request; tests pass their own. */
  fetch?: typeof fetch;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Attempts per delivery before it is marked failed. */
  maxAttempts?: number;
  /** Longest wait between two attempts (seconds). */
  maxDelaySeconds?: number;
  /** Per-attempt timeout (ms). */
  timeoutMs?: number;
  /** Deliveries sent per dispatch run. */
  batchSize?: number;
  /** Endpoints on the local machine allowed (AppConfig.webhookAllowLoopback). */
  allowLoopback?: boolean;
}

export interface EndpointView {
  id: string;
  orgId: string;
  url: string;
  events: string[];
  createdAt: string;
}

export interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  state: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  log: Array<{ attempt: number; startedAt: string; statusCode: number | null; error: string | null; durationMs: number; nextAttemptAt: string | null }>;
}

const SECRET_CONTEXT = (endpointId: string) => `webhook-secret:${endpointId}`;
const LEASE_MS = 60_000;

/**
 * The wait after failed attempt `n` (1-based): 2^n seconds stretched by up to half again by
 * jitter, capped. Strictly longer each time until the cap.
 */
export function retryDelaySeconds(attempt: number, random: number, maxDelaySeconds: number): number {
  const base = 2 ** attempt;
  return Math.min(maxDelaySeconds, base * (1 + random / 2));
}

/**
 * Webhook endpoints per organisation and the dispatcher: outbox events become one delivery
 * per subscribed endpoint of the same organisation; deliveries are signed, sent, retried with
 * exponential back-off and logged attempt by attempt.
 */
export class WebhookService {
  private readonly fetch: typeof fetch;
  private readonly random: () => number;
  readonly maxAttempts: number;
  private readonly maxDelaySeconds: number;
  private readonly timeoutMs: number;
  private readonly batchSize: number;
  private readonly allowLoopback: boolean;

  constructor(
    private readonly db: Database,
    private readonly box: SecretBox,
    private readonly now: () => Date,
    options: WebhookOptions = {},
  ) {
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.random = options.random ?? Math.random;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.maxDelaySeconds = options.maxDelaySeconds ?? 3600;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.batchSize = options.batchSize ?? 50;
    this.allowLoopback = options.allowLoopback ?? false;
  }

  /** Registers an endpoint; the signing secret is returned this once and stored sealed. */
  async register(principal: Principal, input: unknown): Promise<{ endpoint: EndpointView; secret: string }> {
    requireScope(principal, "keys:write");
    const body = RegisterWebhook.parse(input);
    const refusal = webhookUrlRefusal(new URL(body.url), { allowLoopback: this.allowLoopback });
    if (refusal) throw new ApiError("webhook-url-forbidden", webhookRefusalMessage(refusal));
    const count = await this.db.select({ n: sql<number>`COUNT(*)` }).from(webhookEndpoints).where(eq(webhookEndpoints.orgId, principal.orgId)).get();
    if (Number(count?.n ?? 0) >= 10) throw new ApiError("conflict", "an organisation may register at most 10 webhook endpoints");
    const id = newId("whep");
    const secret = `whsec_${randomToken(32)}`;
    const row = { id, orgId: principal.orgId, url: body.url, events: [...new Set(body.events)], secretSealed: await this.box.seal(secret, SECRET_CONTEXT(id)), createdAt: this.now().toISOString() };
    await this.db.insert(webhookEndpoints).values(row);
    return { endpoint: endpointView(row), secret };
  }

  async list(principal: Principal): Promise<EndpointView[]> {
    requireScope(principal, "read");
    const rows = await this.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.orgId, principal.orgId)).orderBy(webhookEndpoints.createdAt).all();
    return rows.map(endpointView);
  }

  /** Deletes an endpoint of the caller's organisation; its pending deliveries are cancelled. */
  async remove(principal: Principal, id: string): Promise<EndpointView> {
    requireScope(principal, "keys:write");
    const row = await this.ownEndpoint(principal, id);
    const at = this.now().toISOString();
    await this.db.batch([
      this.db.update(webhookDeliveries).set({ state: "cancelled", nextAttemptAt: null, updatedAt: at }).where(and(eq(webhookDeliveries.endpointId, id), eq(webhookDeliveries.state, "pending"))),
      this.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)),
    ]);
    return endpointView(row);
  }

  /** The caller's deliveries, newest first, each with its attempt log. */
  async deliveries(principal: Principal, input: unknown): Promise<DeliveryView[]> {
    requireScope(principal, "read");
    const query = ListDeliveries.parse(input);
    const conditions = [eq(webhookDeliveries.orgId, principal.orgId)];
    if (query.endpointId) conditions.push(eq(webhookDeliveries.endpointId, query.endpointId));
    if (query.state) conditions.push(eq(webhookDeliveries.state, query.state));
    return this.load(conditions, query.limit);
  }

  private async load(conditions: SQL[], limit: number): Promise<DeliveryView[]> {
    const rows = await this.db
      .select({ delivery: webhookDeliveries, eventType: webhookEvents.type })
      .from(webhookDeliveries)
      .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
      .where(and(...conditions))
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(limit)
      .all();
    const attempts = await selectInChunks(
      rows.map((row) => row.delivery.id),
      (slice) => this.db.select().from(webhookAttempts).where(inArray(webhookAttempts.deliveryId, slice)).orderBy(webhookAttempts.attempt).all(),
    );
    return rows.map(({ delivery, eventType }) => ({
      id: delivery.id,
      eventId: delivery.eventId,
      eventType,
      endpointId: delivery.endpointId,
      state: delivery.state,
      attempts: delivery.attempts,
      nextAttemptAt: delivery.nextAttemptAt,
      lastStatus: delivery.lastStatus,
      lastError: delivery.lastError,
      createdAt: delivery.createdAt,
      log: attempts
        .filter((attempt) => attempt.deliveryId === delivery.id)
        .map(({ attempt, startedAt, statusCode, error, durationMs, nextAttemptAt }) => ({ attempt, startedAt, statusCode, error, durationMs, nextAttemptAt })),
    }));
  }

  /** Sends a finished (delivered, failed or cancelled) delivery again, with a fresh attempt budget and the same delivery id. */
  async redeliver(principal: Principal, id: string): Promise<DeliveryView> {
    requireScope(principal, "keys:write");
    const row = await this.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).get();
    if (!row || row.orgId !== principal.orgId) throw new ApiError("not-found", `no delivery ${id}`);
    const endpoint = await this.db.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(eq(webhookEndpoints.id, row.endpointId)).get();
    if (!endpoint) throw new ApiError("conflict", "the endpoint of this delivery was deleted");
    const at = this.now().toISOString();
    // In a batch: its results carry rowsAffected on every target (D1 included).
    const [result] = await this.db.batch([
      this.db
        .update(webhookDeliveries)
        .set({ state: "pending", attempts: 0, nextAttemptAt: at, leaseUntil: null, updatedAt: at })
        .where(and(eq(webhookDeliveries.id, id), sql`${webhookDeliveries.state} <> 'pending'`)),
    ]);
    if (result.rowsAffected !== 1) throw new ApiError("conflict", `delivery ${id} is still pending`);
    const [view] = await this.load([eq(webhookDeliveries.id, id)], 1);
    return view!;
  }

  /**
   * One dispatcher run: fans new outbox events out to the subscribed endpoints of their own
   * organisation, then sends the deliveries that are due (leased, so two dispatchers never
   * send the same one at once). Returns what it did.
   */
  async dispatch(): Promise<{ fannedOut: number; sent: number; delivered: number; failed: number; retrying: number }> {
    const fannedOut = await this.fanOut();
    const at = this.now().toISOString();
    const due = await this.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.state, "pending"), sql`${webhookDeliveries.nextAttemptAt} <= ${at}`, sql`(${webhookDeliveries.leaseUntil} IS NULL OR ${webhookDeliveries.leaseUntil} <= ${at})`))
      .orderBy(webhookDeliveries.nextAttemptAt)
      .limit(this.batchSize)
      .all();
    const outcomes = await Promise.all(due.map((row) => this.sendOne(row.id, at)));
    const count = (state: string) => outcomes.filter((outcome) => outcome === state).length;
    return { fannedOut, sent: outcomes.filter((outcome) => outcome !== "skipped").length, delivered: count("delivered"), failed: count("failed"), retrying: count("pending") };
  }

  /** Runs the dispatcher until nothing is due now (tests and the cron). */
  async drain(maxRuns = 20): Promise<void> {
    for (let i = 0; i < maxRuns; i++) {
      const outcome = await this.dispatch();
      if (outcome.sent === 0 && outcome.fannedOut === 0) return;
    }
  }

  private async fanOut(): Promise<number> {
    // A read first: an idle dispatcher (every few seconds on Node) writes nothing.
    const waiting = await this.db.select({ id: webhookEvents.id }).from(webhookEvents).where(eq(webhookEvents.fannedOut, 0)).limit(1).all();
    if (waiting.length === 0) return 0;
    const at = this.now().toISOString();
    const pick = sql`SELECT id FROM webhook_events WHERE fanned_out = 0 ORDER BY created_at LIMIT 500`;
    const [inserted] = await this.db.batch([
      this.db.run(sql`INSERT INTO webhook_deliveries (id, event_id, endpoint_id, org_id, state, attempts, next_attempt_at, created_at, updated_at)
        SELECT 'dlv_' || lower(hex(randomblob(10))), ev.id, ep.id, ev.org_id, 'pending', 0, ${at}, ${at}, ${at}
        FROM webhook_events ev JOIN webhook_endpoints ep ON ep.org_id = ev.org_id
        WHERE ev.id IN (${pick}) AND EXISTS (SELECT 1 FROM json_each(ep.events) WHERE json_each.value = ev.type)
        ON CONFLICT DO NOTHING`),
      this.db.run(sql`UPDATE webhook_events SET fanned_out = 1 WHERE id IN (${pick})`),
    ]);
    return inserted.rowsAffected;
  }

  private async sendOne(id: string, at: string): Promise<"delivered" | "failed" | "pending" | "skipped"> {
    const leaseUntil = new Date(Date.parse(at) + LEASE_MS).toISOString();
    const [lease] = await this.db.batch([
      this.db
        .update(webhookDeliveries)
        .set({ leaseUntil })
        .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.state, "pending"), sql`(${webhookDeliveries.leaseUntil} IS NULL OR ${webhookDeliveries.leaseUntil} <= ${at})`)),
    ]);
    if (lease.rowsAffected !== 1) return "skipped";
    const delivery = (await this.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).get())!;
    const endpoint = await this.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, delivery.endpointId)).get();
    const event = await this.db.select().from(webhookEvents).where(eq(webhookEvents.id, delivery.eventId)).get();
    // Never to another organisation's endpoint, whatever the rows say.
    if (!endpoint || !event || endpoint.orgId !== delivery.orgId || event.orgId !== delivery.orgId) {
      await this.db.update(webhookDeliveries).set({ state: "cancelled", nextAttemptAt: null, leaseUntil: null, updatedAt: at }).where(eq(webhookDeliveries.id, id));
      return "skipped";
    }
    const started = this.now();
    const clock = performance.now();
    // Checked again at delivery (rows written before the rule, or a config changed since): never sent, failed at once.
    const refusal = webhookUrlRefusal(new URL(endpoint.url), { allowLoopback: this.allowLoopback });
    const { statusCode, error } = refusal ? { statusCode: null, error: `refused: ${webhookRefusalMessage(refusal)}` } : await this.post(endpoint, event, delivery.id, started);
    const durationMs = Math.max(0, Math.round(performance.now() - clock));
    const attempt = delivery.attempts + 1;
    const state = error === null ? "delivered" : refusal || attempt >= this.maxAttempts ? "failed" : "pending";
    const next = state === "pending" ? new Date(started.getTime() + retryDelaySeconds(attempt, this.random(), this.maxDelaySeconds) * 1000).toISOString() : null;
    const finished = this.now().toISOString();
    await this.db.batch([
      this.db.run(sql`INSERT INTO webhook_attempts (id, delivery_id, attempt, started_at, status_code, error, duration_ms, next_attempt_at)
        SELECT ${newId("wha")}, ${id}, COUNT(*) + 1, ${started.toISOString()}, ${statusCode}, ${error}, ${durationMs}, ${next} FROM webhook_attempts WHERE delivery_id = ${id}`),
      this.db.update(webhookDeliveries).set({ state, attempts: attempt, nextAttemptAt: next, leaseUntil: null, lastStatus: statusCode, lastError: error, updatedAt: finished }).where(eq(webhookDeliveries.id, id)),
    ]);
    return state;
  }

  /** One signed attempt: never follows a redirect (a 3xx is a failed attempt, logged as such). */
  private async post(endpoint: typeof webhookEndpoints.$inferSelect, event: typeof webhookEvents.$inferSelect, deliveryId: string, started: Date): Promise<{ statusCode: number | null; error: string | null }> {
    const body = JSON.stringify({ id: event.id, type: event.type, createdAt: event.createdAt, data: event.payload });
    const secret = await this.box.open(endpoint.secretSealed, SECRET_CONTEXT(endpoint.id));
    const signature = await signWebhookPayload(body, secret, Math.floor(started.getTime() / 1000));
    try {
      const response = await this.fetch(endpoint.url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "Shian-Webhooks/1", [WEBHOOK_SIGNATURE_HEADER]: signature, [WEBHOOK_DELIVERY_HEADER]: deliveryId, [WEBHOOK_EVENT_HEADER]: event.type },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const statusCode = response.status;
      await response.body?.cancel().catch(() => undefined);
      // A receiver may not send the payload (and its signature) on to another host.
      if (statusCode >= 300 && statusCode < 400) return { statusCode, error: `HTTP ${statusCode}: redirect not followed` };
      return { statusCode, error: statusCode < 200 || statusCode >= 300 ? `HTTP ${statusCode}` : null };
    } catch (cause) {
      return { statusCode: null, error: cause instanceof Error ? `${cause.name}: ${cause.message}`.slice(0, 300) : "request failed" };
    }
  }

  private async ownEndpoint(principal: Principal, id: string) {
    const row = await this.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).get();
    // Another organisation's endpoint is not even confirmed to exist.
    if (!row || row.orgId !== principal.orgId) throw new ApiError("not-found", `no webhook endpoint ${id}`);
    return row;
  }
}

const endpointView = (row: typeof webhookEndpoints.$inferSelect): EndpointView => ({ id: row.id, orgId: row.orgId, url: row.url, events: row.events, createdAt: row.createdAt });
