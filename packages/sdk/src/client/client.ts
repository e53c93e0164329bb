import { ShianError } from "../errors";
import { type CallOptions, newIdempotencyKey, type Operation, Transport, type TransportOptions } from "./http";
import { ndjsonLines } from "./ndjson";
import type {
  ApiKey,
  Batch,
  BatchTrace,
  BulkItem,
  BulkResult,
  CreateApiKeyInput,
  CreateBatchInput,
  CreatedApiKey,
  CreateOrganisationInput,
  CreateRecallInput,
  Health,
  IssueVoucherInput,
  JwksDocument,
  Organisation,
  RapidTestInput,
  Recall,
  RecordedRapidTest,
  RegisterKeyInput,
  RegisterVoucherInput,
  ScanResult,
  SignedDocument,
  SigningKey,
  SplitBatchInput,
  Voucher,
} from "./types";
import type { ComplianceCertificate, DocumentKind, Grade, GradeChange, HealthCertificate, HealthCertificateInput, Inspection, InspectionInput, IssueCertificateInput, ManualPurchaseInput, MerchantCode, MerchantFile, MerchantProfile, MerchantProfileInput, MerchantQuery, MerchantSummary, PurchaseRecord, Reminder, ScanToLedgerInput, SelfInspection, SelfInspectionTemplate, StoredDocument } from "./merchant-types";
import type { Gs1Linkset, Gs1LinkInput, Gs1ResolverDescription, StoredGs1Link } from "./gs1-types";
import { parseDigitalLink, parseDigitalLinkPath } from "../gs1/digital-link";
import type { CoSupervisorScore, CoTask, CoTaskEvidenceInput, PostCoTaskInput } from "./co-supervision-types";
import type { Dashboard, FlaggedCode, FlagReason, MerchantScanCounts, RegionScanCounts, ScanRange, VoucherScanCounts } from "./scan-analytics-types";
import type { CastVote, ProposeVoteItemInput, VoteItem, VoteTally, VoteToken } from "./vote-types";
import type { ConfirmLockdownInput, CreateTestPointInput, Lockdown, LockdownSummary, RapidTestCatalogueItem, TestBeforeSalePolicy, TestPoint, WebhookDelivery, WebhookEndpoint, WebhookEventType } from "./lockdown-types";
import type { ClaimedReward, CloseReportInput, Report, ReportCredentials, ReporterReportView, ReportEvidence, ReportSubmissionInput, SubmittedReport } from "./report-types";

const op = (method: Operation["method"], path: string, flags: { auth?: boolean; idempotent?: boolean; retrySafe?: boolean } = {}): Operation => ({
  method,
  path,
  auth: flags.auth ?? path.startsWith("/v1/"),
  idempotent: flags.idempotent ?? false,
  // Reads and writes under an Idempotency-Key may be sent again; other writes only after a 429.
  retrySafe: flags.retrySafe ?? (method === "GET" || flags.idempotent === true),
});

/**
 * Every API operation the client calls, by method name. One entry per route of the API's
 * OpenAPI document (the contract test checks both ways); `vouchers.issue` and
 * `vouchers.register` share POST /v1/vouchers.
 */
