import { EVIDENCE, type ScanResult } from "./scan";

/**
 * A scan result as JSON text, equal (as JSON) to `JSON.stringify(result)`. The batch evidence
 * (batch, upstream chain, tests, recall) is the same for every voucher of a batch until the
 * status epoch moves, so its serialised form is made once and kept with the cached evidence;
 * only the voucher's own members are serialised per scan.
 */
export function scanResultJson(result: ScanResult): string {
  const evidence = result[EVIDENCE];
  if (!evidence || result.batch !== evidence.batch || result.upstream !== evidence.upstream || result.tests !== evidence.tests || result.recall !== evidence.recall) {
    return JSON.stringify(result);
  }
  evidence.json ??= JSON.stringify({ batch: evidence.batch, upstream: evidence.upstream, tests: evidence.tests, recall: evidence.recall }).slice(1, -1);
  const own = JSON.stringify({ state: result.state, url: result.url, verification: result.verification, issuer: result.issuer, voucher: result.voucher });
  return `${own.slice(0, -1)},${evidence.json}}`;
}
