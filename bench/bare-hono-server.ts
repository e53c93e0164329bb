/**
 * The baseline: a bare Hono app on the Node adapter. `/v/:digits` answers a fixed JSON
 * document (BARE_SCAN_DOCUMENT, a file holding a real scan answer, so both servers send the
 * same bytes) serialised on every request; without it, a small document.
 */
import { readFileSync } from "node:fs";
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const document = process.env.BARE_SCAN_DOCUMENT ? JSON.parse(readFileSync(process.env.BARE_SCAN_DOCUMENT, "utf8")) : { state: "valid" };
const app = new Hono();
app.get("/health", (c) => c.json({ ok: true }));
app.get("/v/:digits", (c) => c.json({ ...document, digits: c.req.param("digits") }));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" });
