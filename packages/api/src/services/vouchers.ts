import { Gtin, formatTraceCode, parseTraceCode, type VoucherClaimsInput, VoucherType } from "@shian/schemas";
import { decodeVoucher, isShianError, MAX_STATUS_ENTRIES, rolesMayIssue, signVoucher, type IssuerRole } from "@shian/sdk";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { type AppConfig, voucherBaseUrl } from "../config";
import type { Database } from "../db/database";
import { batches, rapidTests, vouchers } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import { selectInChunks } from "../lib/chunked";
import type { BatchRow } from "./batches";
import type { OrganisationService } from "./organisations";
import { type Principal, requireScope } from "./principal";
import type { SigningKeyService } from "./signing-keys";
import type { ScanCache } from "./scan-cache";
import { parseBulkItem } from "./bulk-item";
import { insertVoucherRows } from "./voucher-insert";
import { readVersion, STATUS_EPOCH } from "./versions";
import type { TestBeforeSale } from "./test-before-sale";
import type { TrustService } from "./trust";

const Time = z.iso.datetime({ offset: true });
const IdempotencyKey = z.string().min(1).max(128);

/** Ask the API to sign with the organisation's custodial key… */
export const IssueVoucher = z
  .object({
    type: VoucherType.default("sale"),
    batchCode: z.string().max(64).optional(),
    buyerOrgId: z.string().max(64).optional(),
    netWeightGrams: z.number().int().min(0).max(1_000_000_000).optional(),
    quantity: z.number().int().min(0).max(1_000_000_000).optional(),
    unitPriceFen: z.number().int().min(0).max(1_000_000_000).optional(),
    expiresAt: Time.optional(),
    gtin: Gtin.optional(),
    lot: z.string().max(20).optional(),
  })
  .strict();
/** …or register a voucher signed locally with the SDK. */
export const RegisterVoucher = z.object({ url: z.string().max(2048), buyerOrgId: z.string().max(64).optional() }).strict();
export const VoucherRequest = z.union([RegisterVoucher, IssueVoucher]);
export const BulkItem = z.intersection(z.object({ idempotencyKey: IdempotencyKey }), z.record(z.string(), z.unknown()));

export type VoucherRow = typeof vouchers.$inferSelect;
export interface VoucherView {
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
export const voucherView = (row: VoucherRow): VoucherView => ({
  code: row.code,
  url: row.url,
  type: row.type,
  orgId: row.orgId,
  batchCode: row.batchCode,
  buyerOrgId: row.buyerOrgId,
  keyIndex: row.keyIndex,
  claims: row.claims,
  status: row.status,
  createdAt: row.createdAt,
});

export type BulkLine =
  | { line: number; idempotencyKey: string; ok: true; created: boolean; voucher: VoucherView }
  | { line: number; idempotencyKey?: string; ok: false; error: { code: string; message: string } };

type Prepared = { row: typeof vouchers.$inferInsert };
type ChunkItem = { line: number; key: string; body: z.infer<typeof VoucherRequest> };
/** A bulk chunk parsed, looked up and signed, waiting for its transaction. */
interface PreparedChunk {
  chunk: Array<{ line: number; text: string }>;
  out: Map<number, BulkLine>;
  items: ChunkItem[];
  existing: Map<string, VoucherRow>;
  fresh: ChunkItem[];
  registered: ChunkItem[];
  prepared: Map<number, Prepared>;
}

export class VoucherService {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly orgs: OrganisationService,
    private readonly keys: SigningKeyService,
    private readonly trust: TrustService,
    private readonly scanCache: ScanCache,
    private readonly now: () => Date,
    /** 入场批批检: refuses batches whose market requires a passing rapid test first. */
    private readonly testBeforeSale?: TestBeforeSale,
  ) {}

