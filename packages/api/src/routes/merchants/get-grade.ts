import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { CurrentGradeSchema, GradeChangeSchema, OrgIdParam } from "./params";

export const getGradeRoute = createRoute({
  method: "get",
  path: "/v1/merchants/{orgId}/grade",
  tags: ["merchants"],
  summary: "The grade computed now from the inspections, and the history of grade changes with the inspections behind each",
  security: bearer,
  request: { params: OrgIdParam },
  responses: { 200: json(z.object({ grade: CurrentGradeSchema, history: z.array(GradeChangeSchema) }), "Current grade and history (newest first)"), ...pick(400, 401, 403, 404) },
});

export function registerGetGrade(app: App) {
  app.openapi(getGradeRoute, async (c) => {
    const { services, principal } = c.var;
    const { orgId } = c.req.valid("param");
    const file = await services.merchants.file(principal, orgId);
    return c.json({ grade: file.grade, history: file.gradeHistory } as never, 200);
  });
}
