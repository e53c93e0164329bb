import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { SecretBox } from "../../src/lib/crypto";
import { WebhookService } from "../../src/services/webhooks";
import { createHarness, enzymeTest, type Harness, type TestOrg, vegetableBatch } from "../harness";
import { count, createBatch, expectProblem } from "./helpers";

/** Where webhooks may point: no loopback (unless the config allows it), private, link-local or internal hosts. */

interface Sent {
  url: string;
  redirect: RequestRedirect | undefined;
}

let h: Harness;
let sent: Sent[];
let answer: number;

async function harness(allowLoopback: boolean) {
  sent = [];
  answer = 200;
  const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    sent.push({ url: String(input), redirect: init?.redirect });
    return new Response("ok", { status: answer, headers: answer >= 300 && answer < 400 ? { location: "http://10.0.0.1/stolen" } : {} });
  }) as typeof fetch;
  h = await createHarness({ webhookAllowLoopback: allowLoopback }, { webhooks: { fetch: fakeFetch, random: () => 0 } });
}
afterEach(() => h.close());

const register = (org: TestOrg, url: string) => h.call("POST", "/v1/webhooks", { key: org.key, json: { url, events: ["lockdown.opened"] } });

/** [URL, the rule that refuses it]: spellings the WHATWG URL parser normalises are refused like their plain form. */
const FORBIDDEN: Array<[string, string]> = [
  ["https://10.0.0.1/hook", "private"],
  ["https://10.255.255.255/hook", "private"],
  ["https://172.16.0.1/hook", "private"],
  ["https://172.31.255.254/hook", "private"],
  ["https://192.168.1.1/hook", "private"],
  ["https://10.1/hook", "private"], // → 10.0.0.1
  ["https://169.254.169.254/latest/meta-data/", "link-local"],
  ["https://0xa9fea9fe/hook", "link-local"], // hex 169.254.169.254
  ["https://100.64.0.1/hook", "cgnat"],
  ["https://100.127.255.255/hook", "cgnat"],
  ["https://0.0.0.0/hook", "unspecified"],
  ["https://0/hook", "unspecified"], // → 0.0.0.0
  ["https://224.0.0.1/hook", "multicast"],
  ["https://[::]/hook", "unspecified"],
  ["https://[fc00::1]/hook", "unique-local"],
  ["https://[fd12:3456::1]/hook", "unique-local"],
  ["https://[fe80::1]/hook", "link-local"],
  ["https://[ff02::1]/hook", "multicast"],
  ["https://[::ffff:10.0.0.1]/hook", "private"],
  ["https://[::ffff:169.254.169.254]/hook", "link-local"],
  ["https://[::ffff:a9fe:a9fe]/hook", "link-local"],
  ["https://[64:ff9b::a00:1]/hook", "private"], // NAT64 of 10.0.0.1
  ["https://[2002:c0a8:101::1]/hook", "private"], // 6to4 of 192.168.1.1
  ["https://metadata.google.internal/computeMetadata/v1/", "internal-name"],
  ["https://billing.corp.internal/hook", "internal-name"],
  ["https://printer.local/hook", "internal-name"],
  ["https://metadata/hook", "single-label-host"],
];

/** Loopback in every spelling: refused unless the config allows a local receiver. */
const LOOPBACK = [
  "https://127.0.0.1/hook",
  "http://127.0.0.1:9999/hook",
  "https://127.1.2.3/hook",
  "https://2130706433/hook", // decimal 127.0.0.1
  "https://0x7f000001/hook", // hex
  "https://0177.0.0.1/hook", // octal
  "https://0x7f.1/hook",
  "https://[::1]/hook",
  "http://[::1]:8080/hook",
  "https://[::ffff:127.0.0.1]/hook",
  "http://localhost/hook",
  "https://LOCALHOST./hook",
  "https://app.localhost/hook",
];

const PUBLIC = ["https://example.com/hook", "https://hooks.example.org:8443/shian?x=1", "https://8.8.8.8/hook", "https://[2001:4860:4860::8888]/hook", "https://172.32.0.1/hook", "https://100.128.0.1/hook", "https://192.169.0.1/hook"];

