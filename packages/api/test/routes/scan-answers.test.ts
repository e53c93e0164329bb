import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, enzymeTest, type Harness, vegetableBatch } from "../harness";
import { createBatch, issue, json, pathOf } from "./helpers";

/**
 * The in-process answer cache of the scan route (no edge cache: the Node entry): a repeated scan
 * is answered with the finished bytes, with the same headers, still counted by the analytics, and
 * never after a status or key change made through this process, nor for other digits.
 */
let h: Harness;
beforeEach(async () => {
  h = await createHarness({ scanAnalyticsFlushEvents: 1_000_000, scanAnalyticsFlushMs: 86_400_000 });
});
afterEach(() => h.close());

const hits = () => h.services.scanAnswers.hits;
const headersOf = (headers: Headers) => [...headers].filter(([name]) => name !== "date").sort();
const scanJson = (url: string) => h.call("GET", pathOf(url), { headers: json });

async function setup() {
  const org = await h.org("wholesaler");
  const batch = await createBatch(h, org, vegetableBatch(1_000));
  const voucher = await issue(h, org, { batchCode: batch.code, netWeightGrams: 500 });
  return { org, batch, voucher };
}

describe("scan answers kept in process", () => {
  it("keeps an answer from its second scan on, and answers later scans with the same bytes and headers, still counting them", async () => {
    const { voucher } = await setup();
    const first = await scanJson(voucher.url);
    expect(first.body.state).toBe("valid");
    const before = hits();
    const kept = await scanJson(voucher.url); // the second scan is answered afresh, and its answer kept
    expect(h.services.scanAnswers.size).toBe(1);
    expect(hits()).toBe(before);
    const second = await scanJson(voucher.url);
    expect(hits()).toBe(before + 1);
    expect(second.status).toBe(200);
    expect(second.text).toBe(kept.text);
    expect(headersOf(second.headers)).toEqual(headersOf(first.headers));
    expect(second.headers.get("content-type")).toMatch(/^application\/json/);
    expect(second.headers.get("cache-control")).toBe("no-store");
    expect(second.headers.get("vary")).toBe("Accept, Accept-Language");
    expect(second.headers.get("etag")).toBeNull(); // as uncached: a scan answer carries no ETag

    const page = (lang: string) => h.call("GET", `${pathOf(voucher.url)}?lang=${lang}`, { headers: { accept: "text/html" } });
    // The voucher was scanned before, so its pages are kept from their first request on.
    const en = await page("en");
    const zh = await page("zh-CN");
    expect(zh.text).not.toBe(en.text); // each locale its own entry
    expect(h.services.scanAnswers.size).toBe(3);
    const enAgain = await page("en");
    expect(hits()).toBe(before + 2);
    expect(enAgain.text).toBe(en.text);
    expect(headersOf(enAgain.headers)).toEqual(headersOf(en.headers));
    expect(enAgain.headers.get("content-type")).toMatch(/^text\/html/);
    expect(h.services.scanAnalytics.pending).toBe(6); // every scan counted, cached or not
  });

  it("keeps no answer for vouchers scanned once", async () => {
    const org = await h.org("wholesaler");
    const batch = await createBatch(h, org, vegetableBatch(1_000));
    for (let i = 0; i < 3; i++) {
      const voucher = await issue(h, org, { batchCode: batch.code, netWeightGrams: 500 + i });
      expect((await scanJson(voucher.url)).body.state).toBe("valid");
    }
    expect(h.services.scanAnswers.size).toBe(0);
  });

  it("shows a recall made through this process on the next scan", async () => {
    const { org, batch, voucher } = await setup();
    await scanJson(voucher.url);
    expect((await scanJson(voucher.url)).body.state).toBe("valid"); // now kept
    expect((await scanJson(voucher.url)).body.state).toBe("valid");
    const page = await h.call("GET", `${pathOf(voucher.url)}?lang=en`, { headers: { accept: "text/html" } });
    await h.call("GET", `${pathOf(voucher.url)}?lang=en`, { headers: { accept: "text/html" } });
    expect(h.services.scanAnswers.size).toBe(2);
    expect((await h.call("POST", `/v1/batches/${batch.code}/recall`, { key: org.key, json: { reason: "contamination", level: "level-1" } })).status).toBe(201);
    const before = hits();
    const after = await scanJson(voucher.url);
    expect(after.body.state).toBe("recalled");
    expect(after.body.recall).toMatchObject({ batchCode: batch.code });
    const pageAfter = await h.call("GET", `${pathOf(voucher.url)}?lang=en`, { headers: { accept: "text/html" } });
    expect(pageAfter.text).not.toBe(page.text);
    expect(hits()).toBe(before);
  });

  it("shows a suspension (a failed rapid test) made through this process on the next scan", async () => {
    const { batch, voucher } = await setup();
    const regulator = await h.org("regulator");
    await scanJson(voucher.url);
    expect((await scanJson(voucher.url)).body.state).toBe("valid");
    expect((await h.call("POST", `/v1/batches/${batch.code}/rapid-tests`, { key: regulator.key, json: enzymeTest(75) })).status).toBe(201);
    expect((await scanJson(voucher.url)).body.state).toBe("suspended");
  });

  it("shows a signing key revocation made through this process on the next scan", async () => {
    const { org, voucher } = await setup();
    const [key] = (await h.call("GET", "/v1/keys", { key: org.key })).body.keys;
    await scanJson(voucher.url);
    expect((await scanJson(voucher.url)).body.state).toBe("valid");
    expect((await h.call("POST", `/v1/keys/${key.keyIndex}/revoke`, { key: org.key })).status).toBe(200);
    const after = await scanJson(voucher.url);
    expect(after.body.state).toBe("invalid");
    expect(after.body.verification).toMatchObject({ valid: false, error: { code: "key-revoked" } });
  });

  it("never answers other digits (a tampered voucher URL) with a kept valid answer, and keeps no answer for them", async () => {
    const { voucher } = await setup();
    await scanJson(voucher.url);
    await scanJson(voucher.url);
    const digits = pathOf(voucher.url).slice(3);
    const last = digits.at(-1)!;
    const tampered = `/v/${digits.slice(0, -1)}${last === "9" ? "0" : String(Number(last) + 1)}`;
    const extended = `/v/${digits}0`;
    const before = hits();
    for (const path of [tampered, tampered, extended, extended]) {
      const reply = await h.call("GET", path, { headers: json });
      expect(reply.status).toBe(200);
      expect(reply.body.state).toBe("invalid");
    }
    expect(hits()).toBe(before);
    expect((await scanJson(voucher.url)).body.state).toBe("valid");
    expect(hits()).toBe(before + 1);
  });
});