export const OPERATIONS = {
  health: op("GET", "/health"),
  "organisations.me": op("GET", "/v1/organisations/me"),
  "organisations.create": op("POST", "/v1/organisations"),
  "apiKeys.create": op("POST", "/v1/api-keys"),
  "apiKeys.list": op("GET", "/v1/api-keys"),
  "apiKeys.revoke": op("POST", "/v1/api-keys/{id}/revoke", { retrySafe: true }),
  "signingKeys.register": op("POST", "/v1/keys", { idempotent: true }),
  "signingKeys.list": op("GET", "/v1/keys"),
  "signingKeys.revoke": op("POST", "/v1/keys/{keyIndex}/revoke", { retrySafe: true }),
  "batches.create": op("POST", "/v1/batches", { idempotent: true }),
  "batches.get": op("GET", "/v1/batches/{code}"),
  "batches.split": op("POST", "/v1/batches/{code}/split", { idempotent: true }),
  "batches.trace": op("GET", "/v1/batches/{code}/trace"),
  "batches.recordRapidTest": op("POST", "/v1/batches/{code}/rapid-tests", { idempotent: true }),
  "batches.recall": op("POST", "/v1/batches/{code}/recall", { idempotent: true }),
  "vouchers.issue": op("POST", "/v1/vouchers", { idempotent: true }),
  "vouchers.register": op("POST", "/v1/vouchers", { idempotent: true }),
  "vouchers.get": op("GET", "/v1/vouchers/{code}"),
  // Each item carries its own idempotency key: a resent request creates nothing twice.
  "vouchers.bulkIssue": op("POST", "/v1/vouchers/bulk", { retrySafe: true }),
  "public.jwks": op("GET", "/.well-known/jwks.json"),
  "public.trustBundle": op("GET", "/trust-bundle"),
  "public.authority": op("GET", "/trust-bundle/authority.json"),
  "public.statusList": op("GET", "/status-lists/{namespace}"),
  "public.scan": op("GET", "/v/{digits}"),
  "merchants.putProfile": op("PUT", "/v1/merchants/{orgId}/profile", { retrySafe: true }),
  "merchants.get": op("GET", "/v1/merchants/{orgId}"),
  "merchants.recordInspection": op("POST", "/v1/merchants/{orgId}/inspections", { idempotent: true }),
  "merchants.inspections": op("GET", "/v1/merchants/{orgId}/inspections"),
  "merchants.grade": op("GET", "/v1/merchants/{orgId}/grade"),
  "merchants.issueCode": op("POST", "/v1/merchants/{orgId}/code", { retrySafe: true }),
  "merchants.healthCertificates": op("GET", "/v1/merchants/{orgId}/health-certificates"),
  "merchants.addHealthCertificate": op("POST", "/v1/health-certificates"),
  "grades.ruleSets": op("GET", "/v1/grade-rule-sets"),
  "grades.addRuleSet": op("POST", "/v1/grade-rule-sets"),
  "grades.recompute": op("POST", "/v1/grades/recompute", { retrySafe: true }),
  "public.merchant": op("GET", "/m/{digits}"),
  // A retried scan finds the line it wrote: one line per voucher.
  "ledger.scan": op("POST", "/v1/ledger/scan", { retrySafe: true }),
  "ledger.create": op("POST", "/v1/ledger", { idempotent: true }),
  "ledger.list": op("GET", "/v1/merchants/{orgId}/ledger"),
  "ledger.get": op("GET", "/v1/ledger/{id}"),
  "ledger.downstream": op("GET", "/v1/batches/{code}/purchases"),
  "certificates.issue": op("POST", "/v1/certificates", { idempotent: true }),
  "certificates.get": op("GET", "/v1/certificates/{code}"),
  "certificates.list": op("GET", "/v1/merchants/{orgId}/certificates"),
  "certificates.attach": op("POST", "/v1/batches/{code}/certificates", { retrySafe: true }),
  "public.certificate": op("GET", "/c/{digits}"),
  "records.upload": op("POST", "/v1/documents"),
  "records.document": op("GET", "/v1/documents/{id}"),
  "records.documents": op("GET", "/v1/merchants/{orgId}/documents"),
  "records.templates": op("GET", "/v1/self-inspection-templates"),
  "records.selfInspect": op("POST", "/v1/self-inspections"),
  "records.selfInspections": op("GET", "/v1/merchants/{orgId}/self-inspections"),
  "supervision.merchants": op("GET", "/v1/merchants"),
  "supervision.reminders": op("GET", "/v1/reminders"),
  "supervision.archive": op("GET", "/v1/merchants/{orgId}/archive"),
  // Anonymous reports: public (no API key) for the reporter, /v1 for regulators.
  "reports.submit": op("POST", "/reports"),
  "reports.uploadEvidence": op("POST", "/reports/evidence", { retrySafe: true }),
  "reports.follow": op("POST", "/reports/status", { retrySafe: true }),
  // Not resent: a lost answer would come back as already-claimed and the reference would be lost with it.
  "reports.claim": op("POST", "/reports/claim"),
  "reports.list": op("GET", "/v1/reports"),
  "reports.get": op("GET", "/v1/reports/{id}"),
  "reports.triage": op("POST", "/v1/reports/{id}/triage"),
  "reports.linkInspection": op("POST", "/v1/reports/{id}/inspection", { retrySafe: true }),
  "reports.close": op("POST", "/v1/reports/{id}/close"),
  // Public votes (你点我查): no API key but a device token; regulators adopt under /v1.
  "votes.token": op("POST", "/votes/token"),
  "votes.propose": op("POST", "/votes/items", { retrySafe: true }),
  // Resent, a vote that got through answers 409 already-voted: it still counts once.
  "votes.vote": op("POST", "/votes/items/{id}/vote", { retrySafe: true }),
  "votes.tally": op("GET", "/votes"),
  "votes.adopt": op("POST", "/v1/votes/items/{id}/adopt"),
  // Co-supervisor task market (智慧协管). A resent claim that got through would answer 409 task-taken: not resent.
  "coSupervision.post": op("POST", "/v1/co-tasks"),
  "coSupervision.tasks": op("GET", "/v1/co-tasks"),
  "coSupervision.task": op("GET", "/v1/co-tasks/{id}"),
  "coSupervision.claim": op("POST", "/v1/co-tasks/{id}/claim"),
  "coSupervision.submitEvidence": op("POST", "/v1/co-tasks/{id}/evidence"),
  "coSupervision.review": op("POST", "/v1/co-tasks/{id}/review"),
  "coSupervision.scores": op("GET", "/v1/co-supervision/scores"),
  // Scan analytics (issuers their own vouchers, regulators all) and the regulator dashboard.
  "scanAnalytics.vouchers": op("GET", "/v1/scan-analytics/vouchers"),
  "scanAnalytics.merchants": op("GET", "/v1/scan-analytics/merchants"),
  "scanAnalytics.regions": op("GET", "/v1/scan-analytics/regions"),
  "scanAnalytics.flags": op("GET", "/v1/scan-analytics/flags"),
  "dashboard.get": op("GET", "/v1/dashboard"),
  // GS1: issuers' resolver links (/v1), and the public resolver (its linkset, description, a voucher as JWS).
  "gs1.addLink": op("POST", "/v1/gs1/links"),
  "gs1.links": op("GET", "/v1/gs1/links"),
  "gs1.deleteLink": op("DELETE", "/v1/gs1/links/{id}"),
  "gs1.linkset": op("GET", "/01/{gtin}"),
  "gs1.linksetLot": op("GET", "/01/{gtin}/10/{lot}"),
  "gs1.linksetSerial": op("GET", "/01/{gtin}/21/{serial}"),
  "gs1.linksetCpvLot": op("GET", "/01/{gtin}/22/{cpv}/10/{lot}"),
  "gs1.resolverDescription": op("GET", "/.well-known/gs1resolver"),
  "gs1.voucherJws": op("GET", "/v/{digits}/jws"),
  // FSMA 204 sortable spreadsheet: a read, so resent after a failure to start.
  "fsma204.export": op("GET", "/v1/fsma204", { retrySafe: true }),
  // EPCIS 2.0. A capture is stored under each event's hash ID: resent, it stores nothing twice.
  "epcis.exportBatch": op("GET", "/v1/batches/{code}/epcis"),
  "epcis.capture": op("POST", "/v1/epcis/capture", { retrySafe: true }),
  "epcis.query": op("GET", "/v1/epcis/events"),
  // Rapid tests (issue 7): the public catalogue, test points, test-before-sale; lock-downs; webhooks.
  "rapidTests.catalogue": op("GET", "/rapid-test-items"),
  "rapidTests.createTestPoint": op("POST", "/v1/test-points", { idempotent: true }),
  "rapidTests.testPoints": op("GET", "/v1/test-points"),
  "rapidTests.testPoint": op("GET", "/v1/test-points/{id}"),
  "rapidTests.testBeforeSale": op("GET", "/v1/test-before-sale"),
  "rapidTests.setTestBeforeSale": op("PUT", "/v1/test-before-sale", { retrySafe: true }),
  "lockdowns.get": op("GET", "/v1/lockdowns/{id}"),
  "lockdowns.forBatch": op("GET", "/v1/batches/{code}/lockdowns"),
  "lockdowns.confirm": op("POST", "/v1/lockdowns/{id}/confirm", { idempotent: true }),
  "lockdowns.clear": op("POST", "/v1/lockdowns/{id}/clear", { idempotent: true }),
  // A resent registration would make a second endpoint with another secret: not resent.
  "webhooks.register": op("POST", "/v1/webhooks"),
  "webhooks.list": op("GET", "/v1/webhooks"),
  "webhooks.delete": op("DELETE", "/v1/webhooks/{id}"),
  "webhooks.deliveries": op("GET", "/v1/webhooks/deliveries"),
  "webhooks.redeliver": op("POST", "/v1/webhooks/deliveries/{id}/redeliver"),
} as const satisfies Record<string, Operation>;

