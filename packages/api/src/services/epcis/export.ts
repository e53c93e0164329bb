import { buildEpcisEvent, type EpcisIdentifiers, eventJsonWithIdSync, type PrefixMap, type TraceEvent } from "@shian/schemas";
import { type StoredEvent, storedEventJson } from "./stored";

/**
 * The event list of a lot's export as text chunks (events joined by commas, a leading comma on
 * every chunk but the first): the derived events (pages of trace events, in time order) and the
 * captured ones (keyset-paged, in (event time, hash ID) order) merged by event time, a derived
 * event first on a tie, as the query endpoint orders them. Both streams are read as the merge
 * goes; a chunk holds at most `pageSize` events, so memory stays bounded however long either is.
 */
export async function* mergedEventChunks(
  derived: AsyncIterable<readonly TraceEvent[]>,
  captured: AsyncIterator<StoredEvent>,
  ids: EpcisIdentifiers,
  prefixes: PrefixMap,
  pageSize: number,
): AsyncGenerator<string> {
  let buffer: string[] = [];
  let first = true;
  const flush = () => {
    const text = buffer.join(",");
    buffer = [];
    const chunk = first ? text : `,${text}`;
    first = false;
    return chunk;
  };
  let next = await captured.next();
  for await (const page of derived) {
    for (const trace of page) {
      const event = buildEpcisEvent(trace, ids);
      // eventTime is UTC with milliseconds on both sides (toISOString; the capture stores it so), so strings compare as times.
      while (!next.done && next.value.eventTime < event.eventTime) {
        buffer.push(JSON.stringify(storedEventJson(next.value)));
        if (buffer.length >= pageSize) yield flush();
        next = await captured.next();
      }
      buffer.push(eventJsonWithIdSync(event, prefixes));
      if (buffer.length >= pageSize) yield flush();
    }
  }
  for (; !next.done; next = await captured.next()) {
    buffer.push(JSON.stringify(storedEventJson(next.value)));
    if (buffer.length >= pageSize) yield flush();
  }
  if (buffer.length) yield flush();
}
