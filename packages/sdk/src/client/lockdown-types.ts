/** Rapid-test catalogue, test points, test-before-sale, lock-downs and webhooks (issue 7). */

export interface RapidTestCatalogueItem {
  code: string;
  name: { "zh-CN": string; en: string };
  category: string;
  method: string;
  readout: "quantitative" | "qualitative";
  standard: { code: string; title?: string };
  threshold: { comparator: "gte" | "gt" | "lte" | "lt"; value: number; unit: string; suspiciousFrom?: number };
  matrices: string[];
}

export interface CreateTestPointInput {
  name: string;
  kind: "market-lab" | "canteen" | "mobile-lab";
  /** GB/T 2260 region code. */
  region: string;
  address?: string;
  operators: Array<{ id: string; name: string }>;
}

export interface TestPoint {
  id: string;
  orgId: string;
  name: string;
  kind: string;
  region: string;
  address: string | null;
  operators: Array<{ id: string; name: string }>;
  createdAt: string;
}

export interface TestBeforeSalePolicy {
  marketOrgId: string;
  enabled: boolean;
  updatedAt: string | null;
}

export interface LockdownHolder {
  orgId: string;
  name: string;
  role: string;
  batches: number;
  purchaseRecords: Array<{ id: string; productName: string; quantity: number; unit: string; purchaseDate: string; sourceVoucherCode: string | null; receivedBatchCode: string | null }>;
}

export interface LockdownSummary {
  id: string;
  batchCode: string;
  testId: string;
  orgId: string;
  /** open | confirmed | cleared */
  state: string;
  descendants: number;
  recallId: string | null;
  resolvedByOrgId: string | null;
  resolvedAt: string | null;
  note: string | null;
  createdAt: string;
}

export interface Lockdown extends LockdownSummary {
  holders: LockdownHolder[];
}

export interface ConfirmLockdownInput {
  reason?: "test-failed" | "contamination" | "illegal-additive" | "labelling-error" | "foodborne-illness" | "other";
  level?: "level-1" | "level-2" | "level-3";
  note?: string;
}

export type WebhookEventType = "lockdown.opened" | "lockdown.confirmed" | "lockdown.cleared";

export interface WebhookEndpoint {
  id: string;
  orgId: string;
  url: string;
  events: string[];
  createdAt: string;
}

export interface WebhookDelivery {
  /** The Shian-Delivery header of every attempt. */
  id: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  /** pending | delivered | failed | cancelled */
  state: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  log: Array<{ attempt: number; startedAt: string; statusCode: number | null; error: string | null; durationMs: number; nextAttemptAt: string | null }>;
}
