import { formatTraceCode, parseTraceCode } from "@shian/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, enzymeTest, type Harness, vegetableBatch } from "../../api/test/harness";
import { ShianApiError, ShianClient, ShianError, generateKeyPair, signVoucher, verifyTrustBundle, type TransportOptions } from "../src/index";
import { operationKeys, recordRoutes } from "./route-recorder";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

/** The app's fetch, recording which operation each request was. */
const appFetch = () => recordRoutes((request) => h.app.fetch(request));

const noWait = { sleep: async () => undefined, random: () => 0.5 } satisfies Partial<TransportOptions>;

describe("ShianClient against the API", () => {
  it("calls every route with typed results", async () => {
    const { fetch, seen } = appFetch();
    const admin = await h.org("admin", { scopes: ["read", "batches:write", "vouchers:write", "tests:write", "recalls:write", "keys:write", "orgs:admin"] });
    const adminClient = new ShianClient({ baseUrl: "http://api.test", apiKey: admin.key, fetch });
    expect(await adminClient.health()).toMatchObject({ ok: true });
    const org = await adminClient.organisations.create({ name: "菜市场摊位 7", role: "stall" });
    expect(org).toMatchObject({ role: "stall", namespace: expect.any(Number) });
    const { key } = await adminClient.apiKeys.create({ name: "till", orgId: org.id });

    const client = new ShianClient({ baseUrl: "http://api.test/", apiKey: key, fetch });
    expect((await client.organisations.me()).id).toBe(org.id);
    const extra = await client.apiKeys.create({ name: "spare", scopes: ["read"] });
    expect((await client.apiKeys.list()).map((k) => k.id)).toContain(extra.apiKey.id);
    expect((await client.apiKeys.revoke(extra.apiKey.id)).revokedAt).not.toBeNull();

    const custodial = await client.signingKeys.register({ generate: "Ed25519" });
    const local = await generateKeyPair();
    const localKey = await client.signingKeys.register({ publicJwk: local.publicJwk });
    const spare = await client.signingKeys.register({ generate: "ES256" });
    expect((await client.signingKeys.list()).map((k) => k.keyIndex).sort()).toEqual([custodial.keyIndex, localKey.keyIndex, spare.keyIndex].sort());
    expect((await client.signingKeys.revoke(spare.keyIndex)).revokedAt).not.toBeNull();

    const batch = await client.batches.create(vegetableBatch(1000) as never);
    expect(await client.batches.get(batch.code)).toEqual(batch);
    const children = await client.batches.split(batch.code, { children: [{ quantity: 600 }, { quantity: 400 }] });
    expect(children.map((c) => c.quantity)).toEqual([600, 400]);

    const issued = await client.vouchers.issue({ batchCode: children[0]!.code, netWeightGrams: 600 });
    expect(issued.url).toMatch(/^http:\/\/localhost:8787\/v\/\d+$/);
    expect(await client.vouchers.get(issued.code)).toMatchObject({ code: issued.code, status: "valid" });
    const signed = await signVoucher(
      { type: "sale", code: formatTraceCode({ namespace: org.namespace, serial: 900 }), issuedAt: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString() },
      { key: local.privateJwk, keyIndex: localKey.keyIndex, baseUrl: "http://localhost:8787/v/" },
    );
    expect((await client.vouchers.register({ url: signed.url })).url).toBe(signed.url);

    const results = [];
    for await (const result of client.vouchers.bulkIssue([{ netWeightGrams: 1 }, { netWeightGrams: -1 }, { netWeightGrams: 3, idempotencyKey: "b-3" }])) results.push(result);
    expect(results.map((r) => [r.index, r.ok])).toEqual([[0, true], [1, false], [2, true]]);

    const trace = await client.batches.trace(batch.code);
    expect(trace.downstream.children).toHaveLength(2);
    const test = await client.batches.recordRapidTest(children[1]!.code, enzymeTest(80) as never);
    expect(test).toMatchObject({ test: { outcome: "fail" }, batchStatus: "suspended" });
    const recall = await client.batches.recall(children[0]!.code, { reason: "contamination", level: "level-2" });
    expect(recall.batchCode).toBe(children[0]!.code);

    const jwks = await client.public.jwks();
    expect(jwks.keys.length).toBeGreaterThan(0);
    const anchors = await client.public.authority();
    const bundle = (await client.public.trustBundle())!;
    expect((await verifyTrustBundle(bundle.jws, anchors.keys)).issuers.map((i) => i.id)).toContain(org.id);
    expect(await client.public.trustBundle({ ifNoneMatch: bundle.etag! })).toBeNull();
    const list = (await client.public.statusList(org.namespace))!;
    expect(list.jws.split(".")).toHaveLength(3);
    expect((await client.public.scan(issued.url)).state).toBe("recalled");

    // GS1: a voucher carrying a GTIN and lot, the issuer's own link, the resolver's linkset.
    const gtinVoucher = await client.vouchers.issue({ gtin: "9506000134352", lot: "LOT-7" });
    const link = await client.gs1.addLink({ gtin: "09506000134352", linkType: "gs1:instructions", href: "https://stall.example/cook", title: "Cooking" });
    expect(link).toMatchObject({ gtin: "09506000134352", lot: null, orgId: org.id });
    expect((await client.gs1.links({ gtin: "9506000134352" })).map((l) => l.id)).toEqual([link.id]);
    const lotSet = await client.gs1.linkset("https://id.gs1.org/01/09506000134352/10/LOT-7");
    expect(lotSet.linkset[0]).toMatchObject({ anchor: "http://localhost:8787/01/09506000134352/10/LOT-7", "https://gs1.org/voc/pip": [{ href: gtinVoucher.url }], "https://gs1.org/voc/instructions": [{ href: "https://stall.example/cook" }] });
    expect((await client.gs1.linkset("/01/09506000134352")).linkset[0]!.anchor).toBe("http://localhost:8787/01/09506000134352");
    expect((await client.gs1.linkset(`/01/09506000134352/21/${gtinVoucher.code}`)).linkset[0]!["https://gs1.org/voc/pip"]).toEqual([expect.objectContaining({ href: gtinVoucher.url })]);
    expect((await client.gs1.linkset("/01/09506000134352/22/2A/10/LOT-7")).linkset[0]!["https://gs1.org/voc/pip"]).toEqual([expect.objectContaining({ href: gtinVoucher.url })]);
    await expect(client.gs1.linkset("/01/09506000134353")).rejects.toMatchObject({ code: "invalid-digital-link", details: { ai: "01", rule: "check-digit" } });
    expect((await client.gs1.resolverDescription()).supportedPrimaryKeys).toEqual(["01"]);
    expect((await client.gs1.voucherJws(gtinVoucher.url)).split(".")).toHaveLength(3);
    expect((await client.gs1.deleteLink(link.id)).id).toBe(link.id);
    expect(await client.gs1.links()).toEqual([]);

    // Every operation but the merchant, grade, ledger, certificate and records ones (一店一码 / 三色码 / 进货台账 / 合格证 / 一户一档): client-merchants.test.ts calls those; client-reports.test.ts the report ones; client-votes.test.ts the vote ones; client-co-supervision.test.ts the task market's; client-epcis.test.ts the EPCIS ones; client-lockdowns.test.ts rapid tests, lock-downs and webhooks; client-scan-analytics.test.ts analytics and the dashboard; cli-fsma204.test.ts the FSMA 204 export.
    expect([...seen].sort()).toEqual(operationKeys((name) => !/^(merchants|grades|ledger|certificates|records|supervision|reports|votes|coSupervision|epcis|rapidTests|lockdowns|webhooks|scanAnalytics|dashboard|fsma204)\.|^public\.(merchant|certificate)$/.test(name)));
  });

  it("throws ShianApiError with the problem's code, status, detail and issues", async () => {
    const org = await h.org("stall");
    const client = new ShianClient({ baseUrl: "http://api.test", apiKey: org.key, fetch: appFetch().fetch });
    const invalid = await client.batches.create({ quantity: -1 } as never).catch((e) => e);
    expect(invalid).toBeInstanceOf(ShianApiError);
    expect(invalid).toBeInstanceOf(ShianError);
    expect(invalid).toMatchObject({ code: "api-error", apiCode: "invalid-request", status: 400 });
    expect(invalid.issues.length).toBeGreaterThan(0);
    const missing = await client.vouchers.get("1001-1-5").catch((e) => e);
    expect(missing).toMatchObject({ apiCode: "not-found", status: 404, detail: expect.stringContaining("1001-1-5") });
    const anonymous = new ShianClient({ baseUrl: "http://api.test", fetch: appFetch().fetch });
    await expect(anonymous.organisations.me()).rejects.toMatchObject({ code: "invalid-input" });
    const badKey = new ShianClient({ baseUrl: "http://api.test", apiKey: "sk_nope_nope", fetch: appFetch().fetch });
    await expect(badKey.organisations.me()).rejects.toMatchObject({ apiCode: "unauthenticated", status: 401 });
  });

  it("retries a write whose answer was lost with the same Idempotency-Key: one batch", async () => {
    const org = await h.org("stall");
    const keys: string[] = [];
    let lose = 1;
    const client = new ShianClient({
      baseUrl: "http://api.test",
      apiKey: org.key,
      ...noWait,
      fetch: async (request) => {
        keys.push(request.headers.get("idempotency-key")!);
        const response = await h.app.fetch(request);
        if (lose-- > 0) throw new TypeError("fetch failed: socket hang up"); // processed, answer lost
        return response;
      },
    });
    const batch = await client.batches.create(vegetableBatch(5) as never);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^sdk-/);
    expect(keys[1]).toBe(keys[0]);
    // The caller's own key is used as given; its batch takes the very next serial, so the
    // resent request created nothing.
    const next = await client.batches.create(vegetableBatch(6) as never, { idempotencyKey: "mine-1" });
    expect(keys.at(-1)).toBe("mine-1");
    const serial = (code: string) => (parseTraceCode(code) as { ok: true; parts: { serial: number } }).parts.serial;
    expect(serial(next.code)).toBe(serial(batch.code) + 1);
  });
});

