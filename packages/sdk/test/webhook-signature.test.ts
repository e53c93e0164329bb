import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhookPayload, verifyWebhookSignature } from "../src/index";

const secret = "whsec_test_secret";
const body = JSON.stringify({ id: "evt_1", type: "lockdown.opened", data: { batchCode: "1001-1-5" } });
const at = new Date("2026-03-02T06:15:00Z");
const t = Math.floor(at.getTime() / 1000);
// Independent reference: node:crypto's HMAC, not the SDK's WebCrypto code.
const reference = (text: string, key = secret) => createHmac("sha256", key).update(text).digest("hex");

describe("webhook signatures", () => {
  it("signs t.body with HMAC-SHA-256 as node:crypto computes it", async () => {
    expect(await signWebhookPayload(body, secret, t)).toBe(`t=${t},v1=${reference(`${t}.${body}`)}`);
  });

  it("verifies a header made by an independent implementation", async () => {
    const header = `t=${t},v1=${reference(`${t}.${body}`)}`;
    expect(await verifyWebhookSignature({ body, header, secret, now: at })).toEqual({ valid: true, timestamp: t });
    // several signatures (secret rotation): one match is enough
    expect((await verifyWebhookSignature({ body, header: `t=${t},v1=${reference(`${t}.${body}`, "old")},v1=${reference(`${t}.${body}`)}`, secret, now: at })).valid).toBe(true);
  });

  it("rejects a changed body, another secret, a replayed old timestamp and malformed headers", async () => {
    const header = await signWebhookPayload(body, secret, t);
    expect(await verifyWebhookSignature({ body: body.replace("1001", "1002"), header, secret, now: at })).toEqual({ valid: false, reason: "signature-mismatch" });
    expect(await verifyWebhookSignature({ body, header, secret: "whsec_other", now: at })).toEqual({ valid: false, reason: "signature-mismatch" });
    expect(await verifyWebhookSignature({ body, header, secret, now: new Date(at.getTime() + 301_000) })).toEqual({ valid: false, reason: "timestamp-out-of-tolerance" });
    expect((await verifyWebhookSignature({ body, header, secret, now: new Date(at.getTime() + 299_000) })).valid).toBe(true);
    for (const bad of [undefined, "", `v1=${reference(`${t}.${body}`)}`, `t=${t}`, `t=abc,v1=${reference(`${t}.${body}`)}`, `t=${t},v1=XYZ`]) {
      expect(await verifyWebhookSignature({ body, header: bad, secret, now: at })).toEqual({ valid: false, reason: "malformed-header" });
    }
  });
});
