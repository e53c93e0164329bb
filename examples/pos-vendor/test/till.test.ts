import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeVoucher } from "@shian/sdk";
import { demoTrustBundle, loadOrCreateTillKey, nextSerial, offlineVerifier, recall, sellAtTill } from "../src/till";

describe("POS vendor example", () => {
  it("creates the till key once, sells, verifies offline and sees a recall", async () => {
    const keyPath = join(mkdtempSync(join(tmpdir(), "shian-till-")), "till.jwk");
    const first = await loadOrCreateTillKey(keyPath);
    const again = await loadOrCreateTillKey(keyPath);
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.pair.kid).toBe(first.pair.kid);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    const counter = keyPath.replace(/\.jwk$/, ".serial");
    expect([nextSerial(counter), nextSerial(counter), nextSerial(counter)]).toEqual([1, 2, 3]);

    const now = new Date("2026-11-24T08:30:00Z");
    const { authority, bundle } = await demoTrustBundle(first.pair, now);
    const claims = { type: "sale", code: "1-0-3", issuedAt: "2026-01-01T00:00:00Z", productCategory: "vegetable", netWeightGrams: 500 } as const;
    const voucher = await sellAtTill(first.pair, claims, 42, "https://trace.shian.cn/v/", now);
    expect(decodeVoucher(voucher.url).claims).toMatchObject({ code: "4406071-42-6", issuedAt: "2026-11-24T08:30:00Z", netWeightGrams: 500 });

    const verifier = await offlineVerifier(authority.publicJwk, bundle, now);
    expect((await verifier.verify(voucher.url, { at: now })).valid).toBe(true);
    await recall(verifier, first.pair, 42, now);
    const after = await verifier.verify(voucher.url, { at: now });
    expect(after.valid).toBe(false);
    expect(after.error?.code).toBe("recalled");
  });
});
