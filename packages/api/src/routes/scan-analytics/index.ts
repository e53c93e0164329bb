import type { App } from "../app-types";
import { registerFlags } from "./flags";
import { registerMerchantCounts } from "./merchant-counts";
import { registerRegionCounts } from "./region-counts";
import { registerVoucherCounts } from "./voucher-counts";

/** Scan counts (per voucher, merchant, region and hour) and clone flags under /v1/scan-analytics. */
export function registerScanAnalyticsRoutes(app: App) {
  registerVoucherCounts(app);
  registerMerchantCounts(app);
  registerRegionCounts(app);
  registerFlags(app);
}
