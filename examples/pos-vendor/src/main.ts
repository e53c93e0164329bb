import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { formatTraceCodeForPrint, lookupRegion, productCategories, rapidTestOutcomes } from "@shian/schemas";
import { encodeQr, toTerminal } from "@shian/sdk";
import { TILL_NAMESPACE, demoTrustBundle, loadOrCreateTillKey, nextSerial, offlineVerifier, recall, sellAtTill } from "./till";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const publicUrl = (process.env.PUBLIC_URL ?? "https://trace.shian.cn").replace(/\/+$/, "").toLowerCase();
const baseUrl = `${publicUrl}/v/`;
const keyPath = process.env.TILL_KEY ?? here("../.data/till-key.jwk");
const now = new Date();

const { pair: till, created } = await loadOrCreateTillKey(keyPath);
console.log(`Till key ${till.kid} (${created ? "created" : "loaded"}: ${keyPath.replace(process.cwd() + "/", "")})`);

const { authority, bundle } = await demoTrustBundle(till, now);
console.log(`Trust bundle v1 signed by authority ${authority.kid}, lists the till as key index 1\n`);

const claims = JSON.parse(readFileSync(here("../../vouchers/sale-voucher.json"), "utf8"));
const serial = nextSerial(keyPath.replace(/\.jwk$/, "") + ".serial");
const voucher = await sellAtTill(till, claims, serial, baseUrl, now);
const qr = encodeQr(voucher.url, { ecc: "Q" });
const { claims: sold } = voucher;
const category = sold.productCategory ? productCategories.labels[sold.productCategory] : undefined;
const origin = sold.originRegion ? lookupRegion(sold.originRegion)?.path.join("") : undefined;
const test = sold.rapidTest ? rapidTestOutcomes.labels[sold.rapidTest] : undefined;
console.log(`Sale voucher ${sold.code} (printed: ${formatTraceCodeForPrint({ namespace: TILL_NAMESPACE, serial })})`);
console.log(`  ${sold.netWeightGrams} g ${category?.["zh-CN"]} ${category?.en} from ${origin} (${sold.originRegion}), rapid test ${test?.["zh-CN"]} ${test?.en}`);
console.log(`${voucher.url}\n(${voucher.url.length} characters, QR version ${qr.version} at ECC Q)\n`);
console.log(toTerminal(qr));

const verifier = await offlineVerifier(authority.publicJwk, bundle, now);
const ok = await verifier.verify(voucher.url, { at: now });
console.log(`Offline verification: ${ok.valid ? "VALID" : `NOT VALID (${ok.error?.code})`}`);
for (const check of ok.checks) console.log(`  ${check.ok ? "✓" : "✗"} ${check.check}: ${check.detail}`);

await recall(verifier, till, serial, now);
const recalled = await verifier.verify(voucher.url, { at: now });
console.log(`\nAfter the market recalls serial ${serial}: ${recalled.valid ? "VALID" : `NOT VALID (${recalled.error?.code}: ${recalled.error?.message})`}`);
