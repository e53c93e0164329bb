/**
 * Bodiless POSTs over a real Node HTTP server: fetch sends `Content-Length: 0` and no content
 * type, and the Node server hands the app an empty body stream. They need no content type
 * (revoking an API key, asking for a merchant code); a POST with a body still must be JSON.
 */
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./harness";

let h: Harness;
let server: ServerType;
let base = "";
beforeAll(async () => {
  h = await createHarness();
  await new Promise<void>((resolve) => {
    server = serve({ fetch: h.app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      base = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  h?.close();
});

describe("bodiless POST over HTTP", () => {
  it("needs no content type; a body that is not JSON is still refused", async () => {
    const stall = await h.org("stall");
    const post = (path: string, init: RequestInit = {}) => fetch(base + path, { method: "POST", ...init, headers: { authorization: `Bearer ${stall.key}`, ...init.headers } });
    const profile = { uscc: "91440607MA4UJXKTX2", businessType: "stall", address: "西南街市场 A12", region: "440607", responsiblePerson: { name: "陈" }, phone: "13800138000" };
    expect((await fetch(`${base}/v1/merchants/${stall.id}/profile`, { method: "PUT", headers: { authorization: `Bearer ${stall.key}`, "content-type": "application/json" }, body: JSON.stringify(profile) })).status).toBe(200);
    const code = await post(`/v1/merchants/${stall.id}/code`);
    expect(code.status, await code.clone().text()).toBe(201);
    expect((await code.json()).url).toMatch(/\/m\/\d+$/);

    const created = await post("/v1/api-keys", { headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "till" }) });
    expect(created.status).toBe(201);
    const revoke = await post(`/v1/api-keys/${(await created.json()).apiKey.id}/revoke`);
    expect(revoke.status).toBe(200);

    const text = await post(`/v1/merchants/${stall.id}/code`, { headers: { "content-type": "text/plain" }, body: "please" });
    expect(text.status).toBe(415);
  });
});