  async issue(principal: Principal, input: unknown): Promise<VoucherView> {
    requireScope(principal, "vouchers:write");
    const body = VoucherRequest.parse(input);
    const [prepared] = "url" in body ? [await this.prepareRegistered(principal, body)] : await this.prepareSigned(principal, [body]);
    if (prepared instanceof Error) throw prepared;
    const insert = this.db.insert(vouchers).values(prepared!.row);
    const epoch = await this.epochBeforeWrite();
    try {
      // A registered voucher's serial was chosen by the issuer: the counter moves past it in the same transaction.
      if ("url" in body) await this.db.batch([insert, this.advanceCounter(principal, [prepared!.row])!]);
      else await insert;
    } catch (error) {
      const clash = await this.db.select({ code: vouchers.code }).from(vouchers).where(eq(vouchers.code, prepared!.row.code)).get();
      if (clash || (await this.findByDigits(prepared!.row.digits))) throw new ApiError("conflict", `voucher ${prepared!.row.code} is already registered`);
      throw error;
    }
    this.scanCache.remember(prepared!.row as VoucherRow, epoch);
    return voucherView(prepared!.row as VoucherRow);
  }

  /**
   * Bulk issue: NDJSON items (each with its own idempotencyKey), written one transaction per
   * chunk. An item whose key was already used returns the stored voucher, so a retried
   * request creates each voucher exactly once.
   *
   * Chunks are pipelined: chunk n+1 is parsed, looked up and its signatures started (on Node
   * they run on the crypto thread pool) before chunk n is written, so signing and writing
   * overlap. A key that chunk n stores after chunk n+1 looked it up is found by n+1's INSERT
   * (which does nothing for it) and answered with the stored voucher, as for a concurrent
   * request.
   */
  async *bulk(principal: Principal, lines: AsyncIterable<string>): AsyncGenerator<BulkLine> {
    requireScope(principal, "vouchers:write");
    let chunk: Array<{ line: number; text: string }> = [];
    let lineNumber = 0;
    type Started = { prepared: Promise<PreparedChunk>; signing: Promise<void> };
    let ahead: Started | undefined;
    const start = (lines: Array<{ line: number; text: string }>): Started => {
      let signing!: () => void;
      const started = new Promise<void>((resolve) => (signing = resolve));
      const prepared = this.prepareChunk(principal, lines, signing).finally(signing);
      prepared.catch(() => {}); // awaited in its turn; until then a failure must not go unhandled
      return { prepared, signing: started };
    };
    /**
     * Starts preparing `next`, then writes the chunk prepared before it once `next`'s
     * signatures are under way (else the write, synchronous on an embedded database, would
     * run first and nothing would overlap).
     */
    const advance = async (next: Started | undefined): Promise<BulkLine[]> => {
      const before = ahead;
      ahead = next;
      if (!before) return [];
      if (next) await next.signing;
      return this.commitChunk(principal, await before.prepared);
    };
    for await (const text of lines) {
      lineNumber++;
      if (text.trim() === "") continue;
      chunk.push({ line: lineNumber, text });
      if (chunk.length >= this.config.bulkChunkSize) {
        yield* await advance(start(chunk));
        chunk = [];
      }
    }
    if (chunk.length > 0) yield* await advance(start(chunk));
    yield* await advance(undefined);
  }

  /** Parses a chunk's lines, finds keys already stored, and signs the rest; `signing` is called once the signatures are started. */
  private async prepareChunk(principal: Principal, chunk: Array<{ line: number; text: string }>, signing: () => void): Promise<PreparedChunk> {
    const out = new Map<number, BulkLine>();
    const items: ChunkItem[] = [];
    const seenKeys = new Set<string>();
    for (const { line, text } of chunk) {
      try {
        const { key, body } = parseBulkItem(JSON.parse(text));
        if (seenKeys.has(key)) throw new ApiError("invalid-request", `idempotencyKey ${key} appears twice in one chunk`);
        seenKeys.add(key);
        items.push({ line, key, body: body() });
      } catch (error) {
        out.set(line, { line, ok: false, error: describe(error) });
      }
    }
    const keys = items.map((item) => item.key);
    const existing = keys.length ? await this.byIdempotencyKeys(principal.orgId, keys) : new Map<string, VoucherRow>();
    const fresh = items.filter((item) => !existing.has(item.key));
    const signed = fresh.filter((item) => !("url" in item.body));
    const registered = fresh.filter((item) => "url" in item.body);
    const prepared = new Map<number, Prepared>();
    try {
      const rows = await this.prepareSigned(principal, signed.map((item) => item.body as z.infer<typeof IssueVoucher>), signing);
      signed.forEach((item, i) => {
        const row = rows[i]!;
        if (row instanceof Error) out.set(item.line, { line: item.line, idempotencyKey: item.key, ok: false, error: describe(row) });
        else prepared.set(item.line, row);
      });
    } catch (error) {
      for (const item of signed) out.set(item.line, { line: item.line, idempotencyKey: item.key, ok: false, error: describe(error) });
    }
    for (const item of registered) {
      try {
        prepared.set(item.line, await this.prepareRegistered(principal, item.body as z.infer<typeof RegisterVoucher>));
      } catch (error) {
        out.set(item.line, { line: item.line, idempotencyKey: item.key, ok: false, error: describe(error) });
      }
    }
    return { chunk, out, items, existing, fresh, registered, prepared };
  }