export type OperationName = keyof typeof OPERATIONS;

/** The media types of the FSMA 204 spreadsheet's two formats. */
export const FSMA204_TYPES = { csv: "text/csv", xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } as const;

/** A lot (trace code), or a range of at most 366 days (ISO 8601 times, `to` exclusive); a lot may be narrowed by a range. */
export interface Fsma204Query {
  lot?: string;
  from?: string;
  to?: string;
  format?: keyof typeof FSMA204_TYPES;
}

export interface Fsma204Export {
  format: keyof typeof FSMA204_TYPES;
  /** The file name the API suggests (Content-Disposition). */
  fileName: string;
  body: ReadableStream<Uint8Array>;
}

export interface EpcisCaptureResult {
  captureId: string;
  events: number;
  /** Events stored now; the others had been captured before (same CBV 2.0 event hash ID). */
  stored: number;
  /** Each event's hash ID and the batches it was linked to (none: kept as an unlinked partner event). */
  linked: Array<{ eventID: string; batches: string[] }>;
}

/** The EPCIS 2.0 SimpleEventQuery parameters the API answers; lists are sent comma-separated. */
export interface EpcisEventQuery {
  eventType?: string | string[];
  GE_eventTime?: string;
  LT_eventTime?: string;
  EQ_bizStep?: string | string[];
  EQ_disposition?: string | string[];
  MATCH_epc?: string | string[];
  MATCH_anyEPC?: string | string[];
  MATCH_epcClass?: string | string[];
  EQ_bizLocation?: string | string[];
  perPage?: number;
  nextPageToken?: string;
}

export interface EpcisQueryDocument {
  "@context": unknown;
  type: "EPCISQueryDocument";
  schemaVersion: string;
  creationDate: string;
  epcisBody: { queryResults: { queryName: string; resultsBody: { eventList: Array<Record<string, unknown>> } } };
}

export interface BulkIssueOptions extends CallOptions {
  /** Items sent per HTTP request (default 500); each request is retried on its own. */
  itemsPerRequest?: number;
}

export interface ConditionalOptions extends CallOptions {
  /** The ETag of the copy you hold: a 304 answers `null`. */
  ifNoneMatch?: string;
}

/**
 * A typed client of the Shian API: one method per route. Runs on fetch and WebCrypto only
 * (Node ≥ 20, browsers, Workers).
 */
export class ShianClient {
  readonly transport: Transport;

  constructor(options: TransportOptions) {
    this.transport = new Transport(options);
  }

  private async json<T>(name: OperationName, request: Parameters<Transport["send"]>[1], call?: CallOptions): Promise<T> {
    const response = await this.transport.send(OPERATIONS[name], request, call);
    return (await response.json()) as T;
  }

  private async document(name: OperationName, params: Record<string, string | number>, call: ConditionalOptions = {}): Promise<SignedDocument | null> {
    const headers: Record<string, string> = { accept: "application/jose" };
    if (call.ifNoneMatch) headers["if-none-match"] = call.ifNoneMatch;
    const response = await this.transport.send(OPERATIONS[name], { params, headers, accept: [304] }, call);
    if (response.status === 304) return null;
    return { jws: (await response.text()).trim(), etag: response.headers.get("etag") ?? undefined };
  }

  /** GET /health */
  health(call?: CallOptions): Promise<Health> {
    return this.json("health", {}, call);
  }

  readonly organisations = {
    /** GET /v1/organisations/me: the organisation behind the API key. */
    me: (call?: CallOptions): Promise<Organisation> => this.json("organisations.me", {}, call),
    /** POST /v1/organisations (platform admin). Not retried after a 5xx or a lost connection. */
    create: (input: CreateOrganisationInput, call?: CallOptions): Promise<Organisation> => this.json("organisations.create", { json: input }, call),
  };

  readonly apiKeys = {
    /** POST /v1/api-keys: the secret is in `key`, shown once. Not retried after a 5xx or a lost connection. */
    create: (input: CreateApiKeyInput, call?: CallOptions): Promise<CreatedApiKey> => this.json("apiKeys.create", { json: input }, call),
    list: async (call?: CallOptions): Promise<ApiKey[]> => (await this.json<{ apiKeys: ApiKey[] }>("apiKeys.list", {}, call)).apiKeys,
    revoke: (id: string, call?: CallOptions): Promise<ApiKey> => this.json("apiKeys.revoke", { params: { id } }, call),
  };

