import { compactVerify, importJWK } from "jose";
import { describe, expect, it } from "vitest";
import { VoucherClaims } from "@shian/schemas";
import { decodeVoucher, signVoucher, STATUS_VALUES, toJws } from "../src/index";
import { BASE_URL, loadClaims } from "./fixtures";

// RFC 8032 §7.1 TEST 1 key. Ed25519 is deterministic, so these URLs pin wire format v1:
// a change to the encoding, the fixed JWS header or the digit conversion breaks them.
const RFC8032_TEST1 = {
  kty: "OKP",
  crv: "Ed25519",
  d: "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
  x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
} as const;

const VECTORS = {
  minimal:
    "https://trace.shian.cn/v/4580382296010020631805711227567909954247690499958423965183778443617484012534303629010220666881937837135360402649142266599641965920254395308000709364587605526543001050655871440349893513547965198",
  "sale-voucher":
    "https://trace.shian.cn/v/1417559659866176330622230310042337599189695138437976423736927277157776287527763681186433634324676142672846848657597309505827789098187863465307451321073494162465168852538867539055335465596331152263493930416430993638544388",
} as const;

describe("format v1 test vectors", () => {
  it.each(Object.entries(VECTORS))("%s: signing reproduces the vector and jose verifies it", async (name, url) => {
    const claims = loadClaims(name as keyof typeof VECTORS);
    const signed = await signVoucher(claims, { key: RFC8032_TEST1, keyIndex: 1, baseUrl: BASE_URL });
    expect(signed.url).toBe(url);
    expect(decodeVoucher(url).claims).toEqual(VoucherClaims.parse(claims));
    const { x, kty, crv } = RFC8032_TEST1;
    await expect(compactVerify(toJws(url), await importJWK({ kty, crv, x }, "EdDSA"))).resolves.toBeDefined();
  });

  it("keeps the status-list wire values", () => {
    expect(STATUS_VALUES).toEqual(["valid", "suspended", "revoked", "recalled"]);
  });
});
