import { createRoute, z } from "@hono/zod-openapi";
import { EVIDENCE_TYPES } from "../../blobs/strip-metadata";
import { REPORT_EVIDENCE_MAX_BYTES } from "../../services/reports";
import type { App } from "../app-types";
import { json, pick } from "../common";
import { EvidenceSchema } from "./schemas";

export const uploadEvidenceRoute = createRoute({
  method: "post",
  path: "/reports/evidence",
  tags: ["reports"],
  summary: `Upload one evidence photo for a report (no account): the raw bytes, JPEG or PNG, at most ${REPORT_EVIDENCE_MAX_BYTES / 1024 / 1024} MB; camera data (EXIF, GPS, XMP, text chunks) is removed. Name its id in the report's evidenceRefs`,
  request: { body: { required: true, content: Object.fromEntries(Object.keys(EVIDENCE_TYPES).map((type) => [type, { schema: z.string().openapi({ format: "binary" }) }])) } },
  responses: { 201: json(EvidenceSchema, "The stored evidence (size and hash after stripping)"), ...pick(400, 413, 415, 429) },
});

export function registerUploadEvidence(app: App) {
  app.openapi(uploadEvidenceRoute, async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    return c.json(await c.var.services.reports.addEvidence(c.req.header("content-type") ?? "", bytes), 201) as never;
  });
}
