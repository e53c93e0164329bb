import { type EpcisEvent, type EpcisIdentifiers, buildEpcisEvent, shianNamespace } from "./build-event";
import { contextPrefixes, epcisEventHashId, epcisEventHashIdSync, type PrefixMap } from "./event-hash";
import type { TraceEvent } from "./trace-events";
import { EPCIS_CONTEXT } from "./vocabulary";

/** The `@context` of our documents: the EPCIS 2.0 context and our `shian:` extension namespace. */
export const epcisContext = (ids: EpcisIdentifiers) => [EPCIS_CONTEXT, { shian: shianNamespace(ids) }];
/** The prefixes the event hash expands our documents' extension names with. */
export const epcisPrefixes = (ids: EpcisIdentifiers): PrefixMap => contextPrefixes(epcisContext(ids));

/** The event with its CBV 2.0 event hash as `eventID`, synchronously. */
export function withEventIdSync(event: EpcisEvent, prefixes: PrefixMap): EpcisEvent {
  const { type, ...rest } = event;
  return { type, eventID: epcisEventHashIdSync(event, prefixes), ...rest } as EpcisEvent;
}

/** `{"type":"ObjectEvent",` and the like, made once per event type. */
const TYPE_HEADS = new Map<string, string>();
function typeHead(type: string): string {
  let head = TYPE_HEADS.get(type);
  if (head === undefined) {
    head = `{"type":${JSON.stringify(type)},`;
    if (TYPE_HEADS.size < 64) TYPE_HEADS.set(type, head);
  }
  return head;
}

/**
 * The JSON text of withEventIdSync(event, prefixes), without copying the event: its own JSON
 * with `"eventID"` spliced in after `"type"` (the same text, key for key).
 */
export function eventJsonWithIdSync(event: EpcisEvent, prefixes: PrefixMap): string {
  const id = epcisEventHashIdSync(event, prefixes);
  const json = JSON.stringify(event);
  const head = typeHead(event.type);
  // The hash ID is `ni:///sha-256;<hex>?ver=CBV2.0`: nothing in it to escape.
  if (json.startsWith(head)) return `${head}"eventID":"${id}",${json.slice(head.length)}`;
  // `type` not first (or alone): build the object as withEventIdSync does.
  const { type, ...rest } = event;
  return JSON.stringify({ type, eventID: id, ...rest });
}

/** The event with its CBV 2.0 event hash as `eventID` (with another digest function if given). */
export async function withEventId(event: EpcisEvent, prefixes: PrefixMap, digest?: (text: string) => Promise<string> | string): Promise<EpcisEvent> {
  const { type, ...rest } = event;
  return { type, eventID: await epcisEventHashId(event, prefixes, digest), ...rest } as EpcisEvent;
}

export interface EpcisDocumentOptions extends EpcisIdentifiers {
  /** When the document was made (ISO 8601). */
  creationDate: string;
  /** `EPCISQueryDocument` answers a query; `EPCISDocument` is a plain export. */
  kind?: "EPCISDocument" | "EPCISQueryDocument";
  queryName?: string;
  /** The `@context` of the document; ours by default. */
  context?: unknown[];
}

/**
 * The JSON text around the events, so a document can be streamed: `head`, then the events
 * separated by commas, then `tail`.
 */
export function epcisDocumentEnvelope(options: EpcisDocumentOptions): { head: string; tail: string } {
  const kind = options.kind ?? "EPCISDocument";
  const start = JSON.stringify({ "@context": options.context ?? epcisContext(options), type: kind, schemaVersion: "2.0", creationDate: options.creationDate }).slice(0, -1);
  if (kind === "EPCISQueryDocument") {
    return { head: `${start},"epcisBody":{"queryResults":{"queryName":${JSON.stringify(options.queryName ?? "SimpleEventQuery")},"resultsBody":{"eventList":[`, tail: "]}}}}" };
  }
  return { head: `${start},"epcisBody":{"eventList":[`, tail: "]}}" };
}

/** A whole document from EPCIS events (already carrying their eventIDs or not). */
export function buildEpcisDocument(events: readonly EpcisEvent[], options: EpcisDocumentOptions): Record<string, unknown> {
  const { head, tail } = epcisDocumentEnvelope(options);
  return JSON.parse(head + events.map((event) => JSON.stringify(event)).join(",") + tail) as Record<string, unknown>;
}

/**
 * A document's text in chunks, from pages of domain events: each page is built, hashed and
 * serialised before the next is read, so memory stays bounded by one page.
 */
export async function* epcisDocumentChunks(pages: AsyncIterable<readonly TraceEvent[]> | Iterable<readonly TraceEvent[]>, options: EpcisDocumentOptions & { digest?: (text: string) => Promise<string> | string }): AsyncGenerator<string> {
  const { head, tail } = epcisDocumentEnvelope(options);
  const prefixes = epcisPrefixes(options);
  yield head;
  let first = true;
  for await (const page of pages) {
    if (!page.length) continue;
    const digest = options.digest;
    const text = digest
      ? JSON.stringify(await Promise.all(page.map((event) => withEventId(buildEpcisEvent(event, options), prefixes, digest)))).slice(1, -1)
      : page.map((event) => eventJsonWithIdSync(buildEpcisEvent(event, options), prefixes)).join(",");
    yield first ? text : `,${text}`;
    first = false;
  }
  yield tail;
}
