import type { Context } from "hono";
import type { AppEnv } from "./app-types";

/**
 * After a write that queued webhook events: with `webhookDispatchOnWrite` (Workers) the
 * dispatcher runs once after the response (ctx.waitUntil); the cron retries the rest.
 */
export function dispatchWebhooksAfterWrite(c: Context<AppEnv>): void {
  const { services } = c.var;
  if (!services.config.webhookDispatchOnWrite) return;
  const run = services.webhooks.dispatch().then(
    () => undefined,
    (error) => console.error("webhook dispatch failed", error),
  );
  try {
    c.executionCtx.waitUntil(run);
  } catch {
    // No execution context (Node): the promise runs on by itself.
  }
}
