import { createRoute, z } from "@hono/zod-openapi";
import { RecordInspection } from "../../services/grades";
import type { App } from "../app-types";
import { idempotent } from "../idempotent";
import { bearer, IdempotencyHeader, json, pick } from "../common";
import { CurrentGradeSchema, InspectionSchema, OrgIdParam } from "./params";

export const recordInspectionRoute = createRoute({
  method: "post",
  path: "/v1/merchants/{orgId}/inspections",
  tags: ["merchants"],
  summary: "Record an inspection (regulators only): items with scores and key-item flags, total on the 10-point scale, inspector, time, evidence. The grade is recomputed in the same transaction",
  security: bearer,
  request: { params: OrgIdParam, headers: IdempotencyHeader, body: { required: true, content: { "application/json": { schema: RecordInspection } } } },
  responses: { 201: json(z.object({ inspection: InspectionSchema, grade: CurrentGradeSchema, changed: z.boolean() }), "The inspection, the grade computed with it, and whether the grade changed"), ...pick(400, 401, 403, 404, 409, 413, 415) },
});

export function registerRecordInspection(app: App) {
  app.openapi(recordInspectionRoute, async (c) => {
    const { services, principal } = c.var;
    const { orgId } = c.req.valid("param");
    const body = c.req.valid("json");
    return idempotent(c, body, 201, () => services.grades.record(principal, orgId, body)) as never;
  });
}
