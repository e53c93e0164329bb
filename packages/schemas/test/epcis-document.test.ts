import { describe, expect, it } from "vitest";
import {
  buildEpcisDocument, buildEpcisEvent, contextPrefixes, epcisDocumentChunks, epcisEventHashId, epcisPreHashString, epcisPrefixes, epcisQuantity, eventJsonWithIdSync, lotClass,
  sha256Hex, type TraceEvent, validateEpcisDocument, withEventId, withEventIdSync,
} from "../src/index";
import references from "./fixtures/epcis/event-hash-reference.json";

const ids = { base: "https://trace.example.cn" };
const at = "2026-03-01T02:00:00.000Z";
const lot = { code: "1002-1-8", gtin: "6901234567892", lot: "L2026A" };
const plainLot = { code: "1006-1-5" };
const kg = { value: 2500, unit: "gram" };

/** One event of every kind the history yields. */
export const sampleTraceEvents: TraceEvent[] = [
  { kind: "batch-created", at, lot, orgId: "org-market", quantity: kg, productName: "白菜", productCategory: "vegetable", originRegion: "460200" },
  { kind: "split", at, orgId: "org-market", input: { ...lot, quantity: kg }, outputs: [{ code: "1002-2-6", quantity: { value: 1000, unit: "gram" } }, { code: "1002-3-4", quantity: { value: 1500, unit: "gram" } }] },
  { kind: "rapid-test", at, orgId: "org-market", lot, quantity: kg, testId: "t1", item: "organophosphate-carbamate", outcome: "pass", measurement: { value: 12.5, unit: "%" }, method: "enzyme-inhibition" },
  { kind: "sale-voucher", at, orgId: "org-market", lot: plainLot, voucherUrl: "https://trace.example.cn/v/12345", buyerOrgId: "org-stall", quantity: { value: 3, unit: "jin" } },
  { kind: "sale-voucher", at, orgId: "org-stall", lot: plainLot, voucherUrl: "https://trace.example.cn/v/67890" },
  { kind: "receipt", at, buyerOrgId: "org-stall", sellerOrgId: "org-market", lot: plainLot, voucherUrl: "https://trace.example.cn/v/12345", quantity: kg, receivedLot: { code: "1006-2-3" } },
  { kind: "recall", at, orgId: "org-market", lot, quantity: kg, reason: "test-failed", level: "level-2" },
  { kind: "suspension", at, orgId: "org-market", lot, quantity: kg, reason: "rapid test failed: organophosphate-carbamate" },
  { kind: "resume", at, orgId: "org-market", lot, quantity: kg, testId: "t2", note: "retest passed" },
];

