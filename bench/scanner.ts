/**
 * Scanner figures: offline verifications per second of a real voucher in the scanner's browser
 * bundle (headless Chromium, WebCrypto), against the same verification in Node in the same run
 * (the SDK's default node:crypto path, and WebCrypto in Node). The API runs in its own process
 * on 127.0.0.1 with the demo seed and serves the scanner built for this run; the page loads its
 * trust data the way a phone does, then `window.shianScanner.verify` runs in a timed loop.
 * Skipped (with a note) when chromium is absent; every loop is bounded in time.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOfflineVerifier } from "@shian/sdk";
import { buildScanner } from "../examples/scanner/build";
import { CHROMIUM, launchChromium } from "../examples/scanner/chromium";
import { opsPerSecond, progress, report } from "./measure";
import { startServer, stopServer } from "./servers";

/** Seconds of timed verification per runtime, split into interleaved rounds. */
const SECONDS = Number(process.env.BENCH_SCANNER_SECONDS ?? 6);
const ROUNDS = 3;
const PORT = 18797;

/** The same trust data the page fetches, straight from the API. */
async function nodeVerifier(base: string, backend: "auto" | "webcrypto") {
  const text = async (path: string) => (await fetch(`${base}${path}`)).text();
  const anchors = JSON.parse(await text("/trust-bundle/authority.json")).keys as unknown[];
  const verifier = await createOfflineVerifier({ trustAnchors: anchors, bundle: (await text("/trust-bundle")).trim(), backend });
  for (const namespace of new Set(verifier.bundleContent?.issuers.flatMap((issuer) => issuer.namespaces))) {
    const response = await fetch(`${base}/status-lists/${namespace}`);
    if (response.ok) await verifier.addStatusList((await response.text()).trim());
  }
  return verifier;
}

export async function benchScanner(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    progress(`scanner bench skipped: ${CHROMIUM} not found (scripts/ensure-chromium.sh installs it)`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), "shian-bench-scanner-"));
  const base = `http://127.0.0.1:${PORT}`;
  try {
    progress("building the scanner's browser bundle");
    const built = await buildScanner({ outDir: join(work, "dist") });
    const bundle = built.files.find((file) => /^scanner-.*\.js$/.test(file.name))!;
    report("client.scanner_bundle_kib", Math.round(bundle.bytes / 1024), "KiB");

    progress(`starting the API (demo seed) on ${base}, serving this build at /scanner/`);
    const api = await startServer("packages/api/src/node.ts", PORT, { SHIAN_DATA_DIR: work, PUBLIC_URL: base, RATE_LIMIT_PER_MINUTE: "0", SHIAN_SCANNER_DIR: built.outDir });
    const browser = await launchChromium();
    try {
      const voucher = JSON.parse(readFileSync(join(work, "demo.json"), "utf8")).vouchers.valid as string;

      const nodeDefault = await nodeVerifier(base, "auto");
      const nodeWebCrypto = await nodeVerifier(base, "webcrypto");
      for (const verifier of [nodeDefault, nodeWebCrypto]) {
        const result = await verifier.verify(voucher);
        if (!result.valid || result.status !== "valid") throw new Error(`bench voucher did not verify in Node: ${JSON.stringify(result.error)}`);
      }

      progress("Chromium: the scanner page loads its trust data the way a phone does");
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${base}/scanner/`);
      const summary = await page.evaluate(() => (window as unknown as { shianScanner: { ready: Promise<{ bundleVersion?: number; statusLists: number }> } }).shianScanner.ready);
      if (!summary.bundleVersion) throw new Error("the scanner page loaded no trust bundle");
      const inBrowser = (seconds: number) =>
        page.evaluate(
          async ({ url, seconds }) => {
            const scanner = (window as unknown as { shianScanner: { verify(text: string): Promise<{ valid: boolean; status: string } | undefined> } }).shianScanner;
            const first = await scanner.verify(url);
            if (!first?.valid || first.status !== "valid") throw new Error(`bench voucher did not verify in the browser: ${JSON.stringify(first)}`);
            const warmUntil = performance.now() + 200;
            while (performance.now() < warmUntil) await scanner.verify(url);
            let count = 0;
            const start = performance.now();
            let now = start;
            while (now < start + seconds * 1000) {
              for (let i = 0; i < 64; i++) await scanner.verify(url);
              count += 64;
              now = performance.now();
            }
            return count / ((now - start) / 1000);
          },
          { url: voucher, seconds },
        );

      // Interleaved rounds, the median of each: load from other processes hits all three alike.
      const slice = SECONDS / ROUNDS;
      progress(`offline verification of the demo's valid voucher: ${ROUNDS} rounds of ${slice} s each in Chromium, Node (node:crypto) and Node (WebCrypto)`);
      const rates = { browser: [] as number[], node: [] as number[], nodeWebCrypto: [] as number[] };
      for (let round = 0; round < ROUNDS; round++) {
        rates.browser.push(await inBrowser(slice));
        rates.node.push(await opsPerSecond(() => nodeDefault.verify(voucher), slice));
        rates.nodeWebCrypto.push(await opsPerSecond(() => nodeWebCrypto.verify(voucher), slice));
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      const [browserRate, nodeRate, nodeWebCryptoRate] = [median(rates.browser), median(rates.node), median(rates.nodeWebCrypto)];

      report("client.offline_verify_per_s", Math.round(browserRate), "ops/s");
      report("client.offline_verify_node_per_s", Math.round(nodeRate), "ops/s");
      report("client.offline_verify_node_webcrypto_per_s", Math.round(nodeWebCryptoRate), "ops/s");
      report("client.offline_verify_ratio_vs_node", browserRate / nodeRate, "ratio");
      report("client.offline_verify_ratio_vs_node_webcrypto", browserRate / nodeWebCryptoRate, "ratio");
    } finally {
      await browser.close();
      await stopServer(api);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
