/**
 * The Workers baseline: a bare Hono worker under wrangler dev. `/v/:digits` answers a fixed
 * JSON document (the SCAN_DOCUMENT var, a real scan answer of the API worker, so both send
 * the same bytes) serialised on every request; without it, a small document.
 */
import { Hono } from "hono";

let document: Record<string, unknown> | undefined;
const app = new Hono<{ Bindings: { SCAN_DOCUMENT?: string } }>();
app.get("/health", (c) => c.json({ ok: true }));
app.get("/v/:digits", (c) => {
  document ??= c.env.SCAN_DOCUMENT ? JSON.parse(c.env.SCAN_DOCUMENT) : { state: "valid" };
  return c.json({ ...document, digits: c.req.param("digits") });
});

export default app;
