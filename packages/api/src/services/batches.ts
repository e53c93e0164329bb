import { checkSplit, formatTraceCode, parseTraceCode, ProductCategory, QuantityUnit, RegionCode } from "@shian/schemas";
import { eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/database";
import { batches, vouchers } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import type { OrganisationService } from "./organisations";
import { mayActFor, type Principal, requireRole, requireScope } from "./principal";

export const SELLER_ROLES = ["wholesale-market", "wholesaler", "stall", "supermarket", "producer", "collector"] as const;

export const CreateBatch = z
  .object({
    product: z.object({ name: z.string().trim().min(1).max(100), category: ProductCategory }).strict(),
    originRegion: RegionCode,
    quantity: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    unit: QuantityUnit,
    certificates: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
    /** The code of the voucher this batch was bought with (upstream link). */
    sourceVoucherCode: z.string().max(64).optional(),
  })
  .strict();

export const SplitBatch = z
  .object({ children: z.array(z.object({ quantity: z.number().int().positive() }).strict()).min(1).max(1000) })
  .strict();

export type BatchRow = typeof batches.$inferSelect;

export interface BatchView {
  code: string;
  orgId: string;
  parentCode: string | null;
  sourceVoucherCode: string | null;
  product: { name: string; category: string };
  originRegion: string;
  quantity: number;
  unit: string;
  certificates: unknown[];
  status: string;
  statusReason: string | null;
  createdAt: string;
}

export const batchView = (row: BatchRow): BatchView => ({
  code: row.code,
  orgId: row.orgId,
  parentCode: row.parentCode,
  sourceVoucherCode: row.sourceVoucherCode,
  product: { name: row.productName, category: row.productCategory },
  originRegion: row.originRegion,
  quantity: row.quantity,
  unit: row.unit,
  certificates: row.certificates,
  status: row.status,
  statusReason: row.statusReason,
  createdAt: row.createdAt,
});

export interface TraceNode {
  batch: BatchView;
  vouchers: Array<{ code: string; buyerOrgId: string | null; status: string }>;
  children: TraceNode[];
}

export class BatchService {
  constructor(
    private readonly db: Database,
    private readonly orgs: OrganisationService,
    private readonly now: () => Date,
  ) {}

  async create(principal: Principal, input: unknown): Promise<BatchView> {
    requireScope(principal, "batches:write");
    requireRole(principal, SELLER_ROLES, "create batches");
    const body = CreateBatch.parse(input);
    if (body.sourceVoucherCode) {
      const source = await this.db.select({ code: vouchers.code }).from(vouchers).where(eq(vouchers.code, body.sourceVoucherCode)).get();
      if (!source) throw new ApiError("invalid-request", `no voucher ${body.sourceVoucherCode} to link as the source`);
    }
    const serial = await this.orgs.reserveSerials(principal.orgId, 1);
    const row = await this.db
      .insert(batches)
      .values({
        code: formatTraceCode({ namespace: principal.namespace, serial }),
        orgId: principal.orgId,
        namespace: principal.namespace,
        serial,
        sourceVoucherCode: body.sourceVoucherCode ?? null,
        productName: body.product.name,
        productCategory: body.product.category,
        originRegion: body.originRegion,
        quantity: body.quantity,
        unit: body.unit,
        certificates: body.certificates,
        createdAt: this.now().toISOString(),
      })
      .returning()
      .get();
    return batchView(row);
  }

  async find(code: string): Promise<BatchRow | undefined> {
    const parsed = parseTraceCode(code);
    if (!parsed.ok) return undefined;
    return this.db.select().from(batches).where(eq(batches.code, parsed.canonical)).get();
  }

  /** A batch the caller may see or act on; 404 when missing, 403 when another organisation's. */
  async getFor(principal: Principal, code: string): Promise<BatchRow> {
    const row = await this.find(code);
    if (!row) throw new ApiError("not-found", `no batch ${code}`);
    const owner = await this.orgs.get(row.orgId);
    if (!mayActFor(principal, owner)) throw new ApiError("forbidden", "this batch belongs to another organisation");
    return row;
  }

  /** Splits a valid batch into child lots whose quantities add up exactly; only once. */
  async split(principal: Principal, code: string, input: unknown): Promise<BatchView[]> {
    requireScope(principal, "batches:write");
    const parent = await this.getFor(principal, code);
    if (parent.orgId !== principal.orgId) throw new ApiError("forbidden", "only the owner may split a batch");
    const { children } = SplitBatch.parse(input);
    const check = checkSplit(parent.quantity, children.map((child) => child.quantity));
    if (!check.ok) throw new ApiError("invalid-request", `child quantities must add up to ${parent.quantity} ${parent.unit}: ${check.errors.join("; ") || `difference ${check.difference}`}`);
    if (parent.status !== "valid") throw new ApiError("conflict", `batch ${parent.code} is ${parent.status} and cannot be split`);
    const first = await this.orgs.reserveSerials(principal.orgId, children.length);
    const now = this.now().toISOString();
    const rows = children.map((child, i) => ({
      ...parent,
      code: formatTraceCode({ namespace: parent.namespace, serial: first + i }),
      serial: first + i,
      parentCode: parent.code,
      sourceVoucherCode: null,
      quantity: child.quantity,
      status: "valid",
      statusReason: null,
      createdAt: now,
    }));
    // The first insert carries the guard, in the same statement: a parent that gained children
    // or lost its valid status since it was read is not split. The others follow the first.
    const fresh = sql`(SELECT COUNT(*) FROM batches WHERE parent_code = ${parent.code}) = 0 AND (SELECT status FROM batches WHERE code = ${parent.code}) = 'valid'`;
    const followsFirst = sql`EXISTS (SELECT 1 FROM batches WHERE code = ${rows[0]!.code})`;
    const [firstInsert, ...rest] = rows.map((row, i) =>
      this.db.run(sql`INSERT INTO batches (code, org_id, namespace, serial, parent_code, source_voucher_code, product_name, product_category, origin_region, quantity, unit, certificates, status, status_reason, created_at)
        SELECT ${row.code}, ${row.orgId}, ${row.namespace}, ${row.serial}, ${row.parentCode}, NULL, ${row.productName}, ${row.productCategory}, ${row.originRegion}, ${row.quantity}, ${row.unit}, ${JSON.stringify(row.certificates)}, 'valid', NULL, ${row.createdAt}
        WHERE ${i === 0 ? fresh : followsFirst}`),
    );
    const results = await this.db.batch([firstInsert!, ...rest]);
    if (results[0].rowsAffected === 0) throw new ApiError("conflict", `batch ${parent.code} was already split or is no longer valid`);
    return (await this.db.select().from(batches).where(eq(batches.parentCode, parent.code)).orderBy(batches.serial).all()).map(batchView);
  }

  /** Upstream: parent lots, then the seller's batch behind the source voucher, recursively. */
  async upstream(code: string): Promise<BatchView[]> {
    const chain: BatchView[] = [];
    const seen = new Set<string>();
    let current = await this.find(code);
    while (current && !seen.has(current.code) && chain.length < 100) {
      seen.add(current.code);
      chain.push(batchView(current));
      if (current.parentCode) current = await this.find(current.parentCode);
      else if (current.sourceVoucherCode) {
        const voucher = await this.db.select({ batchCode: vouchers.batchCode }).from(vouchers).where(eq(vouchers.code, current.sourceVoucherCode)).get();
        current = voucher?.batchCode ? await this.find(voucher.batchCode) : undefined;
      } else current = undefined;
    }
    return chain.slice(1);
  }

  /** Downstream: split lots, vouchers sold from each lot, and buyers' batches made from them. */
  async downstream(code: string, depth = 0): Promise<TraceNode | undefined> {
    const row = await this.find(code);
    if (!row || depth > 20) return undefined;
    const sold = await this.db.select({ code: vouchers.code, buyerOrgId: vouchers.buyerOrgId, status: vouchers.status }).from(vouchers).where(eq(vouchers.batchCode, row.code)).limit(1000).all();
    const childRows = await this.db.select({ code: batches.code }).from(batches).where(eq(batches.parentCode, row.code)).all();
    const soldCodes = sold.map((voucher) => voucher.code);
    const bought = soldCodes.length ? await this.db.select({ code: batches.code }).from(batches).where(inArray(batches.sourceVoucherCode, soldCodes.slice(0, 500))).all() : [];
    const children: TraceNode[] = [];
    for (const child of [...childRows, ...bought]) {
      const node = await this.downstream(child.code, depth + 1);
      if (node) children.push(node);
    }
    return { batch: batchView(row), vouchers: sold, children };
  }
}
