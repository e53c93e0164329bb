import { contextPrefixes, epcisEventHashId, normaliseIdentifier, validateEpcisDocument, CBV_VOCABULARIES, hashTimestamp } from "@shian/schemas";
import { sql } from "drizzle-orm";
import type { Database } from "../../db/database";
import { ApiError } from "../../errors/api-error";
import { inSlices } from "../../lib/chunked";
import { gtinForms } from "../gs1";
import { mayActFor, type Principal, requireRole, requireScope } from "../principal";
import type { OrganisationService } from "../organisations";
import { SELLER_ROLES } from "../batches";

/** At most this many events in one capture (the body limit usually comes first). */
export const MAX_CAPTURE_EVENTS = 2000;
/** Events per INSERT statement: one JSON parameter each, well under D1's per-value limit. */
export const CAPTURE_CHUNK = 200;

type Json = Record<string, unknown>;

export interface CaptureResult {
  captureId: string;
  /** Events in the document. */
  events: number;
  /** Events stored now; the others were stored before (same event hash ID). */
  stored: number;
  /** Each event's hash ID and the batches of ours it was linked to (empty: stored as an unlinked partner event). */
  linked: Array<{ eventID: string; batches: string[] }>;
}

/** A JSON Pointer (`/epcisBody/eventList/0/action`) as a path array, as in zod issues. */
const pointerPath = (pointer: string) => pointer.split("/").slice(1).map((part) => (/^\d+$/.test(part) ? Number(part) : part.replace(/~1/g, "/").replace(/~0/g, "~")));

/** A CBV value in bare form when it is one (`urn:epcglobal:cbv:bizstep:receiving`, `cbv:BizStep-receiving` → `receiving`). */
export function bareCbv(value: unknown, vocabulary: "bizStep" | "disposition"): string | null {
  if (typeof value !== "string") return null;
  const vocab = CBV_VOCABULARIES[vocabulary];
  for (const prefix of [`urn:epcglobal:cbv:${vocab.urn}:`, `https://ref.gs1.org/cbv/${vocab.web}`, `cbv:${vocab.web}`]) if (value.startsWith(prefix)) return value.slice(prefix.length);
  return value;
}

const EPC_FIELDS = ["epcList", "childEPCs", "inputEPCList", "outputEPCList"] as const;
const QUANTITY_FIELDS = ["quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"] as const;

/** Every EPC and EPC class an event names, normalised for matching. */
export function eventEpcs(event: Json): string[] {
  const found = new Set<string>();
  const add = (value: unknown) => typeof value === "string" && found.add(normaliseIdentifier(value.trim()));
  for (const field of EPC_FIELDS) if (Array.isArray(event[field])) (event[field] as unknown[]).forEach(add);
  for (const field of QUANTITY_FIELDS) if (Array.isArray(event[field])) for (const q of event[field] as Json[]) add(q?.epcClass);
  add(event.parentID);
  return [...found];
}

/**
 * EPCIS capture (POST /v1/epcis/capture): a partner's EPCIS 2.0 document, checked against
 * GS1's schema, stored event by event under the CBV 2.0 event hash ID (capturing an event
 * again stores it once), and linked to our batches it names — by a GS1 Digital Link with GTIN
 * and lot (AI 01 + 10) that our vouchers carry, or by our batch URL — when the capturing
 * organisation may act for the batch's owner. Events naming none of them are kept as the
 * organisation's unlinked partner events (found by the query, not in any batch's export).
 * Everything is written in one transaction: all events or none.
 */
export class EpcisCaptureService {
  constructor(
    private readonly db: Database,
    private readonly orgs: OrganisationService,
    private readonly publicUrl: string,
    private readonly now: () => Date,
    private readonly chunk = CAPTURE_CHUNK,
  ) {}

