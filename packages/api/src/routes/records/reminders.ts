import { createRoute, z } from "@hono/zod-openapi";
import { ReminderQuery } from "../../services/supervision";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { ReminderSchema } from "./schemas";

export const remindersRoute = createRoute({
  method: "get",
  path: "/v1/reminders",
  tags: ["supervision"],
  summary: "Due reminders: licences and health certificates expiring within withinDays (default 30) or expired, self-inspections overdue. Regulators see every business (of a region), a business its own",
  security: bearer,
  request: { query: ReminderQuery },
  responses: { 200: json(z.object({ reminders: z.array(ReminderSchema) }), "Reminders, soonest due first"), ...pick(400, 401) },
});

export function registerReminders(app: App) {
  app.openapi(remindersRoute, async (c) => c.json({ reminders: await c.var.services.supervision.reminders(c.var.principal, c.req.valid("query")) } as never, 200));
}