  readonly signingKeys = {
    register: (input: RegisterKeyInput, call?: CallOptions): Promise<SigningKey> => this.json("signingKeys.register", { json: input }, call),
    list: async (call?: CallOptions): Promise<SigningKey[]> => (await this.json<{ keys: SigningKey[] }>("signingKeys.list", {}, call)).keys,
    revoke: (keyIndex: number, call?: CallOptions): Promise<SigningKey> => this.json("signingKeys.revoke", { params: { keyIndex } }, call),
  };

  readonly batches = {
    create: (input: CreateBatchInput, call?: CallOptions): Promise<Batch> => this.json("batches.create", { json: input }, call),
    get: (code: string, call?: CallOptions): Promise<Batch> => this.json("batches.get", { params: { code } }, call),
    split: async (code: string, input: SplitBatchInput, call?: CallOptions): Promise<Batch[]> =>
      (await this.json<{ children: Batch[] }>("batches.split", { params: { code }, json: input }, call)).children,
    trace: (code: string, call?: CallOptions): Promise<BatchTrace> => this.json("batches.trace", { params: { code } }, call),
    recordRapidTest: (code: string, input: RapidTestInput, call?: CallOptions): Promise<RecordedRapidTest> =>
      this.json("batches.recordRapidTest", { params: { code }, json: input }, call),
    recall: (code: string, input: CreateRecallInput, call?: CallOptions): Promise<Recall> => this.json("batches.recall", { params: { code }, json: input }, call),
  };

  readonly vouchers = {
    /** The API signs with the organisation's custodial key. */
    issue: (input: IssueVoucherInput, call?: CallOptions): Promise<Voucher> => this.json("vouchers.issue", { json: input }, call),
    /** Registers a voucher signed locally (409 `conflict` if it is registered already). */
    register: (input: RegisterVoucherInput, call?: CallOptions): Promise<Voucher> => this.json("vouchers.register", { json: input }, call),
    get: (code: string, call?: CallOptions): Promise<Voucher> => this.json("vouchers.get", { params: { code } }, call),
    /**
     * Bulk issue: items in (any iterable or async iterable), one result per item out, in order.
     * Items without an `idempotencyKey` get a random one; give your own (deterministic) keys
     * to make a rerun of the same input create nothing twice.
     */
    bulkIssue: (items: Iterable<BulkItem> | AsyncIterable<BulkItem>, call?: BulkIssueOptions): AsyncGenerator<BulkResult> => this.bulk(items, call),
  };

