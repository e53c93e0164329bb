import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// `pnpm test` builds the packages first; these tests load what would be published.
const dist = (file: string) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));

describe("built package", () => {
  it("ships ESM, CJS and type declarations", () => {
    for (const file of ["index.js", "index.cjs", "index.d.ts", "index.d.cts", "cli.js"]) expect(existsSync(dist(file)), file).toBe(true);
  });

  it("signs with the ESM build and verifies with the CJS build", async () => {
    const esm = await import(dist("index.js"));
    const cjs = createRequire(import.meta.url)(dist("index.cjs"));
    const pair = await esm.generateKeyPair();
    const signed = await esm.signVoucher({ code: "4406071-202611240000-0", issuedAt: "2026-11-24T00:30:00Z" }, { key: pair.privateJwk, keyIndex: 1, baseUrl: "https://trace.shian.cn/v/" });
    const verifier = await cjs.createJwksVerifier({ keys: [pair.publicJwk] });
    const result = await verifier.verify(signed.url, { at: new Date("2026-11-24T00:31:00Z") });
    expect(result.valid).toBe(true);
    const bad = await verifier.verify(`${signed.url.slice(0, -1)}${signed.url.endsWith("1") ? "2" : "1"}`);
    expect(bad.valid).toBe(false);
    expect(bad.error.code).toMatch(/bad-signature|malformed/);
    expect(new cjs.ShianError("expired")).toBeInstanceOf(Error);
  });
});
