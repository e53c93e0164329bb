import { createRoute, z } from "@hono/zod-openapi";
import { MAX_UPLOAD_BYTES, UPLOAD_TYPES } from "../../blobs/blob-store";
import { ApiError } from "../../errors/api-error";
import { DocumentKind } from "../../services/documents";
import type { App } from "../app-types";
import { bearer, json, pick } from "../common";
import { DocumentSchema } from "./schemas";

export const uploadDocumentRoute = createRoute({
  method: "post",
  path: "/v1/documents",
  tags: ["records"],
  summary: `Upload a file of the caller's business (self-inspection form, purchase inspection record, health certificate, licence): the raw bytes as the body, PDF, JPEG, PNG or WebP, at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; kind and title in the query`,
  security: bearer,
  request: {
    query: z.object({ kind: DocumentKind, title: z.string().min(1).max(200) }),
    body: { required: true, content: Object.fromEntries(Object.keys(UPLOAD_TYPES).map((type) => [type, { schema: z.string().openapi({ format: "binary" }) }])) },
  },
  responses: { 201: json(DocumentSchema, "The stored document"), ...pick(400, 401, 403, 413, 415) },
});

/** Reads at most `limit` bytes of the body; a longer one is a 413 before it is all read. */
async function readCapped(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new ApiError("payload-too-large", `uploads are limited to ${limit} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

export function registerUploadDocument(app: App) {
  app.openapi(uploadDocumentRoute, async (c) => {
    const declared = Number(c.req.header("content-length") ?? "0");
    if (declared > MAX_UPLOAD_BYTES) throw new ApiError("payload-too-large", `uploads are limited to ${MAX_UPLOAD_BYTES} bytes`);
    const bytes = await readCapped(c.req.raw.body, MAX_UPLOAD_BYTES);
    const doc = await c.var.services.documents.upload(c.var.principal, c.req.valid("query"), c.req.header("content-type") ?? "", bytes);
    return c.json(doc as never, 201);
  });
}
