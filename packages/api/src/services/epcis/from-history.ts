import type { LotRef, QuantityOf, TraceEvent } from "@shian/schemas";
import { sql } from "drizzle-orm";
import type { Database } from "../../db/database";
import type { HistoryEvent } from "../supply-chain/events";

/**
 * Turns the supply-chain history (services/supply-chain) into the EPCIS builder's trace events.
 * A lot is named by the GTIN + lot of its first voucher carrying both (else by our batch URL),
 * the same in every event; quantities and voucher URLs the history does not carry on an event
 * are looked up once per lot or voucher and remembered.
 * Vouchers other than sale vouchers (batch labels, 合格证) are not EPCIS business transactions
 * and yield no event.
 */
export class HistoryToTraceEvents {
  private readonly lots = new Map<string, LotRef>();
  private readonly quantities = new Map<string, QuantityOf>();
  private readonly voucherUrls = new Map<string, string>();

  constructor(private readonly db: Database) {}

  /** The lot with the GTIN + lot of its first voucher carrying both, so each lot has one EPC class throughout. */
  private async lot(code: string): Promise<LotRef> {
    const known = this.lots.get(code);
    if (known) return known;
    const [row] = await this.db.all<{ gtin: string | null; lot: string | null }>(sql`SELECT json_extract(claims, '$.gtin') AS gtin, json_extract(claims, '$.lot') AS lot FROM vouchers
      WHERE batch_code = ${code} AND json_extract(claims, '$.gtin') IS NOT NULL AND json_extract(claims, '$.lot') IS NOT NULL ORDER BY created_at, code LIMIT 1`);
    const ref: LotRef = row?.gtin && row.lot ? { code, gtin: String(row.gtin), lot: String(row.lot) } : { code };
    this.lots.set(code, ref);
    return ref;
  }

  private remember(code: string, gtin: string | null, lot: string | null, quantity?: QuantityOf | null) {
    if (gtin && lot && !this.lots.has(code)) this.lots.set(code, { code, gtin, lot });
    if (quantity && !this.quantities.has(code)) this.quantities.set(code, quantity);
  }

  private async quantity(code: string): Promise<QuantityOf> {
    const known = this.quantities.get(code);
    if (known) return known;
    const [row] = await this.db.all<{ quantity: number; unit: string }>(sql`SELECT quantity, unit FROM batches WHERE code = ${code}`);
    const quantity = row ? { value: Number(row.quantity), unit: String(row.unit) } : { value: 1, unit: "piece" };
    this.quantities.set(code, quantity);
    return quantity;
  }

  private async voucherUrl(code: string | null): Promise<string | null> {
    if (!code) return null;
    const known = this.voucherUrls.get(code);
    if (known) return known;
    const [row] = await this.db.all<{ url: string }>(sql`SELECT url FROM vouchers WHERE code = ${code}`);
    if (row) this.voucherUrls.set(code, String(row.url));
    return row ? String(row.url) : null;
  }

  /** The trace event of one history event, or undefined when it has none. */
  async convert(event: HistoryEvent): Promise<TraceEvent | undefined> {
    const at = event.at;
    switch (event.type) {
      case "batch-created":
        this.remember(event.batchCode, event.gtin, event.lot, event.quantity);
        return {
          kind: "batch-created",
          at,
          lot: await this.lot(event.batchCode),
          orgId: event.orgId,
          quantity: event.quantity,
          productName: event.product.name,
          productCategory: event.product.category,
          originRegion: event.originRegion,
          sourceVoucherUrl: await this.voucherUrl(event.sourceVoucherCode),
        };
      case "split": {
        for (const child of event.children) this.remember(child.code, null, null, child.quantity);
        const unit = event.children[0]?.quantity.unit ?? (await this.quantity(event.batchCode)).unit;
        const total = event.children.reduce((sum, child) => sum + child.quantity.value, 0);
        return { kind: "split", at, orgId: event.orgId, input: { ...(await this.lot(event.batchCode)), quantity: { value: total, unit } }, outputs: await Promise.all(event.children.map(async (child) => ({ ...(await this.lot(child.code)), quantity: child.quantity }))) };
      }
      case "rapid-test": {
        const measured = (event.record.measured ?? event.record.measurement) as { kind?: string; value?: number; reading?: string } | undefined;
        const threshold = event.record.threshold as { unit?: string } | undefined;
        const measurement = measured?.kind === "value" && typeof measured.value === "number" ? { value: measured.value, ...(threshold?.unit ? { unit: threshold.unit } : {}) } : measured?.reading ? { reading: measured.reading } : null;
        return { kind: "rapid-test", at: event.testedAt || at, orgId: event.orgId, lot: await this.lot(event.batchCode), quantity: await this.quantity(event.batchCode), testId: event.testId, item: event.item, outcome: event.outcome, measurement, method: event.method };
      }
      case "suspension":
        return { kind: "suspension", at, orgId: event.orgId, lot: await this.lot(event.batchCode), quantity: await this.quantity(event.batchCode), reason: event.reason };
      case "voucher-issued":
        this.voucherUrls.set(event.voucherCode, event.url);
        this.remember(event.batchCode, event.gtin, event.lot);
        if (event.voucherType !== "sale") return undefined;
        return { kind: "sale-voucher", at, orgId: event.orgId, lot: await this.lot(event.batchCode), voucherUrl: event.url, buyerOrgId: event.buyerOrgId, quantity: event.quantity };
      case "receipt": {
        const lotCode = event.sourceBatchCode ?? event.receivedBatchCode ?? event.batchCode;
        if (!lotCode) return undefined;
        return {
          kind: "receipt",
          at,
          buyerOrgId: event.orgId,
          sellerOrgId: event.sellerOrgId,
          lot: await this.lot(lotCode),
          voucherUrl: await this.voucherUrl(event.sourceVoucherCode),
          quantity: event.quantity,
          receivedLot: event.receivedBatchCode && event.receivedBatchCode !== lotCode ? await this.lot(event.receivedBatchCode) : null,
        };
      }
      case "resume":
        return { kind: "resume", at, orgId: event.orgId, lot: await this.lot(event.batchCode), quantity: await this.quantity(event.batchCode), testId: event.testId, note: event.note };
      case "recall":
        return { kind: "recall", at, orgId: event.orgId, lot: await this.lot(event.batchCode), quantity: await this.quantity(event.batchCode), reason: event.reason, level: event.level };
    }
  }
}

/** Pages of trace events from a history stream, `pageSize` events each. */
export async function* traceEventPages(history: AsyncIterable<HistoryEvent>, converter: HistoryToTraceEvents, pageSize = 500): AsyncGenerator<TraceEvent[]> {
  let page: TraceEvent[] = [];
  for await (const event of history) {
    const trace = await converter.convert(event);
    if (!trace) continue;
    page.push(trace);
    if (page.length >= pageSize) {
      yield page;
      page = [];
    }
  }
  if (page.length) yield page;
}
