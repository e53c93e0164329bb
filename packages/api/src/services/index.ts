import type { AppConfig } from "../config";
import { type Database, notifyingWrites } from "../db/database";
import type { SecretBox } from "../lib/crypto";
import { ApiKeyService } from "./api-keys";
import { BatchService } from "./batches";
import { GradeService } from "./grades";
import { SupplyChainHistory } from "./supply-chain/history";
import { EpcisService } from "./epcis/index";
import { Fsma204Service } from "./fsma204/index";
import { type BlobStore, MemoryBlobStore } from "../blobs/blob-store";
import { CertificateService } from "./certificates";
import { CoSupervisionService } from "./co-supervision";
import { DocumentService } from "./documents";
import { Gs1Service } from "./gs1";
import { IdempotencyService } from "./idempotency";
import { LabelService } from "./labels";
import { LedgerService } from "./ledger";
import { OrganisationService } from "./organisations";
import { RapidTestService } from "./rapid-tests";
import { MerchantService } from "./merchants";
import { MemoryRateLimiter, type RateLimiter } from "./rate-limit";
import { RecallService } from "./recalls";
import { LockdownService } from "./lockdowns";
import { TestBeforeSale } from "./test-before-sale";
import { TestPointService } from "./test-points";
import { type WebhookOptions, WebhookService } from "./webhooks";
import { ReportService } from "./reports";
import { type ResponseCache, ScanResponseCache } from "./response-cache";
import { ScanService } from "./scan";
import { ScanAnalyticsService } from "./scan-analytics";
import type { AnalyticsWriter } from "../analytics/count-writer";
import { ScanAnalyticsQueries } from "./scan-analytics-queries";
import { DashboardService } from "./dashboard";
import { ScanCache } from "./scan-cache";
import { ScanAnswerCache } from "./scan-answers";
import type { ScanLookup } from "./scan-lookup";
import { SigningKeyService } from "./signing-keys";
import { SupervisionService } from "./supervision";
import { TrustService } from "./trust";
import { VoteService } from "./votes";
import { VoucherService } from "./vouchers";

/** Everything a route may use; routes never see a database driver. */
export interface Services {
  config: AppConfig;
  now: () => Date;
  rateLimiter: RateLimiter;
  orgs: OrganisationService;
  apiKeys: ApiKeyService;
  keys: SigningKeyService;
  trust: TrustService;
  batches: BatchService;
  vouchers: VoucherService;
  tests: RapidTestService;
  recalls: RecallService;
  /** Lock-downs opened by failed rapid tests: holders, confirm (→ recall) or clear (→ resume). */
  lockdowns: LockdownService;
  /** Rapid-test points and their operators. */
  testPoints: TestPointService;
  /** Markets' test-before-sale (入场批批检) policies. */
  testBeforeSale: TestBeforeSale;
  /** Webhook endpoints per organisation and the outbox dispatcher. */
  webhooks: WebhookService;
  /** The supply-chain event history of a lot or an organisation (EPCIS and FSMA 204 exports read it). */
  history: SupplyChainHistory;
  /** The FSMA 204 sortable spreadsheet (CSV, XLSX) of an organisation's critical tracking events. */
  fsma204: Fsma204Service;
  scan: ScanService;
  /** Whole scan answers at the edge (Workers Cache API); a no-op without a `responseCache`. */
  scanResponses: ScanResponseCache;
  scanAnswers: ScanAnswerCache;
  idempotency: IdempotencyService;
  grades: GradeService;
  merchants: MerchantService;
  ledger: LedgerService;
  certificates: CertificateService;
  labels: LabelService;
  documents: DocumentService;
  supervision: SupervisionService;
  reports: ReportService;
  /** GS1 Digital Link resolution and the links issuers add for their GTINs. */
  gs1: Gs1Service;
  /** Public votes (你点我查) for what regulators should inspect. */
  votes: VoteService;
  /** The co-supervisor task market (智慧协管). */
  coSupervision: CoSupervisionService;
  /** Scan counters (no personal data) and clone flags: recorded in memory, flushed in batches. */
  scanAnalytics: ScanAnalyticsService;
  scanAnalyticsQueries: ScanAnalyticsQueries;
  /** The regulator dashboard. */
  dashboard: DashboardService;
  /** EPCIS 2.0: a batch's history as a document, capture of partners' events, the event query. */
  epcis: EpcisService;
}

