/**
 * Request and response shapes of the Shian API. Enumerations and field types come from
 * `@shian/schemas` (the same zod schemas the API validates with); the object shapes mirror the
 * API's route schemas, and `packages/sdk/test/client-contract.test.ts` fails when they drift
 * (types compared with the routes' own zod schemas, operations with `/openapi.json`).
 */
import type { OrganisationKind, ProductCategory, QuantityUnit, RapidTestMeasurement, RecallLevel, RecallReason, ThresholdComparator, VoucherType } from "@shian/schemas";
import type { VerificationResult } from "../verify/result";

/** API key scopes, as the API's OpenAPI document lists them (the contract test compares). */
export const SCOPES = ["read", "batches:write", "vouchers:write", "tests:write", "recalls:write", "keys:write", "records:write", "inspections:write", "orgs:admin"] as const;
export type Scope = (typeof SCOPES)[number];
export type EntityStatus = "valid" | "suspended" | "revoked" | "recalled";
export type Jwk = Record<string, unknown>;
export interface JwksDocument {
  keys: Jwk[];
}

// ── organisations ────────────────────────────────────────────────────────────
export interface CreateOrganisationInput {
  name: string;
  role: OrganisationKind | "admin" | "co-supervisor";
  /** Unified social credit code (checked leniently). */
  uscc?: string;
  /** Six-digit administrative region code. */
  region?: string;
  marketId?: string;
}
export interface Organisation {
  id: string;
  name: string;
  role: string;
  uscc: string | null;
  region: string | null;
  marketId: string | null;
  namespace: number;
  createdAt: string;
}

// ── API keys ─────────────────────────────────────────────────────────────────
export interface CreateApiKeyInput {
  name: string;
  scopes?: Scope[];
  /** Platform admin only: create the key for another organisation. */
  orgId?: string;
}
export interface ApiKey {
  id: string;
  orgId: string;
  prefix: string;
  name: string;
  scopes: string[];
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}
export interface CreatedApiKey {
  /** The secret, shown once. */
  key: string;
  apiKey: ApiKey;
}

// ── signing keys ─────────────────────────────────────────────────────────────
export interface RegisterKeyInput {
  /** A public key you sign with locally… */
  publicJwk?: Jwk;
  /** …or have the API generate and hold one (custodial). */
  generate?: "Ed25519" | "ES256";
  notBefore?: string;
  notAfter?: string;
}
export interface SigningKey {
  keyIndex: number;
  orgId: string;
  kid: string;
  alg: string;
  publicJwk: Record<string, unknown>;
  custodial: boolean;
  notBefore: string;
  notAfter: string;
  revokedAt: string | null;
}

// ── batches ──────────────────────────────────────────────────────────────────
export interface CreateBatchInput {
  product: { name: string; category: ProductCategory };
  originRegion: string;
  quantity: number;
  unit: QuantityUnit;
  certificates?: string[];
  /** The code of the voucher this batch was bought with (the upstream link). */
  sourceVoucherCode?: string;
}
export interface Batch {
  code: string;
  orgId: string;
  parentCode: string | null;
  sourceVoucherCode: string | null;
  product: { name: string; category: string };
  originRegion: string;
  quantity: number;
  unit: string;
  certificates: unknown[];
  status: EntityStatus;
  statusReason: string | null;
  createdAt: string;
}
export interface SplitBatchInput {
  children: Array<{ quantity: number }>;
}
export interface TraceNode {
  batch: Batch;
  vouchers: Array<{ code: string; buyerOrgId: string | null; status: string }>;
  /** Child nodes (lots, buyers' batches), each a TraceNode. */
  children: Array<Record<string, unknown>>;
}
export interface BatchTrace {
  batch: Batch;
  upstream: Batch[];
  downstream: TraceNode;
}

// ── rapid tests and recalls ──────────────────────────────────────────────────
export interface RapidTestInput {
  /** A RapidTestItem code; a catalogue item (GET /rapid-test-items) may leave out method, standard and threshold. */
  item: string;
  method?: string;
  standard?: { code: string; title?: string };
  threshold?: { comparator: ThresholdComparator; value: number; unit: string; suspiciousFrom?: number };
  measured: RapidTestMeasurement;
  tester: { name: string; id?: string };
  testPoint: { id: string; name?: string };
  testedAt?: string;
  /** Further fields of a `@shian/schemas` RapidTestRecord (sample, notes…). */
  [field: string]: unknown;
}
export interface RapidTest {
  id: string;
  batchCode: string;
  orgId: string;
  item: string;
  outcome: string;
  record: Record<string, unknown>;
  testedAt: string;
}
export interface RecordedRapidTest {
  test: RapidTest;
  batchStatus: string;
  /** The lock-down a failed result opened. */
  lockdownId?: string;
}
export interface CreateRecallInput {
  reason: RecallReason;
  level: RecallLevel;
  note?: string;
}
export interface Recall {
  id: string;
  batchCode: string;
  orgId: string;
  reason: string;
  level: string;
  note: string | null;
  createdAt: string;
}

// ── vouchers ─────────────────────────────────────────────────────────────────
/** Have the API sign a voucher with the organisation's custodial key. */
export interface IssueVoucherInput {
  type?: VoucherType;
  batchCode?: string;
  buyerOrgId?: string;
  netWeightGrams?: number;
  quantity?: number;
  unitPriceFen?: number;
  expiresAt?: string;
  gtin?: string;
  lot?: string;
}
/** Register a voucher signed locally with the SDK (e.g. at a till). */
export interface RegisterVoucherInput {
  url: string;
  buyerOrgId?: string;
}
export interface Voucher {
  code: string;
  url: string;
  type: string;
  orgId: string;
  batchCode: string | null;
  buyerOrgId: string | null;
  keyIndex: number;
  claims: Record<string, unknown>;
  status: string;
  createdAt: string;
}
/** One line of a bulk request: an issue or a register body with its own idempotency key. */
export type BulkItem = (IssueVoucherInput | RegisterVoucherInput) & { idempotencyKey?: string };
/** One line of a bulk answer. `index` is the item's 0-based position in the whole input. */
export type BulkResult =
  | { index: number; line: number; idempotencyKey: string; ok: true; created: boolean; voucher: Voucher }
  | { index: number; line: number; idempotencyKey?: string; ok: false; error: { code: string; message: string } };

// ── public ───────────────────────────────────────────────────────────────────
export interface Health {
  ok: true;
  organisations: number;
}
/** A signed document (trust bundle or status list) with its ETag. */
export interface SignedDocument {
  jws: string;
  etag: string | undefined;
}
export type ScanState = "valid" | "invalid" | "suspended" | "recalled" | "revoked";
export interface ScanResult {
  state: ScanState;
  url: string;
  verification: VerificationResult;
  voucher?: Voucher;
  issuer?: { id: string; name: string; role: string };
  batch?: Batch;
  upstream: Batch[];
  tests: RapidTest[];
  recall?: Recall;
  [field: string]: unknown;
}
