import type { Context } from "hono";
import { coarseRegion, regionFromCf, UNKNOWN_REGION } from "../../analytics/scan-region";
import type { Services } from "../../services/index";
import type { AppEnv } from "../app-types";

/**
 * Counts a scan for the analytics, without waiting: the region is the GB/T 2260 code the scanner
 * app sends (`?region=` or `X-Scan-Region`, made coarse), else the province of Cloudflare's
 * `request.cf`, else `unknown`. Nothing else of the request is looked at. A flush the scan
 * started runs after the response (`waitUntil`) on Workers and in the background on Node.
 */
export function recordScan(c: Context<AppEnv>, services: Services, digits: string): void {
  const asked = coarseRegion(c.req.query("region") ?? c.req.header("x-scan-region"));
  const region = asked !== UNKNOWN_REGION ? asked : regionFromCf((c.req.raw as { cf?: { country?: unknown; regionCode?: unknown } }).cf);
  const flush = services.scanAnalytics.record(digits, region);
  if (!flush) return;
  try {
    c.executionCtx.waitUntil(flush);
  } catch {
    // no execution context outside Workers: the flush runs on; it never rejects
  }
}
