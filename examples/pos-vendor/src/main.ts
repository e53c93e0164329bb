import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { formatTraceCodeForPrint, lookupRegion, productCategories, rapidTestOutcomes } from "@shian/schemas";
import { createClient, encodeQr, toTerminal } from "@shian/sdk";
import { provisionTill, Till } from "./sync";
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

// ── The till with the API: sign offline, print, queue, sync when the API answers ──────────
const apiUrl = (process.env.SHIAN_API ?? "http://127.0.0.1:8787").replace(/\/+$/, "");
const demoFile = resolve(process.env.SHIAN_DATA_DIR ?? here("../../../packages/api/.data"), "demo.json");
const apiKey = process.env.SHIAN_KEY ?? (existsSync(demoFile) ? (JSON.parse(readFileSync(demoFile, "utf8")) as { apiKeys: Record<string, string> }).apiKeys.stall : undefined);
console.log(`\n── Till with the API (${apiUrl}) ──`);
if (!apiKey) {
  console.log("No API key: start the API (npx -y pnpm@12.21.0 start at the repository root writes demo keys) or set SHIAN_KEY.");
  process.exit(0);
}
const client = createClient({ baseUrl: apiUrl, apiKey, maxAttempts: 2, timeoutMs: 5_000 });
const dataDir = dirname(keyPath);
let registration;
try {
  const provisioned = await provisionTill(client, till, join(dataDir, "till-api.json"), process.env.PUBLIC_URL ? { publicUrl: process.env.PUBLIC_URL } : {});
  registration = provisioned.registration;
  console.log(
    `Till key ${provisioned.created ? "registered" : "registered before"}: ${registration.orgName}, namespace ${registration.namespace}, key index ${registration.keyIndex}, serials from ${registration.firstSerial}`,
  );
} catch (error) {
  console.log(`The till is not provisioned yet and the API does not answer (${(error as Error).message}); start the API and run again.`);
  process.exit(0);
}
const register = new Till({ pair: till, registration, client, queuePath: join(dataDir, "till-queue.json"), serialPath: join(dataDir, "till-api.serial") });
for (const sale of [
  { name: "菜心", category: "vegetable", originRegion: "530424", netWeightGrams: 750, pricePerJinFen: 400 },
  { name: "鲈鱼", category: "aquatic", originRegion: "440606", netWeightGrams: 1_240, pricePerJinFen: 1_800 },
] as const) {
  await register.sell(sale);
  console.log();
}
const synced = await register.sync();
for (const { voucher } of synced.registered) {
  const scan = await client.public.scan(voucher.url);
  console.log(`  scan ${voucher.code}: ${scan.state}`);
}
