import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { CurrentGradeSchema, GradeChangeSchema, HealthCountsSchema, InspectionSchema, OrgIdParam, ProfileSchema } from "./params";

export const getMerchantRoute = createRoute({
  method: "get",
  path: "/v1/merchants/{orgId}",
  tags: ["merchants"],
  summary: "A business's file: profile, computed grade, grade history, last inspections, health-certificate counts. The business, its market and regulators",
  security: bearer,
  request: { params: OrgIdParam },
  responses: {
    200: json(
      z.object({ orgId: z.string(), name: z.string(), role: z.string(), profile: ProfileSchema.nullable(), grade: CurrentGradeSchema, gradeHistory: z.array(GradeChangeSchema), inspections: z.array(InspectionSchema), healthCertificates: HealthCountsSchema }),
      "The file",
    ),
    ...pick(400, 401, 403, 404),
  },
});

export function registerGetMerchant(app: App) {
  app.openapi(getMerchantRoute, async (c) => c.json((await c.var.services.merchants.file(c.var.principal, c.req.valid("param").orgId)) as never, 200));
}
