import { createRoute, z } from "@hono/zod-openapi";
import { renderArchivePage } from "../../pages/archive-page";
import { MerchantQuery, ReminderQuery } from "../../services/supervision";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { OrgIdParam } from "../merchants/params";

const MerchantRowSchema = z
  .object({
    orgId: z.string(),
    name: z.string(),
    businessType: z.string(),
    region: z.string(),
    address: z.string(),
    licenceNumber: z.string().nullable(),
    licenceValidUntil: z.string().nullable(),
    licenceState: z.enum(["valid", "expiring", "expired", "none"]),
    grade: z.string().nullable().openapi({ description: "The latest recorded grade (see POST /v1/grades/recompute)" }),
  })
  .openapi("MerchantSummary");

const ReminderSchema = z
  .object({
    orgId: z.string(),
    name: z.string(),
    region: z.string(),
    kind: z.enum(["licence-expired", "licence-expiring", "health-certificate-expired", "health-certificate-expiring", "self-inspection-overdue"]),
    dueDate: z.string(),
    count: z.number().int().optional(),
  })
  .openapi("Reminder");

export const queryMerchantsRoute = createRoute({
  method: "get",
  path: "/v1/merchants",
  tags: ["supervision"],
  summary: "Regulators: businesses by region (province, city or county code), type, grade (A, B, C, none) and licences or health certificates expiring within N days",
  security: bearer,
  request: { query: MerchantQuery },
  responses: { 200: json(z.object({ merchants: z.array(MerchantRowSchema) }), "Matching businesses"), ...pick(400, 401, 403) },
});

export const remindersRoute = createRoute({
  method: "get",
  path: "/v1/reminders",
  tags: ["supervision"],
  summary: "Due reminders: licences and health certificates expiring within withinDays (default 30) or expired, self-inspections overdue. Regulators see every business (of a region), a business its own",
  security: bearer,
  request: { query: ReminderQuery },
  responses: { 200: json(z.object({ reminders: z.array(ReminderSchema) }), "Reminders, soonest due first"), ...pick(400, 401) },
});

export const archiveRoute = createRoute({
  method: "get",
  path: "/v1/merchants/{orgId}/archive",
  tags: ["supervision"],
  summary: "Export a business's archive (一户一档): one JSON bundle (profile, grade and history, inspections, health certificates, self-inspections, documents, purchase ledger, certificates), or format=html for a printable page",
  security: bearer,
  request: { params: OrgIdParam, query: z.object({ format: z.enum(["json", "html"]).default("json") }) },
  responses: { 200: { description: "The archive", content: { "application/json": { schema: z.record(z.string(), z.unknown()) }, "text/html": { schema: z.string() } } }, ...pick(400, 401, 403, 404) },
});

export function registerSupervision(app: App) {
  app.openapi(queryMerchantsRoute, async (c) => c.json({ merchants: await c.var.services.supervision.query(c.var.principal, c.req.valid("query")) } as never, 200));
  app.openapi(remindersRoute, async (c) => c.json({ reminders: await c.var.services.supervision.reminders(c.var.principal, c.req.valid("query")) } as never, 200));
  app.openapi(archiveRoute, async (c) => {
    const { orgId } = c.req.valid("param");
    const archive = await c.var.services.supervision.archive(c.var.principal, orgId);
    const date = archive.exportedAt.slice(0, 10);
    c.header("cache-control", "private, no-store");
    if (c.req.valid("query").format === "html") return c.html(renderArchivePage(archive), 200) as never;
    c.header("content-disposition", `attachment; filename="archive-${orgId}-${date}.json"`);
    return c.json(archive as never, 200);
  });
}
