import { eq } from "drizzle-orm";
import type { Database } from "../../db/database";
import { merchantProfiles, organisations } from "../../db/schema/index";
import { chinaDay } from "../../lib/china-time";
import type { HistoryEvent } from "../supply-chain/events";
import { type Cte, emptyRow, type FsmaRow } from "./columns";

/** Roles whose origin batches are goods they grew or gathered and packed: an initial packing. */
const PACKER_ROLES = new Set(["producer", "collector"]);
/** Organisation descriptions kept while one export runs. */
const MAX_CACHED_ORGS = 10_000;

/**
 * Location descriptions (business name, address and phone, as 21 CFR 1.1310 defines a
 * location description) for organisations, from their profile (一户一档) when they have one.
 */
export class OrgDescriptions {
  private readonly cache = new Map<string, { description: string; role: string }>();

  constructor(private readonly db: Database) {}

  async of(orgId: string | null): Promise<{ description: string; role: string } | null> {
    if (!orgId) return null;
    const hit = this.cache.get(orgId);
    if (hit) return hit;
    const row = await this.db
      .select({ name: organisations.name, role: organisations.role, region: organisations.region, address: merchantProfiles.address, phone: merchantProfiles.phone, profileRegion: merchantProfiles.region })
      .from(organisations)
      .leftJoin(merchantProfiles, eq(merchantProfiles.orgId, organisations.id))
      .where(eq(organisations.id, orgId))
      .get();
    if (!row) return null;
    const region = row.profileRegion ?? row.region;
    const parts = [row.name, row.address, region ? `region ${region}` : null, row.phone ? `tel ${row.phone}` : null].filter(Boolean);
    const value = { description: parts.join(", "), role: row.role };
    if (this.cache.size >= MAX_CACHED_ORGS) this.cache.clear();
    this.cache.set(orgId, value);
    return value;
  }
}

const base = (cte: Cte, id: string, time: string): FsmaRow => ({ ...emptyRow(), "Critical Tracking Event (CTE)": cte, "Event ID": id, "Event Date": chinaDay(time), "Event Time (UTC)": time });

/**
 * The FSMA rows of one history event of `orgId` (see the API README for the mapping): an
 * origin batch is an initial packing (producers, collectors) or a receiving (others enter
 * goods on arrival); a sale voucher a shipping; a purchase record a receiving; a split a
 * transformation, one row per new lot. Tests, suspensions and recalls are not CTEs.
 */
export async function rowsOf(event: HistoryEvent, orgs: OrgDescriptions): Promise<FsmaRow[]> {
  switch (event.type) {
    case "batch-created": {
      // A buyer's batch made on receipt: its purchase record is the receiving row.
      if (event.sourceVoucherCode) return [];
      const owner = await orgs.of(event.orgId);
      const packing = owner !== null && PACKER_ROLES.has(owner.role);
      const row = base(packing ? "Initial Packing" : "Receiving", event.id, event.at);
      Object.assign(row, {
        "Traceability Lot Code (TLC)": event.lot ?? event.batchCode,
        "TLC Source Location Description": owner?.description ?? null,
        "TLC Source Reference": `trace code ${event.batchCode}`,
        "Product Description": `${event.product.name} (${event.product.category})`,
        Quantity: event.quantity.value,
        "Unit of Measure": event.quantity.unit,
        "Harvest Location Description": packing ? `origin region ${event.originRegion} (GB/T 2260)` : null,
        "Initial Packing Location Description": packing ? (owner?.description ?? null) : null,
        "Location Description for Immediate Previous Source": packing ? null : `origin region ${event.originRegion} (GB/T 2260); supplier not recorded`,
        "Receiving Location Description": packing ? null : (owner?.description ?? null),
        "Reference Document Type": "batch record",
        "Reference Document Number": event.batchCode,
        GTIN: event.gtin,
      } satisfies Partial<FsmaRow>);
      return [row];
    }
    case "split": {
      const owner = await orgs.of(event.orgId);
      return event.children.map((child) => ({
        ...base("Transformation", event.id, event.at),
        "Traceability Lot Code (TLC)": child.code,
        "TLC Source Location Description": owner?.description ?? null,
        "TLC Source Reference": `trace code ${child.code}`,
        "Product Description": `${event.product.name} (${event.product.category})`,
        Quantity: child.quantity.value,
        "Unit of Measure": child.quantity.unit,
        "Transformation Location Description": owner?.description ?? null,
        "Input Traceability Lot Code(s)": event.batchCode,
        "Reference Document Type": "split record",
        "Reference Document Number": event.batchCode,
      }));
    }
    case "voucher-issued": {
      if (event.voucherType !== "sale") return [];
      const seller = await orgs.of(event.orgId);
      const buyer = await orgs.of(event.buyerOrgId);
      return [
        {
          ...base("Shipping", event.id, event.issuedAt ?? event.at),
          "Traceability Lot Code (TLC)": event.lot ?? event.batchCode,
          "TLC Source Location Description": seller?.description ?? null,
          "TLC Source Reference": `trace code ${event.batchCode}`,
          "Product Description": event.product ? `${event.product.name} (${event.product.category})` : null,
          Quantity: event.quantity?.value ?? null,
          "Unit of Measure": event.quantity?.unit ?? null,
          "Ship-From Location Description": seller?.description ?? null,
          "Ship-To Location Description": buyer?.description ?? null,
          "Reference Document Type": "sale voucher",
          "Reference Document Number": event.voucherCode,
          GTIN: event.gtin,
        },
      ];
    }
    case "receipt": {
      const buyer = await orgs.of(event.orgId);
      const seller = await orgs.of(event.sellerOrgId);
      const row = base("Receiving", event.id, event.at);
      Object.assign(row, {
        "Event Date": event.purchaseDate,
        "Traceability Lot Code (TLC)": event.batchNumber ?? event.sourceBatchCode ?? event.receivedBatchCode,
        "TLC Source Location Description": seller?.description ?? null,
        "TLC Source Reference": event.sourceBatchCode ? `trace code ${event.sourceBatchCode}` : null,
        "Product Description": event.productName,
        Quantity: event.quantity.value,
        "Unit of Measure": event.quantity.unit,
        "Location Description for Immediate Previous Source": seller?.description ?? event.supplierName,
        "Receiving Location Description": buyer?.description ?? null,
        "Reference Document Type": event.sourceVoucherCode ? "sale voucher" : "purchase record",
        "Reference Document Number": event.sourceVoucherCode ?? event.recordId,
      } satisfies Partial<FsmaRow>);
      return [row];
    }
    default:
      return [];
  }
}
