import { createRoute, z } from "@hono/zod-openapi";
import { ClearLockdown, ConfirmLockdown } from "../../services/lockdowns";
import type { App } from "../app-types";
import { bearer, IdempotencyHeader, json, pick } from "../common";
import { idempotent } from "../idempotent";
import { RecallSchema } from "../schemas";
import { dispatchWebhooksAfterWrite } from "../webhook-dispatch";
import { LockdownIdParam, LockdownSchema } from "./schemas";

export const confirmLockdownRoute = createRoute({
  method: "post",
  path: "/v1/lockdowns/{id}/confirm",
  tags: ["lock-downs"],
  summary: "Confirm the failure (a regulator or the testing organisation): the batch tree is recalled in the same transaction and holders are notified",
  security: bearer,
  request: { params: LockdownIdParam, headers: IdempotencyHeader, body: { required: true, content: { "application/json": { schema: ConfirmLockdown } } } },
  responses: { 200: json(z.object({ lockdown: LockdownSchema, recall: RecallSchema }), "The confirmed lock-down and its recall"), ...pick(400, 401, 403, 404, 409) },
});

export const clearLockdownRoute = createRoute({
  method: "post",
  path: "/v1/lockdowns/{id}/clear",
  tags: ["lock-downs"],
  summary: "Clear the lock-down (a regulator or the testing organisation): items still suspended resume; recalled ones stay recalled",
  security: bearer,
  request: { params: LockdownIdParam, headers: IdempotencyHeader, body: { required: true, content: { "application/json": { schema: ClearLockdown } } } },
  responses: { 200: json(LockdownSchema, "The cleared lock-down"), ...pick(400, 401, 403, 404, 409) },
});

export function registerResolveLockdown(app: App) {
  app.openapi(confirmLockdownRoute, async (c) => {
    const body = c.req.valid("json");
    const response = await idempotent(c, body, 200, () => c.var.services.lockdowns.confirm(c.var.principal, c.req.valid("param").id, body));
    dispatchWebhooksAfterWrite(c);
    return response as never;
  });
  app.openapi(clearLockdownRoute, async (c) => {
    const body = c.req.valid("json");
    const response = await idempotent(c, body, 200, () => c.var.services.lockdowns.clear(c.var.principal, c.req.valid("param").id, body));
    dispatchWebhooksAfterWrite(c);
    return response as never;
  });
}
