/**
 * The supply-chain event history: typed domain events read from the tables the API already
 * writes (batches, vouchers, rapid tests, purchase records, recalls). Nothing here is stored
 * separately; exports (EPCIS 2.0, FSMA 204) map these events to their own vocabularies.
 *
 * Event types:
 * - `batch-created`: a batch (lot) entered at its origin, or a buyer's batch made on receipt
 *   (`sourceVoucherCode` set). Split lots do not get one: their `split` event names them.
 * - `split`: a batch divided into child lots whose quantities add up to the parent's.
 * - `rapid-test`: a rapid-test result (快检) on a batch; `testedAt` is when the sample was tested.
 * - `suspension`: the batch and everything downstream suspended by a failed rapid test (the
 *   only way the API suspends goods).
 * - `voucher-issued`: a voucher of a batch: a sale voucher (销售凭证) when goods leave the seller.
 * - `receipt`: a buyer's purchase record (进货台账 line), from a scanned voucher or by hand.
 * - `recall`: a batch recalled, with everything downstream of it.
 * - `resume`: a failed test's lock-down cleared, so the goods it suspended are valid again (a
 *   confirmed lock-down is a recall instead).
 *
 * Every event has `at`, the server time it was recorded (UTC, ISO 8601), which orders the
 * history, and `orgId`, the organisation that acted (owner, tester, seller, buyer, recaller).
 */
/** In rank order: the order of events recorded at the same time. Append only (cursors hold ranks). */
export const EVENT_TYPES = ["batch-created", "split", "rapid-test", "suspension", "voucher-issued", "receipt", "recall", "resume"] as const;
export type HistoryEventType = (typeof EVENT_TYPES)[number];

export interface Quantity {
  /** In the batch's smallest unit (grams for weight, pieces for counted goods). */
  value: number;
  unit: string;
}

interface EventBase {
  /** Unique per type: batch code, parent code, test id, voucher code, record id or recall id. */
  id: string;
  at: string;
  orgId: string;
  /** The batch the event is about (for a receipt: the buyer's batch if one was made, else the seller's). */
  batchCode: string | null;
}

export interface BatchCreatedEvent extends EventBase {
  type: "batch-created";
  batchCode: string;
  product: { name: string; category: string };
  originRegion: string;
  quantity: Quantity;
  /** GTIN and lot (GS1 AI 10) from the batch's first voucher carrying them, if any. */
  gtin: string | null;
  lot: string | null;
  /** The purchase voucher a buyer's batch was made from. */
  sourceVoucherCode: string | null;
  certificates: unknown[];
}

export interface SplitEvent extends EventBase {
  type: "split";
  batchCode: string;
  product: { name: string; category: string };
  children: Array<{ code: string; quantity: Quantity }>;
}

export interface RapidTestEvent extends EventBase {
  type: "rapid-test";
  batchCode: string;
  testId: string;
  item: string;
  outcome: string;
  testedAt: string;
  method: string | null;
  testPoint: { id: string; name?: string } | null;
  /** The whole stored record (standard, threshold, measurement, tester). */
  record: Record<string, unknown>;
}

export interface SuspensionEvent extends EventBase {
  type: "suspension";
  batchCode: string;
  testId: string;
  reason: string;
}

export interface VoucherIssuedEvent extends EventBase {
  type: "voucher-issued";
  batchCode: string;
  voucherCode: string;
  /** sale | batch | certificate */
  voucherType: string;
  url: string;
  buyerOrgId: string | null;
  issuedAt: string | null;
  quantity: Quantity | null;
  product: { name: string; category: string } | null;
  gtin: string | null;
  lot: string | null;
}

export interface ReceiptEvent extends EventBase {
  type: "receipt";
  recordId: string;
  /** voucher | manual */
  source: string;
  sellerOrgId: string | null;
  supplierName: string;
  sourceVoucherCode: string | null;
  sourceBatchCode: string | null;
  receivedBatchCode: string | null;
  productName: string;
  quantity: Quantity;
  /** The purchase date (YYYY-MM-DD, China time) on the record. */
  purchaseDate: string;
  batchNumber: string | null;
}

export interface RecallEvent extends EventBase {
  type: "recall";
  batchCode: string;
  recallId: string;
  reason: string;
  level: string;
  note: string | null;
}

export interface ResumeEvent extends EventBase {
  type: "resume";
  batchCode: string;
  lockdownId: string;
  /** The failed test whose suspension ends. */
  testId: string;
  note: string | null;
}

export type HistoryEvent = BatchCreatedEvent | SplitEvent | RapidTestEvent | SuspensionEvent | VoucherIssuedEvent | ReceiptEvent | RecallEvent | ResumeEvent;

/** Position in the total order of the history: (at, type rank, id). */
export const rankOf = (type: HistoryEventType) => EVENT_TYPES.indexOf(type);