  async capture(principal: Principal, document: unknown): Promise<CaptureResult> {
    requireScope(principal, "batches:write");
    requireRole(principal, [...SELLER_ROLES, "admin"], "capture EPCIS events");
    const validation = validateEpcisDocument(document);
    if (!validation.ok) {
      throw new ApiError("invalid-request", `the document is not valid EPCIS 2.0 JSON: ${validation.errors.length} schema error(s), the first at ${validation.errors[0]?.path}: ${validation.errors[0]?.message}`, {
        detailCode: "invalid-epcis-document",
        issues: validation.errors.map((error) => ({ code: "custom", path: pointerPath(error.path), message: error.message })) as never,
      });
    }
    const doc = document as Json;
    if (doc.type !== "EPCISDocument") throw new ApiError("invalid-request", `capture takes an EPCISDocument, not ${String(doc.type)}`, { detailCode: "invalid-epcis-document" });
    const events = ((doc.epcisBody as Json | undefined)?.eventList ?? []) as Json[];
    if (!Array.isArray(events) || events.length === 0) throw new ApiError("invalid-request", "the document has no events", { detailCode: "invalid-epcis-document" });
    if (events.length > MAX_CAPTURE_EVENTS) throw new ApiError("payload-too-large", `at most ${MAX_CAPTURE_EVENTS} events per capture`);

    // The document's own namespaces go with each event, so a stored event reads the same alone.
    const contexts = (Array.isArray(doc["@context"]) ? doc["@context"] : [doc["@context"]]).filter((c) => c && typeof c === "object");
    const captureId = crypto.randomUUID();
    const capturedAt = this.now().toISOString();
    const rows = new Map<string, { row: Json; epcs: string[] }>();
    for (const event of events) {
      const prefixes = contextPrefixes(doc["@context"], event["@context"]);
      const hashId = await epcisEventHashId(event, prefixes);
      if (rows.has(hashId)) continue;
      const ownContext = Array.isArray(event["@context"]) ? event["@context"] : event["@context"] ? [event["@context"]] : [];
      const body = { ...event, ...(contexts.length || ownContext.length ? { "@context": [...contexts, ...ownContext] } : {}) };
      const epcs = eventEpcs(event);
      rows.set(hashId, {
        epcs,
        row: {
          hashId,
          eventId: typeof event.eventID === "string" ? event.eventID : null,
          orgId: principal.orgId,
          captureId,
          eventType: String(event.type),
          eventTime: hashTimestamp(String(event.eventTime)),
          bizStep: bareCbv(event.bizStep, "bizStep"),
          disposition: bareCbv(event.disposition, "disposition"),
          bizLocation: typeof (event.bizLocation as Json | undefined)?.id === "string" ? normaliseIdentifier(String((event.bizLocation as Json).id)) : null,
          epcs: JSON.stringify(epcs),
          body: JSON.stringify(body),
          capturedAt,
        },
      });
    }

    const batchesOf = await this.matchBatches(principal, [...new Set([...rows.values()].flatMap((entry) => entry.epcs))]);
    const links: Array<{ hashId: string; batchCode: string }> = [];
    const linked: CaptureResult["linked"] = [];
    for (const [hashId, entry] of rows) {
      const codes = [...new Set(entry.epcs.flatMap((epc) => batchesOf.get(epc) ?? []))].sort();
      linked.push({ eventID: hashId, batches: codes });
      for (const batchCode of codes) links.push({ hashId, batchCode });
    }

    const eventRows = [...rows.values()].map((entry) => entry.row);
    const statements = [
      ...inSlices(eventRows, this.chunk).map((part) =>
        this.db.run(sql`INSERT INTO epcis_events (hash_id, event_id, org_id, capture_id, event_type, event_time, biz_step, disposition, biz_location, epcs, body, captured_at)
          SELECT json_extract(value, '$.hashId'), json_extract(value, '$.eventId'), json_extract(value, '$.orgId'), json_extract(value, '$.captureId'), json_extract(value, '$.eventType'),
            json_extract(value, '$.eventTime'), json_extract(value, '$.bizStep'), json_extract(value, '$.disposition'), json_extract(value, '$.bizLocation'),
            json_extract(value, '$.epcs'), json_extract(value, '$.body'), json_extract(value, '$.capturedAt')
          FROM json_each(${JSON.stringify(part)}) WHERE true ON CONFLICT (hash_id) DO NOTHING`),
      ),
      ...inSlices(links, this.chunk * 4).map((part) =>
        this.db.run(sql`INSERT INTO epcis_event_batches (hash_id, batch_code) SELECT json_extract(value, '$.hashId'), json_extract(value, '$.batchCode') FROM json_each(${JSON.stringify(part)}) WHERE true ON CONFLICT DO NOTHING`),
      ),
    ];
    const results = await this.db.batch(statements as unknown as Parameters<Database["batch"]>[0]);
    const stored = results.slice(0, Math.ceil(eventRows.length / this.chunk)).reduce((sum, result) => sum + Number((result as { rowsAffected?: number }).rowsAffected ?? 0), 0);
    return { captureId, events: events.length, stored, linked };
  }

  /**
   * Our batches behind each identifier the caller may link to: a Digital Link with GTIN + lot
   * names the batches our vouchers carrying them belong to; our batch URL names that batch.
   */
  private async matchBatches(principal: Principal, epcs: string[]): Promise<Map<string, string[]>> {
    const candidates = new Map<string, Set<string>>();
    const own = `${this.publicUrl.replace(/\/+$/, "").toLowerCase()}/v1/batches/`;
    for (const epc of epcs) {
      const codes = new Set<string>();
      if (epc.toLowerCase().startsWith(own)) codes.add(decodeURIComponent(epc.slice(own.length).split(/[/?#]/)[0]!));
      const dl = /^https:\/\/id\.gs1\.org\/01\/(\d{14})\/10\/([^/?#]+)$/.exec(epc);
      if (dl) {
        const rows = await this.db.all<{ code: string }>(sql`SELECT DISTINCT batch_code AS code FROM vouchers
          WHERE batch_code IS NOT NULL AND json_extract(claims, '$.lot') = ${decodeURIComponent(dl[2]!)}
          AND json_extract(claims, '$.gtin') IN (SELECT value FROM json_each(${JSON.stringify(gtinForms(dl[1]!))})) LIMIT 100`);
        for (const row of rows) codes.add(String(row.code));
      }
      if (codes.size) candidates.set(epc, codes);
    }
    const all = [...new Set([...candidates.values()].flatMap((set) => [...set]))];
    if (!all.length) return new Map();
    const owners = await this.db.all<{ code: string; orgId: string }>(sql`SELECT code, org_id AS orgId FROM batches WHERE code IN (SELECT value FROM json_each(${JSON.stringify(all)}))`);
    const allowed = new Set<string>();
    const mayAct = new Map<string, boolean>();
    for (const { code, orgId } of owners) {
      if (!mayAct.has(orgId)) mayAct.set(orgId, mayActFor(principal, await this.orgs.get(orgId)));
      if (mayAct.get(orgId)) allowed.add(String(code));
    }
    return new Map([...candidates].map(([epc, codes]) => [epc, [...codes].filter((code) => allowed.has(code))]));
  }
}