  /** Writes a prepared chunk in one transaction and answers each of its lines. */
  private async commitChunk(principal: Principal, { chunk, out, items, existing, fresh, registered, prepared }: PreparedChunk): Promise<BulkLine[]> {
    const toInsert = fresh.filter((item) => prepared.has(item.line)).map((item) => ({ ...prepared.get(item.line)!.row, idempotencyKey: item.key }));
    const inserted = new Set<string>();
    if (toInsert.length > 0) {
      // Multi-row INSERTs (rows as one JSON parameter), all in one batch: one transaction for the chunk.
      const per = this.config.insertRowsPerStatement;
      const statements = [];
      for (let i = 0; i < toInsert.length; i += per) statements.push(this.db.run(insertVoucherRows(toInsert.slice(i, i + per))));
      const registeredLines = new Set(registered.map((item) => item.line));
      const advance = this.advanceCounter(
        principal,
        fresh.filter((item) => registeredLines.has(item.line) && prepared.has(item.line)).map((item) => prepared.get(item.line)!.row),
      );
      const epoch = await this.epochBeforeWrite();
      try {
        const results = await this.db.batch([...statements, ...(advance ? [advance] : [])] as [(typeof statements)[number], ...typeof statements]);
        const affected = results.slice(0, statements.length).reduce((sum, result) => sum + rowsChanged(result), 0);
        if (affected === toInsert.length) for (const row of toInsert) inserted.add(row.idempotencyKey);
        else {
          // Some keys were taken by a concurrent request: find out which rows are ours.
          const ours = await this.byIdempotencyKeys(principal.orgId, toInsert.map((row) => row.idempotencyKey));
          for (const row of toInsert) if (ours.get(row.idempotencyKey)?.code === row.code) inserted.add(row.idempotencyKey);
        }
        // Vouchers are scanned soon after they are issued: the scan cache gets them now.
        for (const row of toInsert) if (inserted.has(row.idempotencyKey)) this.scanCache.remember(row as VoucherRow, epoch);
      } catch (error) {
        // The chunk's transaction rolled back as a whole: report every item of it, keep going.
        console.error("bulk chunk rolled back", error);
        for (const item of fresh) {
          if (!out.has(item.line)) out.set(item.line, { line: item.line, idempotencyKey: item.key, ok: false, error: { code: "chunk-failed", message: "this chunk was rolled back; retry with the same idempotency keys" } });
        }
      }
    }
    // Keys stored by a concurrent request in the meantime are read back, not re-created.
    const raced = items.filter((item) => !out.has(item.line) && !existing.has(item.key) && !inserted.has(item.key)).map((item) => item.key);
    const stored = raced.length ? await this.byIdempotencyKeys(principal.orgId, raced) : new Map<string, VoucherRow>();
    const insertedRows = new Map(toInsert.map((row) => [row.idempotencyKey, row as VoucherRow]));
    for (const item of items) {
      if (out.has(item.line)) continue;
      const created = inserted.has(item.key);
      const row = created ? insertedRows.get(item.key) : (existing.get(item.key) ?? stored.get(item.key));
      if (!row) out.set(item.line, { line: item.line, idempotencyKey: item.key, ok: false, error: { code: "internal", message: "the voucher was not stored" } });
      else out.set(item.line, { line: item.line, idempotencyKey: item.key, ok: true, created, voucher: voucherView(row) });
    }
    return chunk.map(({ line }) => out.get(line)!);
  }

