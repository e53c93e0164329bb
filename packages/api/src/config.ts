import { type CloneRule, DEFAULT_CLONE_RULE } from "./analytics/clone-rules";

/** Settings every entry (Node, Workers) passes to createApp. */
export interface AppConfig {
  /** Origin vouchers are printed with, e.g. `https://trace.example.cn` or `http://localhost:8787`. */
  publicUrl: string;
  /** Public requests allowed per client per minute; 0 turns the limit off. */
  publicRateLimitPerMinute: number;
  /** Largest JSON body accepted (bytes); bulk NDJSON has its own limit. */
  maxJsonBytes: number;
  maxBulkBytes: number;
  /** Vouchers per transaction in bulk issue: a voucher's digits are random, so each commit rewrites index pages spread over the whole digits index; bigger chunks share them among more rows. */
  bulkChunkSize: number;
  /** Rows per multi-row voucher INSERT; its rows are bound as one JSON parameter, so D1's 100-parameter limit does not apply. */
  insertRowsPerStatement: number;
  /** Voucher rows kept in memory for scans; 0 turns the cache off. */
  scanCacheEntries: number;
  /** How long a scan trusts the status epoch it last read when another process may write (ms). */
  scanFreshnessMs: number;
  /** Finished scan answers kept in this process where no edge cache is configured (Node); 0 turns it off. */
  scanAnswerCacheEntries: number;
  /** How long such an answer may be served after it was made (ms). */
  scanAnswerCacheMs: number;
  /** PBKDF2-SHA-256 iterations for reporters' secrets (Workers allow at most 100,000). */
  reportHashIterations: number;
  /** Working days (Monday–Friday) after the reward notice within which a reward may be claimed. */
  reportClaimWorkingDays: number;
  /** Wrong code/password attempts per identity code before it is locked. */
  reportMaxFailures: number;
  /** First lock-out (seconds); each further lock doubles it, up to a day. */
  reportLockoutSeconds: number;
  /** Scan analytics: write the buffered counters after this many scans… */
  scanAnalyticsFlushEvents: number;
  /** …or once the oldest buffered scan is this old (ms). */
  scanAnalyticsFlushMs: number;
  /** When a voucher is flagged as a possible copy (see analytics/clone-rules.ts). */
  cloneRule: CloneRule;
  /** Send webhooks right after a write that queued them (Workers: ctx.waitUntil); Node runs the dispatcher on an interval instead. */
  webhookDispatchOnWrite: boolean;
  /**
   * Let webhook endpoints point at the local machine (127.0.0.0/8, ::1, localhost): a receiver
   * under development. Off in every deployed entry; the test harness turns it on.
   */
  webhookAllowLoopback: boolean;
}

export const VOUCHER_PATH = "/v/";

export function defaultConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    publicUrl: "http://localhost:8787",
    publicRateLimitPerMinute: 600,
    maxJsonBytes: 256 * 1024,
    maxBulkBytes: 64 * 1024 * 1024,
    bulkChunkSize: 2500,
    insertRowsPerStatement: 250,
    scanCacheEntries: 100_000,
    scanFreshnessMs: 1000,
    scanAnswerCacheEntries: 10_000,
    scanAnswerCacheMs: 5000,
    reportHashIterations: 100_000,
    reportClaimWorkingDays: 30,
    reportMaxFailures: 5,
    reportLockoutSeconds: 60,
    scanAnalyticsFlushEvents: 1000,
    scanAnalyticsFlushMs: 5000,
    cloneRule: DEFAULT_CLONE_RULE,
    webhookDispatchOnWrite: false,
    webhookAllowLoopback: false,
    ...overrides,
  };
}

/** The base URL signed codes are printed with: the public origin, lower-cased, and a resolver path. */
export const publicBaseUrl = (config: AppConfig, path: string) => `${config.publicUrl.replace(/\/+$/, "").toLowerCase()}${path}`;
export const voucherBaseUrl = (config: AppConfig) => publicBaseUrl(config, VOUCHER_PATH);
