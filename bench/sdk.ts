/** SDK figures: QR versions of the reference vouchers, and sign/verify/decode rates on one core. */
import { readFileSync } from "node:fs";
import {
  createJwksVerifier,
  decodeVoucher,
  encodeQr,
  generateKeyPair,
  importSigner,
  type QrEcc,
  signVoucher,
  toJwks,
  toJws,
} from "@shian/sdk";
import { opensslEd25519 } from "./openssl";
import { opsPerSecond, progress, report } from "./measure";

const BASE_URL = "https://trace.shian.cn/v/";
const ECC_LEVELS: QrEcc[] = ["L", "M", "Q", "H"];
const claimsOf = (name: string) => JSON.parse(readFileSync(new URL(`../examples/vouchers/${name}.json`, import.meta.url), "utf8"));

export async function benchSdk(): Promise<void> {
  const key = await generateKeyPair("Ed25519");
  const signer = await importSigner(key.privateJwk);
  const verifier = await createJwksVerifier(await toJwks([key.publicJwk]));

  progress("QR versions for the reference vouchers");
  const sale = await signVoucher(claimsOf("sale-voucher"), { key: signer, keyIndex: 1, baseUrl: BASE_URL });
  for (const [name, voucherName] of [["sale", "sale-voucher"], ["minimal", "minimal"]] as const) {
    const { url } = await signVoucher(claimsOf(voucherName), { key: signer, keyIndex: 1, baseUrl: BASE_URL });
    report(`voucher.${name}.url_chars`, url.length, "chars");
    for (const ecc of ECC_LEVELS) report(`voucher.${name}.qr_version.${ecc}`, encodeQr(url, { ecc }).version, "version");
    const jws = toJws(url);
    report(`voucher.${name}.jws_chars`, jws.length, "chars");
    for (const ecc of ECC_LEVELS) report(`voucher.${name}.jws_qr_version.${ecc}`, encodeQr(jws, { ecc }).version, "version");
  }

  progress("openssl speed ed25519 (baseline, one core)");
  const openssl = opensslEd25519(2);

  progress("sign, verify and decode rates (Ed25519, one core)");
  const claims = claimsOf("sale-voucher");
  const signRate = await opsPerSecond(() => signVoucher(claims, { key: signer, keyIndex: 1, baseUrl: BASE_URL }));
  const verifyRate = await opsPerSecond(async () => {
    if (!(await verifier.verify(sale.url)).valid) throw new Error("bench voucher did not verify");
  });
  const decodeRate = await opsPerSecond(() => decodeVoucher(sale.url));
  report("sign.per_s", Math.round(signRate), "ops/s");
  report("verify.per_s", Math.round(verifyRate), "ops/s");
  report("decode.per_s", Math.round(decodeRate), "ops/s");
  if (openssl) {
    report("openssl.sign.per_s", Math.round(openssl.sign), "ops/s");
    report("openssl.verify.per_s", Math.round(openssl.verify), "ops/s");
    report("sign.ratio_vs_openssl", signRate / openssl.sign, "ratio");
    report("verify.ratio_vs_openssl", verifyRate / openssl.verify, "ratio");
  } else {
    progress("openssl not found: ratios skipped");
  }
}
