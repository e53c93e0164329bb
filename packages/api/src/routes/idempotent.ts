import type { Context } from "hono";
import type { AppEnv } from "./app-types";

/**
 * Runs a write under the request's `Idempotency-Key` (if any): the same key with the same
 * method, path and body replays the stored response; with another body it is a 409.
 */
export async function idempotent(c: Context<AppEnv>, body: unknown, status: 200 | 201, execute: () => Promise<unknown>): Promise<Response> {
  const { services, principal } = c.var;
  const fingerprint = `${c.req.method} ${c.req.path} ${JSON.stringify(body)}`;
  const result = await services.idempotency.run(principal.orgId, c.req.header("idempotency-key"), fingerprint, async () => ({ status, body: await execute() }));
  if (result.replayed) c.header("idempotent-replayed", "true");
  return c.json(result.body as object, result.status as 200);
}
