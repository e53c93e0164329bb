import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";

// Runs the built CLI (`pnpm test` builds first), as `shian` would run once installed.
const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const CLAIMS = fileURLToPath(new URL("../../../examples/vouchers/sale-voucher.json", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "shian-cli-"));
const file = (name: string) => join(dir, name);

function shian(...args: string[]) {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 30_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("shian CLI", () => {
  it("keygen → jwks → sign → verify → qr", () => {
    const keygen = shian("keygen", "--out", file("till.jwk"));
    expect(keygen.code).toBe(0);
    const publicJwk = JSON.parse(keygen.stdout);
    expect(publicJwk).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA" });
    expect(publicJwk.d).toBeUndefined();
    expect(statSync(file("till.jwk")).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file("till.jwk"), "utf8")).kid).toBe(publicJwk.kid);

    const jwks = shian("jwks", file("till.jwk"));
    expect(jwks.code).toBe(0);
    expect(JSON.parse(jwks.stdout)).toEqual({ keys: [publicJwk] });
    writeFileSync(file("jwks.json"), jwks.stdout);

    const sign = shian("sign", "--key", file("till.jwk"), "--key-index", "1", "--host", "trace.shian.cn", "--claims", CLAIMS);
    expect(sign.code).toBe(0);
    const url = sign.stdout.trim();
    expect(url).toMatch(/^https:\/\/trace\.shian\.cn\/v\/[1-9]\d+$/);

    const verify = shian("verify", url, "--keys", file("jwks.json"), "--at", "2026-11-24T01:00:00Z");
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ valid: true, voucher: { claims: { code: "4406071-202611240001-9", netWeightGrams: 12500 } } });

    const early = shian("verify", url, "--keys", file("jwks.json"), "--at", "2026-11-24T00:00:00Z");
    expect(early.code).toBe(1);
    expect(JSON.parse(early.stdout).error.code).toBe("not-yet-valid");

    const tampered = shian("verify", url.slice(0, -3) + (url.endsWith("000") ? "111" : "000"), "--keys", file("jwks.json"));
    expect(tampered.code).toBe(1);
    expect(JSON.parse(tampered.stdout).valid).toBe(false);

    const qr = shian("qr", url, "--ecc", "Q", "--out", file("voucher.png"));
    expect(qr.code).toBe(0);
    const version = Number(/version (\d+)/.exec(qr.stdout)?.[1]);
    const png = PNG.sync.read(readFileSync(file("voucher.png")));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(url);
    expect(decoded?.version).toBe(version);
    expect(shian("qr", url, "--out", file("voucher.svg")).code).toBe(0);
    expect(readFileSync(file("voucher.svg"), "utf8")).toMatch(/^<svg /);
  });

  it("verifies against a signed trust bundle and a status list", () => {
    expect(shian("keygen", "--out", file("authority.jwk")).code).toBe(0);
    const market = JSON.parse(shian("keygen", "--alg", "ES256", "--out", file("market.jwk")).stdout);
    writeFileSync(file("anchors.json"), shian("jwks", file("authority.jwk")).stdout);
    writeFileSync(
      file("bundle.json"),
      JSON.stringify({
        version: 3,
        issuedAt: "2026-11-01T00:00:00Z",
        expiresAt: "2026-12-31T00:00:00Z",
        resolverHosts: ["trace.shian.cn"],
        issuers: [{ id: "market", name: "Market", roles: ["wholesale-market"], namespaces: [4406071], keys: [{ keyIndex: 4, jwk: market, notBefore: "2026-01-01T00:00:00Z", notAfter: "2027-01-01T00:00:00Z" }] }],
      }),
    );
    expect(shian("bundle", "--authority", file("authority.jwk"), "--content", file("bundle.json"), "--out", file("bundle.jws")).code).toBe(0);
    const url = shian("sign", "--key", file("market.jwk"), "--key-index", "4", "--host", "trace.shian.cn", "--claims", CLAIMS).stdout.trim();

    const ok = shian("verify", url, "--keys", file("bundle.jws"), "--anchors", file("anchors.json"), "--at", "2026-11-24T01:00:00Z");
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, issuer: { id: "market" }, trust: { source: "bundle", version: 3 } });

    writeFileSync(file("status.json"), JSON.stringify({ namespace: 4406071, version: 1, issuedAt: "2026-11-24T00:00:00Z", expiresAt: "2026-11-25T00:00:00Z", size: 202611240002, entries: {} }));
    const tooBig = shian("status", "--key", file("market.jwk"), "--content", file("status.json"), "--out", file("status.jws"));
    expect(tooBig.code).toBe(2);
    expect(JSON.parse(tooBig.stderr).error.code).toBe("invalid-input");

    const bigSerialClaims = JSON.parse(readFileSync(CLAIMS, "utf8"));
    writeFileSync(file("claims.json"), JSON.stringify({ ...bigSerialClaims, code: "4406071-12-7" }));
    const recalledUrl = shian("sign", "--key", file("market.jwk"), "--key-index", "4", "--host", "trace.shian.cn", "--claims", file("claims.json"));
    expect(recalledUrl.code, recalledUrl.stderr).toBe(0);
    writeFileSync(file("status.json"), JSON.stringify({ namespace: 4406071, version: 1, issuedAt: "2026-11-24T00:00:00Z", expiresAt: "2026-11-25T00:00:00Z", size: 100, entries: { "12": "recalled" } }));
    expect(shian("status", "--key", file("market.jwk"), "--content", file("status.json"), "--out", file("status.jws")).code).toBe(0);
    const recalled = shian("verify", recalledUrl.stdout.trim(), "--keys", file("bundle.jws"), "--anchors", file("anchors.json"), "--status", file("status.jws"), "--at", "2026-11-24T01:00:00Z");
    expect(recalled.code).toBe(1);
    expect(JSON.parse(recalled.stdout)).toMatchObject({ valid: false, status: "recalled", error: { code: "recalled" } });

    const wrongAnchor = shian("verify", url, "--keys", file("bundle.jws"), "--anchors", file("jwks.json"), "--at", "2026-11-24T01:00:00Z");
    expect(wrongAnchor.code).toBe(1);
    expect(JSON.parse(wrongAnchor.stderr).error.code).toBe("untrusted-bundle");
  });

  it("answers usage errors with exit code 2", () => {
    expect(shian().code).toBe(2);
    expect(shian("nonsense").code).toBe(2);
    expect(shian("verify", "https://trace.shian.cn/v/1").code).toBe(2); // no --keys
    expect(shian("sign", "--key", file("missing.jwk"), "--key-index", "1", "--host", "x.cn", "--claims", CLAIMS).code).toBe(2);
    expect(shian("keygen", "--alg", "RS256", "--out", file("x.jwk")).code).toBe(2);
    expect(shian("qr", "https://x.cn/v/1", "--out", file("x.gif")).code).toBe(2);
    expect(shian("verify", "--bogus-flag").code).toBe(2);
    const help = shian("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/shian keygen/);
  });
});
