import type { VoucherClaims } from "@shian/schemas";
import type { VerificationResult } from "@shian/sdk";
import { type AppConfig, voucherBaseUrl } from "../config";
import type { Database } from "../db/database";
import { type BatchService, type BatchView, batchView } from "./batches";
import type { RapidTestService, RapidTestView } from "./rapid-tests";
import type { RecallService, RecallView } from "./recalls";
import type { TrustService } from "./trust";
import type { ScanCache, ScanVersions } from "./scan-cache";
import { drizzleScanLookup, type ScanLookup } from "./scan-lookup";
import { type VoucherRow, type VoucherView, voucherView } from "./vouchers";
import { trimOldest } from "../lib/bounded-map";

/** What a scanner is told: one state, and the evidence behind it. */
export type ScanState = "valid" | "invalid" | "suspended" | "recalled" | "revoked";

/** A result's batch evidence, kept on it (a symbol key: not serialised) for `scanResultJson`. */
export const EVIDENCE = Symbol("scan evidence");
/** The status epoch and trust bundle version a result was resolved at (a symbol key: not serialised). */
export const RESOLVED_AT = Symbol("scan versions");

export interface ScanResult {
  state: ScanState;
  url: string;
  verification: VerificationResult;
  voucher?: VoucherView;
  issuer?: { id: string; name: string; role: string };
  batch?: BatchView;
  upstream: BatchView[];
  tests: RapidTestView[];
  recall?: RecallView;
  [EVIDENCE]?: BatchEvidence;
  [RESOLVED_AT]?: ScanVersions;
}

export interface BatchEvidence {
  epoch: number;
  batch: BatchView;
  upstream: BatchView[];
  tests: RapidTestView[];
  recall?: RecallView;
  /** The evidence serialised as JSON members (no braces), made once by `scanResultJson`. */
  json?: string;
}

const SEVERITY: Record<string, number> = { valid: 0, suspended: 1, recalled: 2, revoked: 3 };
const EVIDENCE_CACHE_SIZE = 10_000;

/**
 * Resolves a scanned voucher. The voucher row, the status epoch and the trust bundle
 * version come from one prepared query, or from the scan cache while the epoch holds; a voucher found byte for byte in the database was verified when it was issued, so only
 * its signature check is skipped (key revocation, validity, namespace, role and time are
 * checked against the current trust bundle on every scan). A batch's evidence (chain,
 * tests, recall) is cached until the status epoch moves, so a recall shows at once.
 */
export class ScanService {
  private readonly evidence = new Map<string, BatchEvidence>();
  private readonly lookup: ScanLookup;
  private readonly baseUrl: string;

  constructor(
    db: Database,
    config: AppConfig,
    private readonly cache: ScanCache,
    private readonly trust: TrustService,
    private readonly batches: BatchService,
    private readonly tests: RapidTestService,
    private readonly recalls: RecallService,
    private readonly now: () => Date,
    /** Reads the voucher row and the versions (default: through drizzle on `db`). */
    lookup?: ScanLookup,
  ) {
    this.lookup = lookup ?? drizzleScanLookup(db);
    this.baseUrl = voucherBaseUrl(config);
  }

  async resolve(digits: string): Promise<ScanResult> {
    const url = this.baseUrl + digits;
    let versions = this.cache.current();
    let row = versions && this.cache.row(digits, versions.statusEpoch);
    if (!versions || !row) {
      const since = this.cache.generation();
      const found = await this.lookup(digits);
      versions = { statusEpoch: found.epoch ?? 0, trustVersion: found.trustVersion ?? 0 };
      this.cache.observe(versions, since);
      row = found.voucher;
      if (row) this.cache.remember(row, versions.statusEpoch);
    }
    const epoch = versions.statusEpoch;
    const verifier = this.trust.cachedVerifierAt(versions.trustVersion) ?? (await this.trust.verifierAt(versions.trustVersion));
    const stored = row !== undefined && row.url === url;
    // The live status comes from the database (withLiveStatus), not from status lists.
    const verification = await verifier.verify(url, stored ? { at: this.now(), liveStatus: true, preverified: true, known: { claims: row!.claims as VoucherClaims, keyIndex: row!.keyIndex } } : { at: this.now(), liveStatus: true });
    const result: ScanResult = { state: verification.valid ? "valid" : "invalid", url, verification, upstream: [], tests: [], [RESOLVED_AT]: versions };
    if (!verification.valid) return result;
    if (verification.issuer) result.issuer = { id: verification.issuer.id, name: verification.issuer.name, role: verification.issuer.roles[0]! };
    if (row) result.voucher = voucherView(row as VoucherRow);
    let status = row?.status ?? "valid";
    const batchCode = row?.batchCode ?? verification.voucher?.claims.batchCode;
    const evidence = batchCode ? (this.cachedEvidence(batchCode, epoch) ?? (await this.loadEvidence(batchCode, epoch))) : undefined;
    if (evidence) {
      result.batch = evidence.batch;
      result.upstream = evidence.upstream;
      result.tests = evidence.tests;
      if (evidence.recall) result.recall = evidence.recall;
      result[EVIDENCE] = evidence;
      if (SEVERITY[evidence.batch.status]! > SEVERITY[status]!) status = evidence.batch.status;
    }
    result.state = status as ScanState;
    result.verification = withLiveStatus(verification, status as ScanState, row?.status, evidence?.batch);
    return result;
  }

  /** A batch's evidence kept from a scan at the same status epoch (read without an await on the hot path). */
  private cachedEvidence(batchCode: string, epoch: number): BatchEvidence | undefined {
    const cached = this.evidence.get(batchCode);
    return cached?.epoch === epoch ? cached : undefined;
  }

  private async loadEvidence(batchCode: string, epoch: number): Promise<BatchEvidence | undefined> {
    const row = await this.batches.find(batchCode);
    if (!row) return undefined;
    const upstream = await this.batches.upstream(row.code);
    const chain = [row.code, ...upstream.map((up) => up.code)];
    let recall: RecallView | undefined;
    for (const code of chain) {
      recall = await this.recalls.forBatch(code);
      if (recall) break;
    }
    const evidence: BatchEvidence = { epoch, batch: batchView(row), upstream, tests: await this.tests.forBatches(chain), ...(recall ? { recall } : {}) };
    this.evidence.set(batchCode, evidence);
    trimOldest(this.evidence, EVIDENCE_CACHE_SIZE);
    return evidence;
  }
}

/**
 * The verifier leaves the status to the resolver (liveStatus), which knows the database: its
 * live status check completes the verification so `verification.status` agrees with `state`.
 */
function withLiveStatus(verification: VerificationResult, state: ScanState, voucherStatus: string | undefined, batch: BatchView | undefined): VerificationResult {
  let detail = `live status: voucher ${voucherStatus ?? "not registered here"}`;
  if (batch) detail += `; batch ${batch.code} ${batch.status}${batch.statusReason ? ` (${batch.statusReason})` : ""}`;
  // The verifier made this result for this scan alone, without a status check (liveStatus): it is completed in place.
  verification.checks.push({ check: "status", ok: state === "valid", detail });
  verification.status = state as VerificationResult["status"];
  return verification;
}