describe("EPCIS 2.0 documents of a batch's history", () => {
  it("are valid against GS1's EPCIS 2.0 JSON schema, every event kind, with eventIDs", async () => {
    const prefixes = epcisPrefixes(ids);
    const events = await Promise.all(sampleTraceEvents.map((event) => withEventId(buildEpcisEvent(event, ids), prefixes)));
    const document = buildEpcisDocument(events, { ...ids, creationDate: at });
    expect(validateEpcisDocument(document)).toEqual({ ok: true });
    const query = buildEpcisDocument(events, { ...ids, creationDate: at, kind: "EPCISQueryDocument" });
    expect(validateEpcisDocument(query)).toEqual({ ok: true });
    expect(events.map((event) => event.type)).toEqual(["ObjectEvent", "TransformationEvent", "ObjectEvent", "TransactionEvent", "TransactionEvent", "ObjectEvent", "ObjectEvent", "ObjectEvent", "ObjectEvent"]);
  });

  it("map our events to CBV 2.0 steps and dispositions and our units to UN/CEFACT codes", () => {
    const [created, split, test, sold, , receipt, recall, suspension, resume] = sampleTraceEvents.map((event) => buildEpcisEvent(event, ids));
    expect([created!.bizStep, created!.disposition, created!.action]).toEqual(["commissioning", "active", "ADD"]);
    expect(split!.inputQuantityList).toEqual([{ epcClass: "https://id.gs1.org/01/06901234567892/10/L2026A", quantity: 2500, uom: "GRM" }]);
    expect(split!.outputQuantityList).toEqual([
      { epcClass: "https://trace.example.cn/v1/batches/1002-2-6", quantity: 1000, uom: "GRM" },
      { epcClass: "https://trace.example.cn/v1/batches/1002-3-4", quantity: 1500, uom: "GRM" },
    ]);
    expect(test!.sensorElementList).toEqual([{ sensorMetadata: { time: at, "shian:method": "enzyme-inhibition" }, sensorReport: [{ type: "Dimensionless", time: at, stringValue: "pass", "shian:testItem": "organophosphate-carbamate", value: 12.5, uom: "P1" }] }]);
    expect(sold!.bizTransactionList).toEqual([{ type: "inv", bizTransaction: "https://trace.example.cn/v/12345" }]);
    expect(sold!.quantityList).toEqual([{ epcClass: "https://trace.example.cn/v1/batches/1006-1-5", quantity: 1.5, uom: "KGM" }]);
    expect([receipt!.bizStep, recall!.disposition, suspension!.disposition, resume!.disposition]).toEqual(["receiving", "recalled", "non_sellable_other", "active"]);
    expect(epcisQuantity(3, "box")).toEqual({ quantity: 3, uom: "XBX" });
    // rounded to 15 significant digits, integers or not
    expect(epcisQuantity(0.1 + 0.2, "gram")).toEqual({ quantity: 0.3, uom: "GRM" });
    expect(epcisQuantity(1_234_567_890_123_456, "gram").quantity).toBe(1_234_567_890_123_460);
    expect(epcisQuantity(999_999_999_999_999, "gram").quantity).toBe(999_999_999_999_999);
    expect(lotClass({ code: "1-1-1", gtin: "6901234567892", lot: "A/B" }, ids)).toBe("https://id.gs1.org/01/06901234567892/10/A%2FB");
  });

  it("carry eventIDs that are the CBV 2.0 hash of the event, recomputable by a reader of the document", async () => {
    const chunks: string[] = [];
    for await (const chunk of epcisDocumentChunks([sampleTraceEvents.slice(0, 3), [], sampleTraceEvents.slice(3)], { ...ids, creationDate: at })) chunks.push(chunk);
    const document = JSON.parse(chunks.join("")) as { "@context": unknown; epcisBody: { eventList: Array<Record<string, unknown>> } };
    expect(validateEpcisDocument(document)).toEqual({ ok: true });
    expect(document.epcisBody.eventList).toHaveLength(sampleTraceEvents.length);
    const prefixes = contextPrefixes(document["@context"]);
    for (const event of document.epcisBody.eventList) {
      expect(event.eventID).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
      expect(await epcisEventHashId(event, prefixes)).toBe(event.eventID);
      expect(await epcisEventHashId(event, prefixes, sha256Hex)).toBe(event.eventID);
    }
    expect(new Set(document.epcisBody.eventList.map((event) => event.eventID)).size).toBe(sampleTraceEvents.length);
    // The streamed text is the document built from whole objects, hashed with WebCrypto.
    const events = await Promise.all(sampleTraceEvents.map((event) => withEventId(buildEpcisEvent(event, ids), epcisPrefixes(ids), sha256Hex)));
    expect(document).toEqual(buildEpcisDocument(events, { ...ids, creationDate: at }));
  });

  it("hash shared list items (parties, vouchers, lot quantities) as their plain copies, in any list and with any prefixes", () => {
    const prefixes = epcisPrefixes(ids);
    const other = contextPrefixes([{ shian: "https://other.example/ns/" }]);
    for (let round = 0; round < 2; round++) {
      for (const trace of sampleTraceEvents) {
        const event = buildEpcisEvent(trace, ids);
        const plain = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
        expect(epcisPreHashString(event, prefixes)).toBe(epcisPreHashString(plain, prefixes));
        expect(epcisPreHashString(event, other)).toBe(epcisPreHashString(plain, other));
      }
    }
    // one shared party object as a source, then misused as a destination: each list gets its own text
    const [created] = sampleTraceEvents.map((event) => buildEpcisEvent(event, ids));
    const party = (created!.sourceList as object[])[0]!;
    expect(Object.isFrozen(party)).toBe(true);
    const swapped = { ...created!, destinationList: [party] };
    expect(epcisPreHashString(swapped, prefixes)).toBe(epcisPreHashString(JSON.parse(JSON.stringify(swapped)), prefixes));
    expect(epcisPreHashString(swapped, prefixes)).toContain("destinationListtype=https://ref.gs1.org/cbv/SDT-owning_party");
  });

  it("serialise an event with its eventID spliced in as the same text as the whole object", () => {
    const prefixes = epcisPrefixes(ids);
    for (const trace of sampleTraceEvents) {
      const event = buildEpcisEvent(trace, ids);
      expect(eventJsonWithIdSync(event, prefixes)).toBe(JSON.stringify(withEventIdSync(event, prefixes)));
      // type not first, and a type that needs escaping: the fallback gives the same text too
      const { type, ...rest } = event;
      const reordered = { ...rest, type } as typeof event;
      expect(eventJsonWithIdSync(reordered, prefixes)).toBe(JSON.stringify(withEventIdSync(event, prefixes)));
      const odd = { ...event, type: 'Object"Event' };
      expect(JSON.parse(eventJsonWithIdSync(odd, prefixes))).toEqual(withEventIdSync(odd, prefixes));
    }
  });
});

describe("EPCIS schema validation", () => {
  it("accepts the reference documents of the event-hash algorithm's authors", () => {
    for (const reference of references) expect(validateEpcisDocument(reference.document), reference.name).toEqual({ ok: true });
  });

  it("refuses broken documents with the path and reason of each error", () => {
    const bad = {
      "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
      type: "EPCISDocument",
      schemaVersion: "2.0",
      creationDate: "2026-03-01T02:00:00Z",
      epcisBody: { eventList: [{ type: "ObjectEvent", eventTime: "yesterday", eventTimeZoneOffset: "+08:00", action: "JUMP", epcList: [] }] },
    };
    const result = validateEpcisDocument(bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toContainEqual(expect.objectContaining({ path: "/epcisBody/eventList/0/eventTime" }));
    expect(result.errors).toContainEqual(expect.objectContaining({ path: "/epcisBody/eventList/0/action" }));
    expect(validateEpcisDocument({ type: "EPCISDocument" }).ok).toBe(false);
    expect(validateEpcisDocument("not a document").ok).toBe(false);
  });
});

describe("the compiled EPCIS validator", () => {
  it("is the one Ajv compiles from the schema fixture today", async () => {
    const { execFileSync } = await import("node:child_process");
    const script = new URL("../scripts/build-epcis-validator.mjs", import.meta.url);
    expect(execFileSync(process.execPath, [script.pathname, "--check"], { encoding: "utf8" })).toContain("up to date");
  });
});