  /** The status epoch to tag freshly written rows with in the scan cache: never newer than the write. */
  private async epochBeforeWrite(): Promise<number> {
    return this.scanCache.lastSeenEpoch() ?? (await readVersion(this.db, STATUS_EPOCH));
  }

  private async byIdempotencyKeys(orgId: string, keys: string[]): Promise<Map<string, VoucherRow>> {
    // The keys as one JSON parameter (json_each): one query per call, whatever the number of keys.
    const rows = keys.length === 0 ? [] : await this.db.select().from(vouchers).where(and(eq(vouchers.orgId, orgId), sql`${vouchers.idempotencyKey} IN (SELECT value FROM json_each(${JSON.stringify(keys)}))`)).all();
    return new Map(rows.map((row) => [row.idempotencyKey!, row]));
  }

  /**
   * Signs vouchers with the organisation's custodial key, claims filled from their batches.
   * Returns, per body, the prepared row or the error that item alone ran into.
   */
  private async prepareSigned(principal: Principal, bodies: Array<z.infer<typeof IssueVoucher>>, signing?: () => void): Promise<Array<Prepared | Error>> {
    if (bodies.length === 0) return [];
    const roles = [principal.role === "admin" ? "regulator" : principal.role] as IssuerRole[];
    const batchRows = await this.loadBatches(bodies.map((body) => body.batchCode));
    // A bulk chunk names few batches: each distinct code is parsed once.
    const canonicals = new Map<string, string>();
    const canonicalOnce = (code: string) => canonicals.get(code) ?? canonicals.set(code, canonical(code)).get(code)!;
    const unchecked = bodies.map((body) => {
      try {
        if (!rolesMayIssue(roles, body.type)) throw new ApiError("forbidden", `${principal.role} organisations may not issue ${body.type} vouchers`);
        return body.batchCode === undefined ? undefined : usableBatch(principal, canonicalOnce(body.batchCode), batchRows);
      } catch (error) {
        return error as ApiError;
      }
    });
    const checked = await this.gateOnTests(principal, unchecked);
    const count = checked.filter((entry) => !(entry instanceof Error)).length;
    if (count === 0) return checked as Error[];
    const outcomes = await this.latestOutcomes([...batchRows.keys()]);
    const { keyIndex, signer } = await this.keys.custodialKey(principal.orgId);
    let serial = await this.orgs.reserveSerials(principal.orgId, count);
    const issuedAt = new Date(Math.floor(this.now().getTime() / 1000) * 1000).toISOString();
    const baseUrl = voucherBaseUrl(this.config);
    // Claims first (serials in request order), then every signature of the chunk at once:
    // on Node they run on the crypto thread pool while the event loop goes on.
    const pending = bodies.map((body, i): Promise<Prepared> | ApiError => {
      const batch = checked[i];
      if (batch instanceof Error) return batch;
      const claims: VoucherClaimsInput = {
        type: body.type,
        code: formatTraceCode({ namespace: principal.namespace, serial: serial++ }),
        issuedAt,
        ...(body.expiresAt ? { expiresAt: body.expiresAt } : {}),
        ...(batch
          ? {
              batchCode: batch.code,
              originRegion: batch.originRegion,
              productCategory: batch.productCategory as VoucherClaimsInput["productCategory"],
              rapidTest: (outcomes.get(batch.code) ?? "not-tested") as VoucherClaimsInput["rapidTest"],
            }
          : {}),
        ...pick(body, ["netWeightGrams", "quantity", "unitPriceFen", "gtin", "lot"]),
      };
      const parts = { namespace: principal.namespace, serial: serial - 1 };
      return signVoucher(claims, { key: signer, keyIndex, baseUrl }).then((voucher) => ({
        row: this.rowOf(principal, voucher.url, baseUrl, voucher.claims as unknown as Record<string, unknown>, keyIndex, body.buyerOrgId, parts),
      }));
    });
    signing?.();
    const settled = await Promise.allSettled(pending);
    return settled.map((outcome) => (outcome.status === "fulfilled" ? outcome.value : (outcome.reason as Error)));
  }

