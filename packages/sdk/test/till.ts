import { formatTraceCode } from "@shian/schemas";
import type { Harness } from "../../api/test/harness";
import { generateKeyPair, signVoucher } from "../src/index";

/** A stall with a key it signs with locally at the till: `sign()` makes the next sale voucher's URL. */
export async function till(h: Harness) {
  const org = await h.org("stall");
  const pair = await generateKeyPair();
  const { body } = await h.call("POST", "/v1/keys", { key: org.key, json: { publicJwk: pair.publicJwk } });
  let serial = 100;
  const sign = async () =>
    (
      await signVoucher(
        { type: "sale", code: formatTraceCode({ namespace: org.namespace, serial: serial++ }), issuedAt: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(), netWeightGrams: 250 },
        { key: pair.privateJwk, keyIndex: body.keyIndex, baseUrl: "http://localhost:8787/v/" },
      )
    ).url;
  return { org, sign };
}
