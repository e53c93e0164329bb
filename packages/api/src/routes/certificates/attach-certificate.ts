import { createRoute, z } from "@hono/zod-openapi";
import { AttachCertificate } from "../../services/certificates";
import type { App } from "../app-types";
import { bearer, json, pick, TraceCodeParam } from "../common";

export const attachCertificateRoute = createRoute({
  method: "post",
  path: "/v1/batches/{code}/certificates",
  tags: ["certificates"],
  summary: "Attach a compliance certificate that came with the goods (its scanned URL, verified, or its code) to the receiver's own batch; the batch's certificate list names it",
  security: bearer,
  request: { params: TraceCodeParam, body: { required: true, content: { "application/json": { schema: AttachCertificate } } } },
  responses: {
    200: json(z.object({ batchCode: z.string(), certificateCode: z.string(), attached: z.boolean() }), "Attached (attached: false when it was already)"),
    ...pick(400, 401, 403, 404, 413, 415),
  },
});

export function registerAttachCertificate(app: App) {
  app.openapi(attachCertificateRoute, async (c) => c.json((await c.var.services.certificates.attach(c.var.principal, c.req.valid("param").code, c.req.valid("json"))) as never, 200));
}
