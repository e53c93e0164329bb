import { describe, expect, it } from "vitest";
import { createOfflineVerifier, decodeVoucher, isShianError, signStatusList, signVoucher, toJws } from "../src/index";
import { bytesToDecimal } from "../src/lib/decimal";
import { at, BASE_URL, loadClaims, makeWorld, T0 } from "./fixtures";
import { prng } from "./seeded";

const INPUTS = 100_000;
const ALPHABET = "0123456789abcdefhtps:/.-_~?#%XYZ=+食安\u0000 \n";

describe("seeded fuzzing", () => {
  it(`decoder and verifier answer ${INPUTS.toLocaleString("en")} random and mutated inputs with a result or a ShianError`, async () => {
    const random = prng(20261124);
    const int = (n: number) => Math.floor(random() * n);
    const world = await makeWorld();
    const key = { key: world.market.privateJwk, keyIndex: 1, baseUrl: BASE_URL };
    const seeds = [await signVoucher(loadClaims("sale-voucher"), key), await signVoucher(loadClaims("minimal"), key)];
    const statusList = await signStatusList(
      { namespace: 4406071, version: 1, issuedAt: T0, expiresAt: "2026-11-25T00:00:00Z", size: 64, entries: [[3, "recalled"]] },
      world.market.privateJwk,
    );
    const verifier = await createOfflineVerifier({ trustAnchors: [world.authority.publicJwk], bundle: world.bundle, statusLists: [statusList], now: at(T0) });
    // Only the signed bytes matter: a changed path on a trusted host still carries the same voucher.
    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
    const originals = new Set(seeds.map((seed) => hex(seed.bytes)));

    const makers: Array<() => string> = [
      () => Array.from({ length: int(80) }, () => ALPHABET[int(ALPHABET.length)]).join(""),
      () => BASE_URL + Array.from({ length: 1 + int(400) }, () => int(10)).join(""),
      () => {
        const bytes = Uint8Array.from({ length: 1 + int(200) }, () => int(256));
        bytes[0] = 1 + int(3);
        return BASE_URL + bytesToDecimal(bytes);
      },
      () => {
        const bytes = Uint8Array.from(seeds[int(2)]!.bytes);
        for (let flips = 1 + int(3); flips > 0; flips--) bytes[int(bytes.length)]! ^= 1 << int(8);
        if (bytes[0] === 0) bytes[0] = 1;
        return BASE_URL + bytesToDecimal(random() < 0.2 ? bytes.subarray(0, 1 + int(bytes.length - 1)) : bytes);
      },
      () => {
        const url = seeds[int(2)]!.url;
        const i = int(url.length);
        const choice = int(4);
        if (choice === 0) return url.slice(0, i) + ALPHABET[int(ALPHABET.length)] + url.slice(i + 1);
        if (choice === 1) return url.slice(0, i) + url.slice(i + 1);
        if (choice === 2) return url.slice(0, i) + int(10) + url.slice(i);
        return url.repeat(1 + int(12));
      },
      () => {
        const jws = toJws(seeds[int(2)]!.url);
        const i = int(jws.length);
        return jws.slice(0, i) + "ABCxyz-_.="[int(10)] + jws.slice(i + 1);
      },
    ];

    const codes = new Map<string, number>();
    let decoded = 0;
    for (let n = 0; n < INPUTS; n++) {
      const input = makers[n % makers.length]!();
      try {
        decodeVoucher(input);
        decoded++;
      } catch (error) {
        if (!isShianError(error)) throw new Error(`decodeVoucher threw a non-ShianError for ${JSON.stringify(input.slice(0, 120))}: ${String(error)}`);
      }
      const result = await verifier.verify(input, { at: at(T0) });
      if (result.valid) {
        const { payload, signature } = decodeVoucher(input);
        expect(originals.has(hex(payload) + hex(signature)), `a mutated voucher verified: ${input.slice(0, 120)}`).toBe(true);
      } else {
        expect(typeof result.error?.code).toBe("string");
        codes.set(result.error!.code, (codes.get(result.error!.code) ?? 0) + 1);
      }
    }
    // The generators reach deep into the pipeline, not only the first parse check.
    expect(decoded).toBeGreaterThan(INPUTS / 10);
    for (const code of ["malformed", "bad-signature", "unsupported-version", "too-large"]) expect(codes.get(code) ?? 0).toBeGreaterThan(0);
  });
});
