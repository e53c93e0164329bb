/** The baseline: a bare Hono app on the Node adapter answering a small JSON document. */
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const app = new Hono();
app.get("/health", (c) => c.json({ ok: true }));
app.get("/v/:digits", (c) => c.json({ state: "valid", digits: c.req.param("digits") }));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" });
