/** Scan analytics (counts without personal data), clone flags and the regulator dashboard. */

export type FlagReason = "over-scanned" | "distant-regions";

/** A period: ISO 8601 instants; the API counts whole UTC hours (default the last 7 days). */
export type ScanRange = {
  from?: string;
  to?: string;
};

export interface VoucherScanCounts {
  /** First and last UTC hour counted, `YYYY-MM-DDTHH:00Z`. */
  from: string;
  to: string;
  vouchers: Array<{ voucherCode: string; orgId: string; scans: number; regions: number; firstHour: string; lastHour: string }>;
}

export interface MerchantScanCounts {
  from: string;
  to: string;
  merchants: Array<{ orgId: string; name: string | null; scans: number; vouchers: number }>;
}

export interface RegionScanCounts {
  from: string;
  to: string;
  level: "province" | "city";
  /** GB/T 2260 code or `unknown`. */
  regions: Array<{ region: string; name: string | null; scans: number }>;
  hours: Array<{ region: string; hour: string; scans: number }>;
}

export interface FlaggedCode {
  voucherCode: string;
  reason: FlagReason;
  orgId: string;
  regions: string[];
  /** over-scanned: scans, limit, pieces, windowHours; distant-regions: regions, distanceKm, minutesApart, scans. */
  evidence: Record<string, unknown>;
  firstSeen: string;
  lastSeen: string;
}

interface TestCounts {
  tests: number;
  failed: number;
}

export interface Dashboard {
  asOf: string;
  days: number;
  since: string;
  rapidTests: {
    total: TestCounts;
    byRegion: Array<{ region: string; name: string | null } & TestCounts>;
    byItem: Array<{ item: string } & TestCounts>;
  };
  grades: { A: number; B: number; C: number; none: number };
  openReports: { total: number; byStatus: { received: number; investigating: number } };
  overdueTasks: { total: number; tasks: Array<{ id: string; title: string; kind: string; region: string; deadline: string; status: string }> };
  flaggedCodes: { total: number; byReason: Record<string, number>; recent: Array<Record<string, unknown>> };
  scansByRegion: Array<{ region: string; name: string | null; scans: number }>;
}