describe("webhook URL guard at registration", () => {
  it("refuses private, link-local, CGNAT, unique-local, multicast, unspecified and internal hosts with webhook-url-forbidden, naming the rule", async () => {
    await harness(false);
    const org = await h.org("wholesaler");
    for (const [url, rule] of FORBIDDEN) {
      const reply = await register(org, url);
      expectProblem(reply, 400, "webhook-url-forbidden");
      expect(reply.body.detail, url).toContain(`(rule ${rule})`);
    }
    expect(await count(h, "webhook_endpoints")).toBe(0);
  });

  it("without webhookAllowLoopback (every deployed entry), loopback in any spelling is refused too", async () => {
    await harness(false);
    const org = await h.org("wholesaler");
    for (const url of LOOPBACK) {
      const reply = await register(org, url);
      expectProblem(reply, 400, "webhook-url-forbidden");
      expect(reply.body.detail, url).toContain("(rule loopback)");
    }
    expect(await count(h, "webhook_endpoints")).toBe(0);
  });

  it("with webhookAllowLoopback (tests, a local receiver), loopback is accepted but every other forbidden host still is not", async () => {
    await harness(true);
    for (const url of LOOPBACK) {
      const reply = await register(await h.org("wholesaler"), url);
      expect(reply.status, `${url}: ${reply.text}`).toBe(201);
    }
    const org = await h.org("wholesaler");
    for (const [url] of FORBIDDEN) expectProblem(await register(org, url), 400, "webhook-url-forbidden");
    expect(await count(h, "webhook_endpoints")).toBe(LOOPBACK.length);
  });

  it("accepts public https hosts, including addresses just outside the forbidden ranges", async () => {
    await harness(false);
    const org = await h.org("wholesaler");
    for (const url of PUBLIC) {
      const reply = await register(org, url);
      expect(reply.status, `${url}: ${reply.text}`).toBe(201);
    }
    expect(await count(h, "webhook_endpoints")).toBe(PUBLIC.length);
  });
});

describe("webhook URL guard at delivery", () => {
  /** A wholesaler of a market; the market's failed test on its batch queues a lockdown.opened event for it. */
  async function wholesaler() {
    const market = await h.org("wholesale-market");
    return { market, org: await h.org("wholesaler", { marketId: market.id }) };
  }
  async function failedTestFor({ market, org }: { market: TestOrg; org: TestOrg }) {
    const batch = await createBatch(h, org, vegetableBatch(1_000));
    const reply = await h.call("POST", `/v1/batches/${batch.code}/rapid-tests`, { key: market.key, json: enzymeTest(90) });
    expect(reply.status, reply.text).toBe(201);
  }

  it("an endpoint row pointing at a forbidden host (written before the rule) is never sent to: one refused attempt, then failed", async () => {
    await harness(false);
    const scene = await wholesaler();
    const { org } = scene;
    const { endpoint } = (await register(org, "https://example.com/hook")).body;
    await h.db.run(sql`UPDATE webhook_endpoints SET url = 'https://169.254.169.254/latest' WHERE id = ${endpoint.id}`);
    await failedTestFor(scene);
    await h.services.webhooks.drain();
    expect(sent).toEqual([]);
    const [delivery] = (await h.call("GET", "/v1/webhooks/deliveries", { key: org.key })).body.deliveries;
    expect(delivery).toMatchObject({ state: "failed", attempts: 1, lastStatus: null, nextAttemptAt: null });
    expect(delivery.lastError).toMatch(/^refused: .*\(rule link-local\)/);
    expect(delivery.log).toHaveLength(1);
  });

  it("a loopback endpoint registered while allowed is refused once the config no longer allows it", async () => {
    await harness(true);
    const scene = await wholesaler();
    expect((await register(scene.org, "http://127.0.0.1:9999/hook")).status).toBe(201);
    await failedTestFor(scene);
    // The same database, served by a dispatcher without the allowance.
    const strict = new WebhookService(h.db, await SecretBox.fromBase64url(SecretBox.generateKey()), () => new Date(), { fetch: (async () => new Response("ok")) as typeof fetch, allowLoopback: false });
    await strict.drain();
    const row = await h.db.get<{ state: string; last_error: string }>(sql`SELECT state, last_error FROM webhook_deliveries`);
    expect(row).toMatchObject({ state: "failed" });
    expect(row!.last_error).toContain("(rule loopback)");
  });

  it("never follows a redirect: fetch is told redirect 'manual', and a 3xx is a failed attempt, logged, retried later", async () => {
    await harness(false);
    const scene = await wholesaler();
    const { org } = scene;
    expect((await register(org, "https://example.com/hook")).status).toBe(201);
    await failedTestFor(scene);
    answer = 302;
    await h.services.webhooks.dispatch();
    expect(sent).toEqual([{ url: "https://example.com/hook", redirect: "manual" }]);
    const [delivery] = (await h.call("GET", "/v1/webhooks/deliveries", { key: org.key })).body.deliveries;
    expect(delivery).toMatchObject({ state: "pending", attempts: 1, lastStatus: 302, lastError: "HTTP 302: redirect not followed" });
    expect(delivery.log).toMatchObject([{ attempt: 1, statusCode: 302, error: "HTTP 302: redirect not followed" }]);
  });
});
