import { z } from "zod";
import type { Database } from "../../db/database";
import { ApiError } from "../../errors/api-error";
import type { BatchService } from "../batches";
import { type Principal, requireScope } from "../principal";
import type { HistoryScope, SupplyChainHistory } from "../supply-chain/history";
import { cellsOf, FSMA_COLUMNS, type FsmaRow } from "./columns";
import { csvChunks } from "./csv";
import { OrgDescriptions, rowsOf } from "./rows";
import { xlsxChunks } from "./xlsx";

export { FSMA_COLUMNS } from "./columns";

export const FSMA_FORMATS = { csv: "text/csv; charset=utf-8", xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } as const;
export type FsmaFormat = keyof typeof FSMA_FORMATS;

const Time = z.iso.datetime({ offset: true });
/** A lot (optionally narrowed by time) or a time range of at most 366 days. */
export const FsmaQuery = z
  .object({ lot: z.string().min(1).max(64).optional(), from: Time.optional(), to: Time.optional() })
  .strict()
  .refine((q) => q.lot !== undefined || (q.from !== undefined && q.to !== undefined), { message: "give lot, or from and to" })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: "from must be before to", path: ["to"] })
  .refine((q) => q.lot !== undefined || Date.parse(q.to!) - Date.parse(q.from!) <= 366 * 86_400_000, { message: "a range without a lot spans at most 366 days", path: ["to"] });
export type FsmaQuery = z.infer<typeof FsmaQuery>;

/** The FSMA 204 sortable spreadsheet of the caller's own critical tracking events. */
export class Fsma204Service {
  constructor(
    private readonly db: Database,
    private readonly history: SupplyChainHistory,
    private readonly batches: BatchService,
  ) {}

  /** Checks the query and the caller's access (a lot of another organisation: 403; unknown: 404). */
  async scope(principal: Principal, input: unknown): Promise<HistoryScope> {
    requireScope(principal, "read");
    const query = FsmaQuery.parse(input);
    const range = { ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}) };
    if (query.lot !== undefined) {
      // Supervisors and market managers may read others' lots, but this sheet is an organisation's own records.
      const batch = await this.batches.getFor(principal, query.lot);
      if (batch.orgId !== principal.orgId) throw new ApiError("forbidden", "the FSMA 204 sheet covers your own lots only");
      return this.history.lotScope(principal, batch.code, range);
    }
    return this.history.orgScope(principal, principal.orgId, range);
  }

  /** The rows in time order: only events the caller's organisation recorded. */
  async *rows(principal: Principal, scope: HistoryScope): AsyncGenerator<FsmaRow> {
    const orgs = new OrgDescriptions(this.db);
    for await (const event of this.history.events(scope)) {
      if (event.orgId !== principal.orgId) continue;
      yield* await rowsOf(event, orgs);
    }
  }

  /** The spreadsheet as byte chunks; `onRow` counts rows as they are written. */
  chunks(principal: Principal, scope: HistoryScope, format: FsmaFormat, onRow?: () => void): AsyncGenerator<Uint8Array> {
    const rows = this.rows(principal, scope);
    const cells = (async function* () {
      for await (const row of rows) {
        onRow?.();
        yield cellsOf(row);
      }
    })();
    return format === "xlsx" ? xlsxChunks(FSMA_COLUMNS, cells, { sheetName: "FSMA 204" }) : csvChunks(FSMA_COLUMNS, cells);
  }
}
