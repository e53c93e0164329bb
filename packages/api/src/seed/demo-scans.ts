import type { Services } from "../services/index";

const digitsOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);

/**
 * Scans for the regulator dashboard (GET /v1/dashboard): the valid voucher scanned by shoppers
 * in Foshan and Guangzhou, the recalled one a few times, the suspended one 25 times (more than
 * one package allows: flagged over-scanned) and the valid one also in Beijing (1,900 km away,
 * the same hour: flagged distant-regions). Recorded and flushed like real scans.
 */
export async function seedDemoScans(services: Services, urls: { valid: string; recalled: string; suspended: string }): Promise<void> {
  const scans: Array<[string, string, number]> = [
    [urls.valid, "440600", 6],
    [urls.valid, "440100", 2],
    [urls.valid, "110000", 1],
    [urls.recalled, "440600", 3],
    [urls.suspended, "440600", 25],
  ];
  for (const [url, region, times] of scans) for (let i = 0; i < times; i++) services.scanAnalytics.record(digitsOf(url), region);
  await services.scanAnalytics.flush();
}