export function createServices(options: { db: Database; box: SecretBox; config: AppConfig; now?: () => Date; rateLimiter?: RateLimiter; responseCache?: ResponseCache; blobStore?: BlobStore; webhooks?: WebhookOptions; scanAnalyticsWriter?: AnalyticsWriter; scanLookup?: ScanLookup }): Services {
  const { box, config } = options;
  const scanCache = new ScanCache({ maxEntries: config.scanCacheEntries, freshnessMs: config.scanFreshnessMs });
  const db = notifyingWrites(options.db, () => scanCache.invalidate());
  const now = options.now ?? (() => new Date());
  const orgs = new OrganisationService(db, now);
  const keys = new SigningKeyService(db, box, now);
  const trust = new TrustService(db, box, config, orgs, keys, now);
  const batches = new BatchService(db, orgs, now);
  const testBeforeSale = new TestBeforeSale(db, now);
  const vouchers = new VoucherService(db, config, orgs, keys, trust, scanCache, now, testBeforeSale);
  const tests = new RapidTestService(db, batches, now);
  const recalls = new RecallService(db, batches, now);
  const history = new SupplyChainHistory(db, batches, orgs);
  const grades = new GradeService(db, now);
  const ledger = new LedgerService(db, orgs, trust, now);
  const merchants = new MerchantService(db, config, orgs, keys, trust, grades, ledger, now);
  const certificates = new CertificateService(db, config, orgs, keys, trust, now);
  // Uploaded files: memory unless the entry gives a store (a local folder on Node, R2 on Workers).
  const blobStore = options.blobStore ?? new MemoryBlobStore();
  const documents = new DocumentService(db, blobStore, orgs, now);
  // Counters go to the database without the scan cache's write notification (options.db): they never change a scan's answer.
  const scanAnalytics = new ScanAnalyticsService(options.scanAnalyticsWriter ?? options.db, { flushEvents: config.scanAnalyticsFlushEvents, flushMs: config.scanAnalyticsFlushMs, rule: config.cloneRule }, now, (digits) => scanCache.peek(digits));
  const scanAnalyticsQueries = new ScanAnalyticsQueries(db, now);
  return {
    config,
    now,
    rateLimiter: options.rateLimiter ?? new MemoryRateLimiter(config.publicRateLimitPerMinute),
    orgs,
    apiKeys: new ApiKeyService(db, now),
    keys,
    trust,
    batches,
    vouchers,
    tests,
    recalls,
    lockdowns: new LockdownService(db, orgs, batches, recalls, now),
    testPoints: new TestPointService(db, now),
    testBeforeSale,
    // Webhook rows never change what a scan answers: written without invalidating the scan cache.
    webhooks: new WebhookService(options.db, box, now, { allowLoopback: options.config.webhookAllowLoopback, ...options.webhooks }),
    history,
    epcis: new EpcisService(db, history, orgs, config, now),
    fsma204: new Fsma204Service(db, history, batches),
    scan: new ScanService(db, config, scanCache, trust, batches, tests, recalls, now, options.scanLookup),
    scanResponses: new ScanResponseCache(db, options.responseCache, scanCache),
    scanAnswers: new ScanAnswerCache({ maxEntries: config.scanAnswerCacheEntries, maxAgeMs: config.scanAnswerCacheMs }, scanCache, now),
    idempotency: new IdempotencyService(db, now),
    grades,
    merchants,
    ledger,
    certificates,
    labels: new LabelService(),
    documents,
    supervision: new SupervisionService(db, merchants, grades, ledger, certificates, documents, now),
    reports: new ReportService(db, blobStore, config, now),
    gs1: new Gs1Service(db, config, now),
    votes: new VoteService(db, box, now),
    coSupervision: new CoSupervisionService(db, now),
    scanAnalytics,
    scanAnalyticsQueries,
    dashboard: new DashboardService(db, grades, scanAnalyticsQueries, now),
  };
}