  /** Batches the caller's market requires a passing test for, and that have none, become `test-required` errors. */
  private async gateOnTests<T extends BatchRow | ApiError | undefined>(principal: Principal, entries: T[]): Promise<Array<T | ApiError>> {
    const codes = entries.flatMap((entry) => (entry && !(entry instanceof Error) ? [entry.code] : []));
    const untested = this.testBeforeSale && codes.length > 0 ? await this.testBeforeSale.untested(principal, codes) : new Set<string>();
    return entries.map((entry) =>
      entry && !(entry instanceof Error) && untested.has(entry.code)
        ? new ApiError("test-required", `batch ${entry.code} needs a passing rapid test before vouchers may be issued: its market tests every batch on entry`)
        : entry,
    );
  }

  /**
   * The statement that moves the organisation's serial counter past the highest serial of
   * these registered rows in its own namespace, so later custodial serials never reuse one.
   */
  private advanceCounter(principal: Principal, rows: Array<typeof vouchers.$inferInsert>) {
    const serials = rows.filter((row) => row.namespace === principal.namespace).map((row) => row.serial);
    if (serials.length === 0) return undefined;
    return this.orgs.advancePastStatement(principal.orgId, principal.namespace, Math.max(...serials));
  }

  /** Checks a voucher signed locally with the SDK and prepares its row. */
  private async prepareRegistered(principal: Principal, body: z.infer<typeof RegisterVoucher>): Promise<Prepared> {
    const baseUrl = voucherBaseUrl(this.config);
    let decoded;
    try {
      decoded = decodeVoucher(body.url);
    } catch (error) {
      throw new ApiError("invalid-voucher", (error as Error).message, { detailCode: isShianError(error) ? error.code : undefined });
    }
    if (decoded.baseUrl !== baseUrl) throw new ApiError("invalid-voucher", `voucher URLs must start with ${baseUrl}`);
    const result = await (await this.trust.verifier()).verify(body.url, { at: this.now() });
    if (!result.valid) throw new ApiError("invalid-voucher", result.error!.message, { detailCode: result.error!.code });
    if (result.issuer?.id !== principal.orgId) throw new ApiError("forbidden", "the voucher is signed by another organisation's key");
    if (decoded.claims.batchCode) {
      const [gated] = await this.gateOnTests(principal, [usableBatch(principal, decoded.claims.batchCode, await this.loadBatches([decoded.claims.batchCode]))]);
      if (gated instanceof Error) throw gated;
    }
    // The namespace's counter moves past a registered serial, and a status list covers serials
    // below MAX_STATUS_ENTRIES only: a serial beyond that could never be suspended or recalled offline.
    const parts = parseTraceCode(decoded.claims.code);
    if (parts.ok && parts.parts.serial >= MAX_STATUS_ENTRIES) {
      throw new ApiError("invalid-voucher", `registered vouchers need a serial below ${MAX_STATUS_ENTRIES}, the most a namespace's status list covers`);
    }
    return { row: this.rowOf(principal, body.url, baseUrl, decoded.claims as unknown as Record<string, unknown>, decoded.keyIndex, body.buyerOrgId) };
  }

  /** `parts`: the code's namespace and serial when the caller made the code (else parsed from it). */
  private rowOf(
    principal: Principal,
    url: string,
    baseUrl: string,
    claims: Record<string, unknown>,
    keyIndex: number,
    buyerOrgId?: string,
    parts?: { namespace: number; serial: number },
  ): typeof vouchers.$inferInsert {
    const code = claims.code as string;
    const parsed = parts ? { ok: true as const, parts } : parseTraceCode(code);
    return {
      code,
      orgId: principal.orgId,
      namespace: parsed.ok ? parsed.parts.namespace : principal.namespace,
      serial: parsed.ok ? parsed.parts.serial : 0,
      type: claims.type as string,
      batchCode: (claims.batchCode as string | undefined) ?? null,
      buyerOrgId: buyerOrgId ?? null,
      keyIndex,
      digits: url.slice(baseUrl.length),
      url,
      claims,
      status: "valid",
      idempotencyKey: null,
      createdAt: this.now().toISOString(),
    };
  }

