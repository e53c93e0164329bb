import { describe, expect, it } from "vitest";
import { createOfflineVerifier, signVoucher } from "../src/index";
import { at, BASE_URL, loadClaims, makeWorld, T0 } from "./fixtures";
import { bytesToDecimal } from "../src/lib/decimal";

describe("tampering", () => {
  it("rejects every single-byte change of a signed sale voucher", async () => {
    const world = await makeWorld();
    const verifier = await createOfflineVerifier({ trustAnchors: [world.authority.publicJwk], bundle: world.bundle, now: at(T0) });
    const { bytes } = await signVoucher(loadClaims("sale-voucher"), { key: world.market.privateJwk, keyIndex: 1, baseUrl: BASE_URL });
    let checked = 0;
    for (let i = 0; i < bytes.length; i++) {
      for (const delta of [1, 0x80, 0xff]) {
        const changed = Uint8Array.from(bytes);
        changed[i] = (changed[i]! + delta) & 0xff;
        if (changed[0] === 0) continue; // a leading zero byte has no decimal form
        const result = await verifier.verify(BASE_URL + bytesToDecimal(changed), { at: at(T0) });
        expect(result.valid, `byte ${i} + ${delta}`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(bytes.length * 2);
  });

  it("rejects every single-digit change of the URL", async () => {
    const world = await makeWorld();
    const verifier = await createOfflineVerifier({ trustAnchors: [world.authority.publicJwk], bundle: world.bundle, now: at(T0) });
    const { url } = await signVoucher(loadClaims("minimal"), { key: world.market.privateJwk, keyIndex: 1, baseUrl: BASE_URL });
    expect((await verifier.verify(url, { at: at(T0) })).valid).toBe(true);
    let checked = 0;
    for (let i = BASE_URL.length; i < url.length; i++) {
      for (let digit = 0; digit <= 9; digit++) {
        if (String(digit) === url[i]) continue;
        const result = await verifier.verify(url.slice(0, i) + digit + url.slice(i + 1), { at: at(T0) });
        expect(result.valid, `digit ${i} → ${digit}`).toBe(false);
        expect(["bad-signature", "malformed", "unsupported-version", "unknown-key", "namespace-not-allowed", "too-large"]).toContain(result.error?.code);
        checked++;
      }
    }
    expect(checked).toBe((url.length - BASE_URL.length) * 9);
  });
});
