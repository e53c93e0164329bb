import type { Context } from "hono";
import type { SignedDocument } from "../../services/trust";

/** Serves a signed document with its ETag, answering 304 to a matching If-None-Match. */
export function signedDocumentResponse(c: Context, document: SignedDocument, contentType: string): Response {
  const headers = { etag: document.etag, "cache-control": "public, max-age=30", "content-type": contentType };
  const match = c.req.header("if-none-match");
  if (match && match.split(",").some((tag) => tag.trim() === document.etag)) return new Response(null, { status: 304, headers });
  return new Response(document.jws, { status: 200, headers });
}
