/**
 * A batch's history as typed domain events, the input of the EPCIS builder. They carry only
 * what the export needs; times are ISO 8601 strings.
 */

/** A lot: our trace code, and the GTIN + lot (AI 01 + 10) when a voucher of it carries them. */
export interface LotRef {
  code: string;
  gtin?: string | null;
  lot?: string | null;
}

export interface QuantityOf {
  value: number;
  unit: string;
}

export type TraceEvent =
  | { kind: "batch-created"; at: string; lot: LotRef; orgId: string; quantity: QuantityOf; productName: string; productCategory: string; originRegion: string; sourceVoucherUrl?: string | null }
  | { kind: "split"; at: string; orgId: string; input: LotRef & { quantity: QuantityOf }; outputs: Array<LotRef & { quantity: QuantityOf }> }
  | { kind: "rapid-test"; at: string; orgId: string; lot: LotRef; quantity: QuantityOf; testId: string; item: string; outcome: string; measurement?: { value?: number; unit?: string; reading?: string } | null; method?: string | null }
  | { kind: "sale-voucher"; at: string; orgId: string; lot: LotRef; voucherUrl: string; buyerOrgId?: string | null; quantity?: QuantityOf | null }
  | { kind: "receipt"; at: string; buyerOrgId: string; sellerOrgId?: string | null; lot: LotRef; voucherUrl?: string | null; quantity: QuantityOf; receivedLot?: LotRef | null }
  | { kind: "recall"; at: string; orgId: string; lot: LotRef; quantity: QuantityOf; reason: string; level: string }
  | { kind: "suspension"; at: string; orgId: string; lot: LotRef; quantity: QuantityOf; reason: string }
  /** A suspension lifted (a failed test's lock-down cleared): the goods are sellable again. */
  | { kind: "resume"; at: string; orgId: string; lot: LotRef; quantity: QuantityOf; testId: string; note?: string | null };

export type TraceEventKind = TraceEvent["kind"];