describe("ShianClient retries, timeout and cancellation", () => {
  const problem = (status: number, code: string, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify({ type: "x", title: "t", status, code, detail: `${code}!` }), { status, headers: { "content-type": "application/problem+json", ...headers } });

  function scripted(answers: Array<Response | Error | "hang">) {
    const calls: Request[] = [];
    const fetch = async (request: Request) => {
      calls.push(request);
      const answer = answers.shift() ?? new Response("{}", { status: 200 });
      if (answer === "hang") return new Promise<Response>((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
      if (answer instanceof Error) throw answer;
      return answer;
    };
    return { calls, fetch };
  }

  it("backs off exponentially with jitter on 5xx, honours Retry-After on 429, same key throughout", async () => {
    const waits: number[] = [];
    const { calls, fetch } = scripted([problem(503, "internal"), problem(429, "rate-limited", { "retry-after": "2" }), new TypeError("network down"), new Response(JSON.stringify({ code: "1-1-1" }), { status: 201 })]);
    const client = new ShianClient({ baseUrl: "http://x", apiKey: "k", fetch, retryBaseDelayMs: 100, random: () => 0.5, sleep: async (ms) => void waits.push(ms) });
    await client.batches.create(vegetableBatch() as never);
    expect(calls).toHaveLength(4);
    expect(new Set(calls.map((c) => c.headers.get("idempotency-key"))).size).toBe(1);
    expect(waits).toEqual([50, 2000, 200]); // 100·2⁰·0.5, Retry-After 2 s, 100·2²·0.5
  });

  it("stops after maxAttempts with the last problem", async () => {
    const { calls, fetch } = scripted([problem(502, "internal"), problem(502, "internal"), problem(502, "internal"), problem(502, "internal")]);
    const client = new ShianClient({ baseUrl: "http://x", fetch, maxAttempts: 3, ...noWait });
    await expect(client.public.jwks()).rejects.toMatchObject({ code: "api-error", status: 502 });
    expect(calls).toHaveLength(3);
  });

  it("does not resend a write without an Idempotency-Key after a 5xx or a lost connection, only after a 429", async () => {
    const first = scripted([problem(500, "internal")]);
    const a = new ShianClient({ baseUrl: "http://x", apiKey: "k", fetch: first.fetch, ...noWait });
    await expect(a.organisations.create({ name: "x", role: "stall" })).rejects.toMatchObject({ status: 500 });
    expect(first.calls).toHaveLength(1);
    const second = scripted([new TypeError("reset")]);
    const b = new ShianClient({ baseUrl: "http://x", apiKey: "k", fetch: second.fetch, ...noWait });
    await expect(b.apiKeys.create({ name: "x" })).rejects.toMatchObject({ code: "network" });
    expect(second.calls).toHaveLength(1);
    const third = scripted([problem(429, "rate-limited", { "retry-after": "0" }), new Response("{}", { status: 201 })]);
    const c = new ShianClient({ baseUrl: "http://x", apiKey: "k", fetch: third.fetch, ...noWait });
    await c.organisations.create({ name: "x", role: "stall" });
    expect(third.calls).toHaveLength(2);
    expect(first.calls[0]!.headers.get("idempotency-key")).toBeNull();
  });

  it("times out each attempt and reports timeout", async () => {
    const { calls, fetch } = scripted(["hang", "hang"]);
    const client = new ShianClient({ baseUrl: "http://x", fetch, timeoutMs: 20, maxAttempts: 2, ...noWait });
    await expect(client.public.jwks()).rejects.toMatchObject({ code: "timeout" });
    expect(calls).toHaveLength(2);
  });

  it("cancels through an AbortSignal, in flight and while backing off", async () => {
    const hang = scripted(["hang"]);
    const client = new ShianClient({ baseUrl: "http://x", fetch: hang.fetch, timeoutMs: 0 });
    const controller = new AbortController();
    const pending = client.public.jwks({ signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ code: "aborted" });

    const slow = scripted([problem(503, "internal"), problem(503, "internal")]);
    const backoff = new ShianClient({ baseUrl: "http://x", fetch: slow.fetch, retryBaseDelayMs: 60_000, random: () => 1 });
    const c2 = new AbortController();
    const waiting = backoff.public.jwks({ signal: c2.signal });
    setTimeout(() => c2.abort(), 20);
    const started = Date.now();
    await expect(waiting).rejects.toMatchObject({ code: "aborted" });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(slow.calls).toHaveLength(1);
  });

  it("bulk: resends a chunk whose answer broke off and gives each result once", async () => {
    const org = await h.org("stall");
    let cut = true;
    const bodies: string[] = [];
    const client = new ShianClient({
      baseUrl: "http://api.test",
      apiKey: org.key,
      ...noWait,
      fetch: async (request) => {
        bodies.push(await request.clone().text());
        const response = await h.app.fetch(request);
        if (!cut) return response;
        cut = false;
        // Pass the first result line, then break the stream.
        const text = await response.text();
        const first = `${text.split("\n")[0]}\n`;
        let pulls = 0;
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (pulls++ === 0) controller.enqueue(new TextEncoder().encode(first));
            else controller.error(new TypeError("terminated"));
          },
        });
        return new Response(stream, { status: 200, headers: response.headers });
      },
    });
    async function* items() {
      for (let i = 0; i < 5; i++) yield { netWeightGrams: i + 1, idempotencyKey: `bulk-${i}` };
    }
    const results = [];
    for await (const result of client.vouchers.bulkIssue(items(), { itemsPerRequest: 3 })) results.push(result);
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(bodies).toHaveLength(3); // chunk 1 twice, chunk 2 once
    expect(bodies[0]).toBe(bodies[1]);
    const codes = results.map((r) => (r.ok ? r.voucher.code : ""));
    expect(new Set(codes).size).toBe(5);
    expect(results.filter((r) => r.ok && !r.created).map((r) => r.index)).toEqual([1, 2]); // stored by the broken request, replayed by their keys
  });
});
