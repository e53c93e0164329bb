import { type EpcisEvent, normaliseIdentifier } from "@shian/schemas";
import { z } from "zod";
import { ApiError } from "../../errors/api-error";
import { bareCbv, eventEpcs } from "./capture";

const list = z
  .string()
  .max(2000)
  .transform((value) => value.split(/[,|]/).map((part) => part.trim()).filter(Boolean));
const time = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

/** The EPCIS 2.0 SimpleEventQuery parameters we answer (EPCIS 2.0 §8.2.7.1), lists comma- or |-separated. */
export const EpcisQueryParams = z
  .object({
    eventType: list.optional(),
    GE_eventTime: time.optional(),
    LT_eventTime: time.optional(),
    EQ_bizStep: list.optional(),
    EQ_disposition: list.optional(),
    MATCH_epc: list.optional(),
    MATCH_anyEPC: list.optional(),
    MATCH_epcClass: list.optional(),
    EQ_bizLocation: list.optional(),
    perPage: z.coerce.number().int().min(1).max(500).default(100),
    nextPageToken: z.string().max(1000).optional(),
  })
  .strict();
export type EpcisQuery = z.output<typeof EpcisQueryParams>;

const EVENT_TYPES = new Set(["ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"]);

/** Whether an identifier matches a MATCH_ value: the same after normalisation, or under a Digital Link GTIN given alone. */
function matches(identifier: string, wanted: string[]): boolean {
  return wanted.some((value) => identifier === value || (/^https:\/\/id\.gs1\.org\/01\/\d{14}$/.test(value) && identifier.startsWith(`${value}/`)));
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : typeof value === "string" ? [value] : []);

/** A filter over EPCIS events (ours, JSON-LD form) for the query's parameters. */
export function eventFilter(query: EpcisQuery): (event: EpcisEvent | Record<string, unknown>) => boolean {
  for (const type of query.eventType ?? []) if (!EVENT_TYPES.has(type)) throw new ApiError("invalid-request", `eventType ${type} is not an EPCIS event type`);
  const norm = (values: string[] | undefined) => values?.map((value) => normaliseIdentifier(value));
  const epc = norm(query.MATCH_epc);
  const anyEpc = norm(query.MATCH_anyEPC);
  const epcClass = norm(query.MATCH_epcClass);
  const locations = norm(query.EQ_bizLocation);
  const steps = query.EQ_bizStep?.map((value) => bareCbv(value, "bizStep"));
  const dispositions = query.EQ_disposition?.map((value) => bareCbv(value, "disposition"));
  return (event) => {
    if (query.eventType && !query.eventType.includes(String(event.type))) return false;
    const time = new Date(String(event.eventTime)).toISOString();
    if (query.GE_eventTime && time < query.GE_eventTime) return false;
    if (query.LT_eventTime && time >= query.LT_eventTime) return false;
    if (steps && !steps.includes(bareCbv(event.bizStep, "bizStep") ?? "")) return false;
    if (dispositions && !dispositions.includes(bareCbv(event.disposition, "disposition") ?? "")) return false;
    if (locations) {
      const location = (event.bizLocation as { id?: unknown } | undefined)?.id;
      if (typeof location !== "string" || !locations.includes(normaliseIdentifier(location))) return false;
    }
    if (epc && ![...strings(event.epcList), ...strings(event.childEPCs)].some((value) => matches(normaliseIdentifier(value), epc))) return false;
    if (anyEpc) {
      const all = [...strings(event.epcList), ...strings(event.childEPCs), ...strings(event.inputEPCList), ...strings(event.outputEPCList), ...strings(event.parentID)];
      if (!all.some((value) => matches(normaliseIdentifier(value), anyEpc))) return false;
    }
    if (epcClass) {
      const classes = eventEpcs({ quantityList: event.quantityList, childQuantityList: event.childQuantityList, inputQuantityList: event.inputQuantityList, outputQuantityList: event.outputQuantityList });
      if (!classes.some((value) => matches(value, epcClass))) return false;
    }
    return true;
  };
}

/** The query's page position: after this history cursor and this stored event (time, hash ID). */
export interface QueryToken {
  h?: string;
  s?: [string, string];
}

export const encodeToken = (token: QueryToken) => btoa(JSON.stringify(token)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
export function decodeToken(text: string): QueryToken {
  try {
    const token = JSON.parse(atob(text.replace(/-/g, "+").replace(/_/g, "/"))) as QueryToken;
    if (token && typeof token === "object" && (token.h === undefined || typeof token.h === "string") && (token.s === undefined || (Array.isArray(token.s) && token.s.length === 2 && token.s.every((part) => typeof part === "string")))) return token;
  } catch {
    // fall through
  }
  throw new ApiError("invalid-request", "nextPageToken is not one this API gave out");
}