  private async loadBatches(codes: Array<string | undefined>): Promise<Map<string, BatchRow>> {
    const wanted = new Set<string>();
    for (const code of new Set(codes)) {
      const parsed = code === undefined ? undefined : parseTraceCode(code);
      if (parsed?.ok) wanted.add(parsed.canonical);
    }
    const rows = await selectInChunks([...wanted], (slice) => this.db.select().from(batches).where(inArray(batches.code, slice)).all());
    return new Map(rows.map((row) => [row.code, row]));
  }

  private async latestOutcomes(codes: string[]): Promise<Map<string, string>> {
    const rows = await selectInChunks(codes, (slice) =>
      this.db.select({ batchCode: rapidTests.batchCode, outcome: rapidTests.outcome }).from(rapidTests).where(inArray(rapidTests.batchCode, slice)).orderBy(desc(rapidTests.testedAt)).all(),
    );
    const outcomes = new Map<string, string>();
    for (const row of rows) if (!outcomes.has(row.batchCode)) outcomes.set(row.batchCode, row.outcome);
    return outcomes;
  }

  async get(principal: Principal, code: string): Promise<VoucherView> {
    const parsed = parseTraceCode(code);
    const row = parsed.ok ? await this.db.select().from(vouchers).where(eq(vouchers.code, parsed.canonical)).get() : undefined;
    if (!row) throw new ApiError("not-found", `no voucher ${code}`);
    const owner = await this.orgs.get(row.orgId);
    if (principal.orgId !== row.orgId && principal.orgId !== row.buyerOrgId && principal.role !== "regulator" && principal.role !== "admin" && owner.marketId !== principal.orgId) {
      throw new ApiError("forbidden", "this voucher belongs to another organisation");
    }
    return voucherView(row);
  }

  async findByDigits(digits: string): Promise<VoucherRow | undefined> {
    return this.db.select().from(vouchers).where(eq(vouchers.digits, digits)).get();
  }
}

/** The caller's own batch, still valid: 404, 403 or 409 otherwise. */
function usableBatch(principal: Principal, code: string, rows: Map<string, BatchRow>): BatchRow {
  const row = rows.get(code);
  if (!row) throw new ApiError("not-found", `no batch ${code}`);
  if (row.orgId !== principal.orgId) throw new ApiError("forbidden", `batch ${code} belongs to another organisation`);
  if (row.status !== "valid") throw new ApiError("conflict", `batch ${code} is ${row.status}: no vouchers can be issued for it`);
  return row;
}

/** Rows an INSERT changed: `rowsAffected` on libSQL, `meta.changes` on D1. */
function rowsChanged(result: unknown): number {
  const { rowsAffected, meta } = result as { rowsAffected?: number; meta?: { changes?: number } };
  return rowsAffected ?? meta?.changes ?? Number.NaN;
}

function canonical(code: string): string {
  const parsed = parseTraceCode(code);
  if (!parsed.ok) throw new ApiError("invalid-request", `${code} is not a trace code`);
  return parsed.canonical;
}

function pick<T extends object, K extends keyof T>(object: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (object[key] !== undefined) out[key] = object[key];
  return out;
}

function describe(error: unknown): { code: string; message: string } {
  if (error instanceof ApiError) return { code: error.extra.detailCode ?? error.code, message: error.message };
  if (error instanceof z.ZodError) return { code: "invalid-request", message: z.prettifyError(error) };
  if (error instanceof SyntaxError) return { code: "invalid-request", message: "line is not JSON" };
  if (isShianError(error)) return { code: error.code, message: error.message };
  console.error("bulk item failed", error);
  return { code: "internal", message: "the item could not be processed" };
}
