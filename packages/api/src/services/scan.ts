import type { VerificationResult } from "@shian/sdk";
import { type AppConfig, voucherBaseUrl } from "../config";
import { type BatchService, type BatchView, batchView } from "./batches";
import type { OrganisationService } from "./organisations";
import type { RapidTestService, RapidTestView } from "./rapid-tests";
import type { RecallService, RecallView } from "./recalls";
import type { TrustService } from "./trust";
import { type VoucherService, type VoucherView, voucherView } from "./vouchers";

/** What a scanner is told: one state, and the evidence behind it. */
export type ScanState = "valid" | "invalid" | "suspended" | "recalled" | "revoked";

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
}

const SEVERITY: Record<string, number> = { valid: 0, suspended: 1, recalled: 2, revoked: 3 };

/**
 * Resolves a scanned voucher: verifies its signature and issuer policy against the current
 * trust bundle, then takes the live status of the voucher and its batch from the database.
 */
export class ScanService {
  constructor(
    private readonly config: AppConfig,
    private readonly trust: TrustService,
    private readonly vouchers: VoucherService,
    private readonly batches: BatchService,
    private readonly tests: RapidTestService,
    private readonly recalls: RecallService,
    private readonly orgs: OrganisationService,
    private readonly now: () => Date,
  ) {}

  async resolve(digits: string): Promise<ScanResult> {
    const url = voucherBaseUrl(this.config) + digits;
    const verification = await (await this.trust.verifier()).verify(url, { at: this.now() });
    const result: ScanResult = { state: verification.valid ? "valid" : "invalid", url, verification, upstream: [], tests: [] };
    if (!verification.valid) return result;
    const row = await this.vouchers.findByDigits(digits);
    const issuer = verification.issuer ? await this.orgs.find(verification.issuer.id) : undefined;
    if (issuer) result.issuer = { id: issuer.id, name: issuer.name, role: issuer.role };
    let status = row?.status ?? "valid";
    const batchCode = row?.batchCode ?? verification.voucher?.claims.batchCode;
    if (row) result.voucher = voucherView(row);
    if (batchCode) {
      const batch = await this.batches.find(batchCode);
      if (batch) {
        result.batch = batchView(batch);
        if (SEVERITY[batch.status]! > SEVERITY[status]!) status = batch.status;
        result.upstream = await this.batches.upstream(batch.code);
        result.tests = await this.tests.forBatches([batch.code, ...result.upstream.map((up) => up.code)]);
        const recall = await this.recalls.forBatch(batch.code) ?? (await this.firstRecall(result.upstream));
        if (recall) result.recall = recall;
      }
    }
    result.state = status as ScanState;
    return result;
  }

  private async firstRecall(upstream: BatchView[]): Promise<RecallView | undefined> {
    for (const batch of upstream) {
      const recall = await this.recalls.forBatch(batch.code);
      if (recall) return recall;
    }
    return undefined;
  }
}