  readonly public = {
    jwks: (call?: CallOptions): Promise<JwksDocument> => this.json("public.jwks", {}, call),
    /** The signed trust bundle (compact JWS), or `null` when `ifNoneMatch` still matches. */
    trustBundle: (call?: ConditionalOptions): Promise<SignedDocument | null> => this.document("public.trustBundle", {}, call),
    /** The trust authority's public keys: the anchors for `verifyTrustBundle`. */
    authority: (call?: CallOptions): Promise<JwksDocument> => this.json("public.authority", {}, call),
    statusList: (namespace: number, call?: ConditionalOptions): Promise<SignedDocument | null> => this.document("public.statusList", { namespace }, call),
    /** The JSON scan result of a voucher URL (or its digits). */
    scan: (urlOrDigits: string, call?: CallOptions & { lang?: string }): Promise<ScanResult> => {
      const digits = /^\d+$/.test(urlOrDigits) ? urlOrDigits : /\/v\/(\d+)(?:[?#].*)?$/.exec(urlOrDigits)?.[1];
      if (!digits) throw new ShianError("invalid-input", "not a voucher URL");
      return this.json("public.scan", { params: { digits }, query: { lang: call?.lang }, headers: { accept: "application/json" } }, call);
    },
  };

  /** 一店一码 / 一户一档: profiles, inspections (regulators), computed grades, health certificates. */
  readonly merchants = {
    /** PUT: the business's own profile (idempotent by nature). */
    putProfile: (orgId: string, input: MerchantProfileInput, call?: CallOptions): Promise<MerchantProfile & { warnings: string[] }> =>
      this.json("merchants.putProfile", { params: { orgId }, json: input }, call),
    get: (orgId: string, call?: CallOptions): Promise<MerchantFile> => this.json("merchants.get", { params: { orgId } }, call),
    /** Regulators only. */
    recordInspection: (orgId: string, input: InspectionInput, call?: CallOptions): Promise<{ inspection: Inspection; grade: Grade; changed: boolean }> =>
      this.json("merchants.recordInspection", { params: { orgId }, json: input }, call),
    inspections: async (orgId: string, call?: CallOptions): Promise<Inspection[]> => (await this.json<{ inspections: Inspection[] }>("merchants.inspections", { params: { orgId } }, call)).inspections,
    grade: (orgId: string, call?: CallOptions): Promise<{ grade: Grade; history: GradeChange[] }> => this.json("merchants.grade", { params: { orgId } }, call),
    /** The signed merchant code (one per business; asking again returns it). */
    issueCode: (orgId: string, call?: CallOptions): Promise<MerchantCode> => this.json("merchants.issueCode", { params: { orgId } }, call),
    healthCertificates: async (orgId: string, call?: CallOptions): Promise<HealthCertificate[]> =>
      (await this.json<{ certificates: HealthCertificate[] }>("merchants.healthCertificates", { params: { orgId } }, call)).certificates,
    addHealthCertificate: (input: HealthCertificateInput, call?: CallOptions): Promise<HealthCertificate> => this.json("merchants.addHealthCertificate", { json: input }, call),
    /** The public merchant page as JSON (URL or digits). */
    page: (urlOrDigits: string, call?: CallOptions): Promise<Record<string, unknown> & { state: "valid" | "invalid" }> => {
      const digits = /^\d+$/.test(urlOrDigits) ? urlOrDigits : /\/m\/(\d+)(?:[?#].*)?$/.exec(urlOrDigits)?.[1];
      if (!digits) throw new ShianError("invalid-input", "not a merchant code URL");
      return this.json("public.merchant", { params: { digits }, headers: { accept: "application/json" } }, call);
    },
  };

  readonly grades = {
    ruleSets: async (call?: CallOptions): Promise<Array<Record<string, unknown>>> => (await this.json<{ ruleSets: Array<Record<string, unknown>> }>("grades.ruleSets", {}, call)).ruleSets,
    /** Regulators: a new rule set version, as data. */
    addRuleSet: (ruleSet: Record<string, unknown>, call?: CallOptions): Promise<Record<string, unknown>> => this.json("grades.addRuleSet", { json: ruleSet }, call),
    recompute: (call?: CallOptions): Promise<{ businesses: number; changed: number }> => this.json("grades.recompute", {}, call),
  };

  /** 进货台账: purchase records filled from scanned vouchers or typed in. */
  readonly ledger = {
    /** A seller's voucher URL becomes the caller's purchase record (the same line on a repeated scan). */
    scan: (input: ScanToLedgerInput, call?: CallOptions): Promise<{ record: PurchaseRecord; created: boolean }> => this.json("ledger.scan", { json: input }, call),
    create: (input: ManualPurchaseInput, call?: CallOptions): Promise<PurchaseRecord> => this.json("ledger.create", { json: input }, call),
    list: async (orgId: string, range: { from?: string; to?: string } = {}, call?: CallOptions): Promise<PurchaseRecord[]> =>
      (await this.json<{ records: PurchaseRecord[] }>("ledger.list", { params: { orgId }, query: range }, call)).records,
    get: (id: string, call?: CallOptions): Promise<PurchaseRecord> => this.json("ledger.get", { params: { id } }, call),
    /** Ledger lines made from a batch or anything downstream of it. */
    downstream: async (batchCode: string, call?: CallOptions): Promise<PurchaseRecord[]> => (await this.json<{ records: PurchaseRecord[] }>("ledger.downstream", { params: { code: batchCode } }, call)).records,
  };

  /** 承诺达标合格证: issue (producers, collectors), read, attach to a batch on receipt. Labels: GET /v1/certificates/{code}/label. */
  readonly certificates = {
    issue: (input: IssueCertificateInput, call?: CallOptions): Promise<ComplianceCertificate> => this.json("certificates.issue", { json: input }, call),
    get: (code: string, call?: CallOptions): Promise<ComplianceCertificate> => this.json("certificates.get", { params: { code } }, call),
    list: async (orgId: string, call?: CallOptions): Promise<ComplianceCertificate[]> => (await this.json<{ certificates: ComplianceCertificate[] }>("certificates.list", { params: { orgId } }, call)).certificates,
    /** `certificate`: its scanned URL (verified) or its code. */
    attach: (batchCode: string, certificate: string, call?: CallOptions): Promise<{ batchCode: string; certificateCode: string; attached: boolean }> =>
      this.json("certificates.attach", { params: { code: batchCode }, json: { certificate } }, call),
    /** The public certificate page as JSON (URL or digits). */
    page: (urlOrDigits: string, call?: CallOptions): Promise<Record<string, unknown> & { state: string }> => {
      const digits = /^\d+$/.test(urlOrDigits) ? urlOrDigits : /\/c\/(\d+)(?:[?#].*)?$/.exec(urlOrDigits)?.[1];
      if (!digits) throw new ShianError("invalid-input", "not a certificate URL");
      return this.json("public.certificate", { params: { digits }, headers: { accept: "application/json" } }, call);
    },
  };

  /** 一户一档 records: uploads (PDF, JPEG, PNG, WebP ≤ 8 MB; file bytes at GET /v1/documents/{id}/content), self-inspections. */
  readonly records = {
    upload: (kind: DocumentKind, title: string, bytes: Uint8Array, contentType: string, call?: CallOptions): Promise<StoredDocument> =>
      this.json("records.upload", { query: { kind, title }, body: { text: bytes, contentType } }, call),
    document: (id: string, call?: CallOptions): Promise<StoredDocument> => this.json("records.document", { params: { id } }, call),
    documents: async (orgId: string, kind?: DocumentKind, call?: CallOptions): Promise<StoredDocument[]> =>
      (await this.json<{ documents: StoredDocument[] }>("records.documents", { params: { orgId }, query: { kind } }, call)).documents,
    templates: async (call?: CallOptions): Promise<SelfInspectionTemplate[]> => (await this.json<{ templates: SelfInspectionTemplate[] }>("records.templates", {}, call)).templates,
    selfInspect: (input: { templateId?: string; inspectedOn?: string; items: Array<{ code: string; passed: boolean; note?: string }>; documentId?: string }, call?: CallOptions): Promise<SelfInspection> =>
      this.json("records.selfInspect", { json: input }, call),
    selfInspections: async (orgId: string, call?: CallOptions): Promise<SelfInspection[]> =>
      (await this.json<{ selfInspections: SelfInspection[] }>("records.selfInspections", { params: { orgId } }, call)).selfInspections,
  };

  /** Regulators: queries across businesses, due reminders (a business gets its own), archives. */
  readonly supervision = {
    merchants: async (query: MerchantQuery = {}, call?: CallOptions): Promise<MerchantSummary[]> =>
      (await this.json<{ merchants: MerchantSummary[] }>("supervision.merchants", { query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v === undefined ? undefined : String(v)])) }, call)).merchants,
    reminders: async (query: { region?: string; withinDays?: number } = {}, call?: CallOptions): Promise<Reminder[]> =>
      (await this.json<{ reminders: Reminder[] }>("supervision.reminders", { query: { region: query.region, withinDays: query.withinDays === undefined ? undefined : String(query.withinDays) } }, call)).reminders,
    /** The archive as one JSON bundle (format=html on the same route for the printable page). */
    archive: (orgId: string, call?: CallOptions): Promise<Record<string, unknown>> => this.json("supervision.archive", { params: { orgId } }, call),
  };

  /**
   * Anonymous reports (吹哨人). `submit`, `uploadEvidence`, `follow` and `claim` need no API key
   * and send nothing about the reporter; the others are for regulators.
   */
  readonly reports = {
    submit: (input: ReportSubmissionInput, call?: CallOptions): Promise<SubmittedReport> => this.json("reports.submit", { json: input }, call),
    /** One JPEG or PNG; camera data is removed. Name the id in `evidenceRefs`. */
    uploadEvidence: (bytes: Uint8Array, contentType: "image/jpeg" | "image/png", call?: CallOptions): Promise<ReportEvidence> => this.json("reports.uploadEvidence", { body: { text: bytes, contentType } }, call),
    follow: async (credentials: ReportCredentials, call?: CallOptions): Promise<ReporterReportView[]> => (await this.json<{ reports: ReporterReportView[] }>("reports.follow", { json: credentials }, call)).reports,
    claim: (input: ReportCredentials & { reportId?: string }, call?: CallOptions): Promise<ClaimedReward> => this.json("reports.claim", { json: input }, call),
    list: async (query: { status?: string; orgId?: string } = {}, call?: CallOptions): Promise<Report[]> => (await this.json<{ reports: Report[] }>("reports.list", { query }, call)).reports,
    get: (id: string, call?: CallOptions): Promise<Report> => this.json("reports.get", { params: { id } }, call),
    triage: (id: string, input: { status: "investigating" | "unsubstantiated"; note?: string }, call?: CallOptions): Promise<Report> => this.json("reports.triage", { params: { id }, json: input }, call),
    linkInspection: (id: string, inspectionId: string, call?: CallOptions): Promise<Report> => this.json("reports.linkInspection", { params: { id }, json: { inspectionId } }, call),
    close: (id: string, input: CloseReportInput, call?: CallOptions): Promise<Report> => this.json("reports.close", { params: { id }, json: input }, call),
  };

  /**
   * Public votes (你点我查). `token`, `propose`, `vote` and `tally` need no API key (keep the
   * token on the device: one vote per token, item and China month); `adopt` is for regulators.
   */
  readonly votes = {
    token: (call?: CallOptions): Promise<VoteToken> => this.json("votes.token", {}, call),
    propose: (input: ProposeVoteItemInput, call?: CallOptions): Promise<VoteItem> => this.json("votes.propose", { json: input }, call),
    vote: (itemId: string, token: string, call?: CallOptions): Promise<CastVote> => this.json("votes.vote", { params: { id: itemId }, json: { token } }, call),
    tally: (query: { period?: string; status?: "open" | "adopted" } = {}, call?: CallOptions): Promise<VoteTally> => this.json("votes.tally", { query }, call),
    adopt: (itemId: string, call?: CallOptions): Promise<VoteItem> => this.json("votes.adopt", { params: { id: itemId } }, call),
  };

  /**
   * The co-supervisor task market (智慧协管: 抢单 + 审单 + 考核): regulators `post` and `review`;
   * co-supervisors list open `tasks` in their region, `claim` (one claimant) and `submitEvidence`;
   * `scores` per co-supervisor and China month.
   */
  readonly coSupervision = {
    post: (input: PostCoTaskInput, call?: CallOptions): Promise<CoTask> => this.json("coSupervision.post", { json: input }, call),
    tasks: async (query: { status?: "open" | "claimed" | "submitted" | "approved" | "closed"; region?: string; mine?: boolean } = {}, call?: CallOptions): Promise<CoTask[]> =>
      (await this.json<{ tasks: CoTask[] }>("coSupervision.tasks", { query: { status: query.status, region: query.region, mine: query.mine === undefined ? undefined : String(query.mine) } }, call)).tasks,
    task: (id: string, call?: CallOptions): Promise<CoTask> => this.json("coSupervision.task", { params: { id } }, call),
    claim: (id: string, call?: CallOptions): Promise<CoTask> => this.json("coSupervision.claim", { params: { id } }, call),
    submitEvidence: (id: string, input: CoTaskEvidenceInput, call?: CallOptions): Promise<CoTask> => this.json("coSupervision.submitEvidence", { params: { id }, json: input }, call),
    review: (id: string, input: { outcome: "approve" | "reject"; note?: string }, call?: CallOptions): Promise<CoTask> => this.json("coSupervision.review", { params: { id }, json: input }, call),
    scores: (query: { month?: string; orgId?: string } = {}, call?: CallOptions): Promise<{ month: string; scores: CoSupervisorScore[] }> => this.json("coSupervision.scores", { query }, call),
  };

  /**
   * Rapid tests beyond recording one: the public 65-item `catalogue`, an organisation's test
   * points, and a market's test-before-sale (入场批批检) policy.
   */
  readonly rapidTests = {
    catalogue: async (query: { category?: string } = {}, call?: CallOptions): Promise<RapidTestCatalogueItem[]> =>
      (await this.json<{ items: RapidTestCatalogueItem[] }>("rapidTests.catalogue", { query }, call)).items,
    createTestPoint: (input: CreateTestPointInput, call?: CallOptions): Promise<TestPoint> => this.json("rapidTests.createTestPoint", { json: input }, call),
    testPoints: async (query: { orgId?: string } = {}, call?: CallOptions): Promise<TestPoint[]> => (await this.json<{ testPoints: TestPoint[] }>("rapidTests.testPoints", { query }, call)).testPoints,
    testPoint: (id: string, call?: CallOptions): Promise<TestPoint> => this.json("rapidTests.testPoint", { params: { id } }, call),
    testBeforeSale: (call?: CallOptions): Promise<TestBeforeSalePolicy> => this.json("rapidTests.testBeforeSale", {}, call),
    setTestBeforeSale: (enabled: boolean, call?: CallOptions): Promise<TestBeforeSalePolicy> => this.json("rapidTests.setTestBeforeSale", { json: { enabled } }, call),
  };

  /** Lock-downs opened by failed rapid tests: holders and their purchase records; `confirm` (→ recall) or `clear` (→ resume). */
  readonly lockdowns = {
    get: (id: string, call?: CallOptions): Promise<Lockdown> => this.json("lockdowns.get", { params: { id } }, call),
    forBatch: async (code: string, call?: CallOptions): Promise<LockdownSummary[]> => (await this.json<{ lockdowns: LockdownSummary[] }>("lockdowns.forBatch", { params: { code } }, call)).lockdowns,
    confirm: (id: string, input: ConfirmLockdownInput = {}, call?: CallOptions): Promise<{ lockdown: Lockdown; recall: Recall }> => this.json("lockdowns.confirm", { params: { id }, json: input }, call),
    clear: (id: string, input: { note: string }, call?: CallOptions): Promise<Lockdown> => this.json("lockdowns.clear", { params: { id }, json: input }, call),
  };

  /** Webhook endpoints of the caller's organisation (check deliveries with `verifyWebhookSignature`) and the delivery log. */
  readonly webhooks = {
    register: (input: { url: string; events: WebhookEventType[] }, call?: CallOptions): Promise<{ endpoint: WebhookEndpoint; secret: string }> => this.json("webhooks.register", { json: input }, call),
    list: async (call?: CallOptions): Promise<WebhookEndpoint[]> => (await this.json<{ endpoints: WebhookEndpoint[] }>("webhooks.list", {}, call)).endpoints,
    delete: (id: string, call?: CallOptions): Promise<WebhookEndpoint> => this.json("webhooks.delete", { params: { id } }, call),
    deliveries: async (query: { endpointId?: string; state?: "pending" | "delivered" | "failed" | "cancelled"; limit?: number } = {}, call?: CallOptions): Promise<WebhookDelivery[]> =>
      (await this.json<{ deliveries: WebhookDelivery[] }>("webhooks.deliveries", { query: { ...query, limit: query.limit === undefined ? undefined : String(query.limit) } }, call)).deliveries,
    redeliver: (id: string, call?: CallOptions): Promise<WebhookDelivery> => this.json("webhooks.redeliver", { params: { id } }, call),
  };

  /** Scan counts (no personal data) and possible copies: an issuer's own vouchers, regulators all. */
  readonly scanAnalytics = {
    vouchers: (query: ScanRange & { code?: string; orgId?: string; limit?: number } = {}, call?: CallOptions): Promise<VoucherScanCounts> =>
      this.json("scanAnalytics.vouchers", { query: { ...query, limit: query.limit === undefined ? undefined : String(query.limit) } }, call),
    merchants: (query: ScanRange & { limit?: number } = {}, call?: CallOptions): Promise<MerchantScanCounts> =>
      this.json("scanAnalytics.merchants", { query: { ...query, limit: query.limit === undefined ? undefined : String(query.limit) } }, call),
    regions: (query: ScanRange & { level?: "province" | "city"; region?: string } = {}, call?: CallOptions): Promise<RegionScanCounts> => this.json("scanAnalytics.regions", { query }, call),
    flags: async (query: { region?: string; reason?: FlagReason; orgId?: string; limit?: number } = {}, call?: CallOptions): Promise<FlaggedCode[]> =>
      (await this.json<{ flags: FlaggedCode[] }>("scanAnalytics.flags", { query: { ...query, limit: query.limit === undefined ? undefined : String(query.limit) } }, call)).flags,
  };

  /** The regulator dashboard as JSON (the same route serves the HTML page to browsers). */
  readonly dashboard = {
    get: (query: { days?: number } = {}, call?: CallOptions): Promise<Dashboard> => this.json("dashboard.get", { query: { days: query.days === undefined ? undefined : String(query.days) } }, call),
  };

  /**
   * GS1 Digital Link: the links an issuer adds for its GTINs (only GTINs it has issued vouchers
   * for; its own links only), and the resolver's answers.
   */
  readonly gs1 = {
    addLink: (input: Gs1LinkInput, call?: CallOptions): Promise<StoredGs1Link> => this.json("gs1.addLink", { json: input }, call),
    links: async (query: { gtin?: string } = {}, call?: CallOptions): Promise<StoredGs1Link[]> => (await this.json<{ links: StoredGs1Link[] }>("gs1.links", { query }, call)).links,
    deleteLink: (id: string, call?: CallOptions): Promise<StoredGs1Link> => this.json("gs1.deleteLink", { params: { id } }, call),
    /**
     * The RFC 9264 linkset for a Digital Link URI (any host) or resolver path (`/01/…/10/…`):
     * validated first (ShianError `invalid-digital-link` naming the AI and rule), then asked of
     * this API's resolver. A serial picks /21/, else a lot /10/ (with /22/ when a CPV is given).
     */
    linkset: async (uriOrPath: string, call?: CallOptions): Promise<Gs1Linkset> => {
      const link = uriOrPath.startsWith("/") ? parseDigitalLinkPath(uriOrPath.split(/[?#]/)[0]!) : parseDigitalLink(uriOrPath);
      if (link.primaryKey.ai !== "01") throw new ShianError("invalid-input", "the resolver serves GTINs (AI 01) only");
      const q = (ai: string) => link.qualifiers.find((e) => e.ai === ai)?.value;
      const gtin = link.primaryKey.value;
      const [serial, lot, cpv] = [q("21"), q("10"), q("22")];
      const request = { query: { linkType: "linkset" }, headers: { accept: "application/linkset+json" } };
      if (serial !== undefined) return this.json("gs1.linksetSerial", { ...request, params: { gtin, serial } }, call);
      if (lot !== undefined && cpv !== undefined) return this.json("gs1.linksetCpvLot", { ...request, params: { gtin, cpv, lot } }, call);
      if (lot !== undefined) return this.json("gs1.linksetLot", { ...request, params: { gtin, lot } }, call);
      return this.json("gs1.linkset", { ...request, params: { gtin } }, call);
    },
    resolverDescription: (call?: CallOptions): Promise<Gs1ResolverDescription> => this.json("gs1.resolverDescription", {}, call),
    /** A voucher (URL or digits) as a standard compact JWS, as the gs1:jws link serves it. */
    voucherJws: async (urlOrDigits: string, call?: CallOptions): Promise<string> => {
      const digits = /^\d+$/.test(urlOrDigits) ? urlOrDigits : /\/v\/(\d+)(?:\/jws)?(?:[?#].*)?$/.exec(urlOrDigits)?.[1];
      if (!digits) throw new ShianError("invalid-input", "not a voucher URL");
      const response = await this.transport.send(OPERATIONS["gs1.voucherJws"], { params: { digits }, headers: { accept: "application/jose" } }, call);
      return (await response.text()).trim();
    },
  };

  readonly fsma204 = {
    /**
     * GET /v1/fsma204: the FSMA 204 electronic sortable spreadsheet of your organisation's
     * critical tracking events for a lot or a time range, as a byte stream (CSV by default).
     */
    export: async (query: Fsma204Query, call?: CallOptions): Promise<Fsma204Export> => {
      const format = query.format ?? "csv";
      const response = await this.transport.send(OPERATIONS["fsma204.export"], { query: { lot: query.lot, from: query.from, to: query.to, format }, headers: { accept: FSMA204_TYPES[format] } }, call);
      if (!response.body) throw new ShianError("network", "GET /v1/fsma204: the answer has no body");
      const fileName = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? `fsma204.${format}`;
      return { format, fileName, body: response.body };
    },
  };

  readonly epcis = {
    /** GET /v1/batches/{code}/epcis: the lot's history as an EPCIS 2.0 JSON-LD document, as a byte stream. */
    exportBatch: async (code: string, call?: CallOptions): Promise<ReadableStream<Uint8Array>> => {
      const response = await this.transport.send(OPERATIONS["epcis.exportBatch"], { params: { code }, headers: { accept: "application/ld+json" } }, call);
      if (!response.body) throw new ShianError("network", "GET /v1/batches/{code}/epcis: the answer has no body");
      return response.body;
    },
    /** POST /v1/epcis/capture: a partner's EPCIS 2.0 document; a schema failure is a ShianApiError `invalid-epcis-document` with the errors in `issues`. */
    capture: (document: Record<string, unknown>, call?: CallOptions): Promise<EpcisCaptureResult> => this.json("epcis.capture", { json: document }, call),
    /** GET /v1/epcis/events: one page of the EPCIS query; pass `nextPageToken` back for the next. */
    query: async (query: EpcisEventQuery = {}, call?: CallOptions): Promise<{ document: EpcisQueryDocument; nextPageToken: string | undefined }> => {
      const params = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined).map(([key, value]) => [key, Array.isArray(value) ? value.join(",") : String(value)]));
      const response = await this.transport.send(OPERATIONS["epcis.query"], { query: params, headers: { accept: "application/ld+json" } }, call);
      return { document: (await response.json()) as EpcisQueryDocument, nextPageToken: response.headers.get("next-page-token") ?? undefined };
    },
  };

  private async *bulk(items: Iterable<BulkItem> | AsyncIterable<BulkItem>, call: BulkIssueOptions = {}): AsyncGenerator<BulkResult> {
    const per = Math.max(1, call.itemsPerRequest ?? 500);
    let chunk: Array<BulkItem & { idempotencyKey: string }> = [];
    let offset = 0;
    for await (const item of items as AsyncIterable<BulkItem>) {
      chunk.push({ ...item, idempotencyKey: item.idempotencyKey ?? newIdempotencyKey() });
      if (chunk.length >= per) {
        yield* this.bulkChunk(chunk, offset, call);
        offset += chunk.length;
        chunk = [];
      }
    }
    if (chunk.length > 0) yield* this.bulkChunk(chunk, offset, call);
  }

  /** One bulk request; if its answer breaks off, it is sent again and the results already given are skipped. */
  private async *bulkChunk(chunk: Array<BulkItem & { idempotencyKey: string }>, offset: number, call: BulkIssueOptions): AsyncGenerator<BulkResult> {
    const text = `${chunk.map((item) => JSON.stringify(item)).join("\n")}\n`;
    const maxAttempts = Math.max(1, call.maxAttempts ?? this.transport.options.maxAttempts ?? 4);
    let given = 0;
    for (let attempt = 1; ; attempt++) {
      const response = await this.transport.send(OPERATIONS["vouchers.bulkIssue"], { body: { text, contentType: "application/x-ndjson" }, headers: { accept: "application/x-ndjson" } }, call);
      let seen = 0;
      try {
        for await (const line of ndjsonLines(response.body)) {
          if (line.trim() === "") continue;
          const parsed = JSON.parse(line) as Omit<BulkResult, "index"> & { line?: number };
          if (parsed.line === undefined) {
            // The server stopped the stream: the remaining items have no result.
            const error = (parsed as { error?: { code: string; message: string } }).error ?? { code: "internal", message: "the bulk request stopped" };
            for (let i = given; i < chunk.length; i++) yield { index: offset + i, line: i + 1, idempotencyKey: chunk[i]!.idempotencyKey, ok: false, error };
            return;
          }
          if (seen++ < given) continue;
          given++;
          yield { ...parsed, index: offset + parsed.line - 1 } as BulkResult;
        }
        if (given < chunk.length) throw new Error(`the answer ended after ${given} of ${chunk.length} results`);
        return;
      } catch (error) {
        if (call.signal?.aborted) throw new ShianError("aborted", undefined, undefined, { cause: call.signal.reason });
        if (error instanceof ShianError || attempt >= maxAttempts) throw error instanceof ShianError ? error : new ShianError("network", `bulk answer broke off: ${(error as Error).message}`, undefined, { cause: error });
      }
    }
  }
}

export const createClient = (options: TransportOptions) => new ShianClient(options);
