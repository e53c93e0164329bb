import { contextPrefixes, epcisEventHashId, validateEpcisDocument } from "@shian/schemas";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database";
import { EpcisCaptureService } from "../../src/services/epcis/index";
import { createHarness, type Harness } from "../harness";
import { type Scenario, seedScenario, steppingClock } from "../supply-chain/scenario";
import { BASE, count, expectProblem } from "./helpers";

let h: Harness;
let s: Scenario;
beforeEach(async () => {
  const clock = steppingClock();
  h = await createHarness({}, { now: clock.now });
  s = await seedScenario(h, clock);
});
afterEach(() => h.close());

type Doc = { "@context": unknown; type: string; epcisBody: { eventList: Array<Record<string, any>>; queryResults?: never } };
type QueryDoc = { "@context": unknown; type: string; epcisBody: { queryResults: { resultsBody: { eventList: Array<Record<string, any>> } } } };

const LOT_DL = "https://id.gs1.org/01/06901234567892/10/L-2026-03";
const batchUrl = (code: string) => `${BASE}/v1/batches/${code}`;

async function exportLot(key: string, code: string) {
  return h.call("GET", `/v1/batches/${code}/epcis`, { key });
}

/** A partner's document: a receiving event naming our lot by GTIN + lot, a shipping event naming a batch by URL, one naming nothing of ours. */
const partnerDocument = (extra: Partial<Record<string, unknown>> = {}) => ({
  "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", { partner: "https://partner.example/epcis/" }],
  type: "EPCISDocument",
  schemaVersion: "2.0",
  creationDate: "2026-03-02T00:00:00Z",
  epcisBody: {
    eventList: [
      { type: "ObjectEvent", eventTime: "2026-03-02T08:00:00+08:00", eventTimeZoneOffset: "+08:00", action: "OBSERVE", bizStep: "receiving", disposition: "in_progress", quantityList: [{ epcClass: LOT_DL, quantity: 10, uom: "KGM" }], "partner:dock": "D4", ...extra },
      { type: "ObjectEvent", eventTime: "2026-03-02T09:00:00+08:00", eventTimeZoneOffset: "+08:00", action: "OBSERVE", bizStep: "shipping", quantityList: [{ epcClass: batchUrl(s.lot), quantity: 1 }] },
      { type: "ObjectEvent", eventTime: "2026-03-02T10:00:00+08:00", eventTimeZoneOffset: "+08:00", action: "OBSERVE", bizStep: "storing", epcList: ["urn:epc:id:sgtin:0614141.107346.2018"], bizLocation: { id: "urn:epc:id:sgln:0614141.07346.0" } },
    ],
  },
});

const capture = (key: string, body: unknown, contentType = "application/ld+json") => h.call("POST", "/v1/epcis/capture", { key, body: JSON.stringify(body), headers: { "content-type": contentType } });

describe("GET /v1/batches/{code}/epcis", () => {
  it("answers the lot's history as an EPCIS 2.0 document valid against GS1's schema, with recomputable event hash IDs", async () => {
    const reply = await exportLot(s.seller.key, s.lot);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.headers.get("content-type")).toMatch(/^application\/ld\+json/);
    const doc = reply.body as Doc;
    expect(validateEpcisDocument(doc)).toEqual({ ok: true });
    const events = doc.epcisBody.eventList;
    // created, split, passed test, sale voucher, the buyer's receipt, failed test + its suspension, recall
    expect(events.map((event) => [event.type, event.bizStep, event.disposition])).toEqual([
      ["ObjectEvent", "commissioning", "active"],
      ["TransformationEvent", "repackaging", "active"],
      ["ObjectEvent", "inspecting", "conformant"],
      ["TransactionEvent", "shipping", "in_transit"],
      ["ObjectEvent", "commissioning", "active"],
      ["ObjectEvent", "receiving", "in_progress"],
      ["ObjectEvent", "inspecting", "non_conformant"],
      ["ObjectEvent", "holding", "non_sellable_other"],
      ["ObjectEvent", "holding", "recalled"],
    ]);
    const prefixes = contextPrefixes(doc["@context"]);
    for (const event of events) expect(await epcisEventHashId(event, prefixes)).toBe(event.eventID);
    const split = events.find((event) => event.type === "TransformationEvent")!;
    expect(split.inputQuantityList).toEqual([{ epcClass: batchUrl(s.lot), quantity: 100_000, uom: "GRM" }]);
    expect(split.outputQuantityList).toEqual([{ epcClass: LOT_DL, quantity: 60_000, uom: "GRM" }, { epcClass: batchUrl(s.lotB), quantity: 40_000, uom: "GRM" }]);
    const sale = events.find((event) => event.type === "TransactionEvent")!;
    expect(sale.bizTransactionList).toEqual([{ type: "inv", bizTransaction: expect.stringMatching(/^http:\/\/localhost:8787\/v\//) }]);
    expect(sale.quantityList).toEqual([{ epcClass: LOT_DL, quantity: 10_000, uom: "GRM" }]);
    expect(events.find((event) => event.disposition === "recalled")!["shian:recallReason"]).toBe("test-failed");
  });

  it("merges captured events linked to the lot's tree into the derived ones by event time", async () => {
    const derived = ((await exportLot(s.seller.key, s.lot)).body as Doc).epcisBody.eventList;
    const times = derived.map((event) => Date.parse(event.eventTime));
    // two neighbouring derived events with different times, and a partner's event between them
    const i = times.findIndex((time, index) => index + 1 < times.length && time + 1 < times[index + 1]!);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(i + 1).toBeLessThan(derived.length - 1);
    const between = new Date(Math.floor((times[i]! + times[i + 1]!) / 2)).toISOString();
    const partnerEvent = { type: "ObjectEvent", eventTime: between, eventTimeZoneOffset: "+00:00", action: "OBSERVE", bizStep: "storing", quantityList: [{ epcClass: batchUrl(s.lot), quantity: 1 }], "partner:dock": "D9" };
    const stored = await capture(s.seller.key, { ...partnerDocument(), epcisBody: { eventList: [partnerEvent] } });
    expect(stored.status, stored.text).toBe(201);
    expect(stored.body.linked.map((link: { batches: string[] }) => link.batches)).toEqual([[s.lot]]);

    const doc = (await exportLot(s.seller.key, s.lot)).body as Doc;
    expect(validateEpcisDocument(doc)).toEqual({ ok: true });
    const events = doc.epcisBody.eventList;
    expect(events).toHaveLength(derived.length + 1);
    expect(events[i + 1]!["partner:dock"]).toBe("D9");
    expect(events[i + 1]!.eventID).toBe(stored.body.linked[0].eventID);
    // the derived events keep their order and IDs around it
    expect(events.filter((_, index) => index !== i + 1).map((event) => event.eventID)).toEqual(derived.map((event) => event.eventID));
    const exportedTimes = events.map((event) => Date.parse(event.eventTime));
    expect(exportedTimes).toEqual([...exportedTimes].sort((a, b) => a - b));
  });

  it("refuses other organisations' lots (403), unknown lots (404) and calls without a key (401)", async () => {
    expectProblem(await exportLot(s.other.key, s.lot), 403, "forbidden");
    expectProblem(await exportLot(s.seller.key, "9999-1-1"), 404, "not-found");
    expectProblem(await h.call("GET", `/v1/batches/${s.lot}/epcis`), 401, "unauthenticated");
  });
});

describe("POST /v1/epcis/capture", () => {
  it("stores a partner's events once, links them to our batches by GTIN + lot or batch URL, and the lot's export carries them", async () => {
    const first = await capture(s.seller.key, partnerDocument());
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({ events: 3, stored: 3 });
    expect(first.body.linked.map((link: { batches: string[] }) => link.batches)).toEqual([[s.lotA], [s.lot], []]);
    const again = await capture(s.seller.key, partnerDocument(), "application/json");
    expect(again.status, again.text).toBe(201);
    expect(again.body).toMatchObject({ events: 3, stored: 0 });
    expect(again.body.linked.map((link: { eventID: string }) => link.eventID)).toEqual(first.body.linked.map((link: { eventID: string }) => link.eventID));
    expect(await count(h, "epcis_events")).toBe(3);
    expect(await count(h, "epcis_event_batches")).toBe(2);

    const exported = (await exportLot(s.seller.key, s.lot)).body as Doc;
    expect(validateEpcisDocument(exported)).toEqual({ ok: true });
    const captured = exported.epcisBody.eventList.filter((event) => event["partner:dock"] !== undefined || (event.type === "ObjectEvent" && event.bizStep === "shipping"));
    expect(captured).toHaveLength(2);
    expect(captured[0]!["@context"]).toEqual([{ partner: "https://partner.example/epcis/" }]);
    expect(captured.map((event) => event.eventID)).toEqual(first.body.linked.slice(0, 2).map((link: { eventID: string }) => link.eventID));
  });

  it("links nothing to another organisation's batches: their events are kept unlinked", async () => {
    const reply = await capture(s.other.key, partnerDocument());
    expect(reply.status, reply.text).toBe(201);
    expect(reply.body.linked.map((link: { batches: string[] }) => link.batches)).toEqual([[], [], []]);
    const exported = (await exportLot(s.seller.key, s.lot)).body as Doc;
    expect(exported.epcisBody.eventList.some((event) => event["partner:dock"] !== undefined)).toBe(false);
  });

  it("refuses an invalid document with each schema error's path and message, storing nothing", async () => {
    const broken = partnerDocument({ action: "JUMP", eventTime: "yesterday" });
    const reply = await capture(s.seller.key, broken);
    expectProblem(reply, 400, "invalid-epcis-document");
    const paths = (reply.body.issues as Array<{ path: unknown[]; message: string }>).map((issue) => issue.path.join("/"));
    expect(paths).toContain("epcisBody/eventList/0/action");
    expect(paths).toContain("epcisBody/eventList/0/eventTime");
    expect(reply.body.issues.every((issue: { message: string }) => issue.message.length > 0)).toBe(true);
    expectProblem(await capture(s.seller.key, { ...partnerDocument(), type: "EPCISQueryDocument" }), 400, "invalid-epcis-document");
    expectProblem(await capture(s.seller.key, "a string, not a document"), 400, "invalid-request");
    expectProblem(await h.call("POST", "/v1/epcis/capture", { key: s.seller.key, body: "{not json", headers: { "content-type": "application/ld+json" } }), 400, "invalid-request");
    expectProblem(await capture(s.seller.key, partnerDocument({ bizStep: "urn:epcglobal:cbv:bizstep:receiving" })), 400, "invalid-epcis-document");
    expectProblem(await capture(s.seller.key, partnerDocument(), "text/plain"), 415, "unsupported-media-type");
    expectProblem(await h.call("POST", "/v1/epcis/capture", { json: partnerDocument() }), 401, "unauthenticated");
    expect(await count(h, "epcis_events")).toBe(0);
  });

  it("stores nothing when a statement fails mid-transaction", async () => {
    // The capture's statements run in one db.batch; a failing statement between the event
    // chunks (one event per chunk here) must roll the earlier chunks back.
    const failing: Database = new Proxy(h.db, {
      get(target, property, receiver) {
        if (property !== "batch") return Reflect.get(target, property, receiver);
        return (statements: unknown[]) => target.batch([statements[0], target.run(sql`INSERT INTO no_such_table (x) VALUES (1)`), ...statements.slice(1)] as never);
      },
    });
    const service = new EpcisCaptureService(failing, h.services.orgs, h.services.config.publicUrl, h.services.now, 1);
    const principal = await h.services.apiKeys.authenticate(s.seller.key);
    await expect(service.capture(principal, partnerDocument())).rejects.toThrow();
    expect(await count(h, "epcis_events")).toBe(0);
    expect(await count(h, "epcis_event_batches")).toBe(0);
  });
});

describe("GET /v1/epcis/events", () => {
  const query = (key: string, params: string) => h.call("GET", `/v1/epcis/events?${params}`, { key });

  it("filters the organisation's derived and captured events with the standard's parameters", async () => {
    expect((await capture(s.seller.key, partnerDocument())).status).toBe(201);
    const recalled = await query(s.seller.key, "EQ_disposition=recalled");
    expect(recalled.status, recalled.text).toBe(200);
    expect(recalled.headers.get("content-type")).toMatch(/^application\/ld\+json/);
    const doc = recalled.body as QueryDoc;
    expect(doc.type).toBe("EPCISQueryDocument");
    expect(validateEpcisDocument(doc)).toEqual({ ok: true });
    expect(doc.epcisBody.queryResults.resultsBody.eventList.map((event) => event.disposition)).toEqual(["recalled"]);

    const transformations = (await query(s.seller.key, "eventType=TransformationEvent")).body as QueryDoc;
    expect(transformations.epcisBody.queryResults.resultsBody.eventList).toHaveLength(1);
    const ofLot = (await query(s.seller.key, `MATCH_epcClass=${encodeURIComponent(LOT_DL)}`)).body as QueryDoc;
    expect(ofLot.epcisBody.queryResults.resultsBody.eventList.length).toBeGreaterThanOrEqual(3);
    for (const event of ofLot.epcisBody.queryResults.resultsBody.eventList) expect(JSON.stringify(event)).toContain(LOT_DL);
    const shipping = (await query(s.seller.key, "EQ_bizStep=shipping")).body as QueryDoc;
    // the sale voucher (derived) and the partner's shipping event (captured)
    expect(shipping.epcisBody.queryResults.resultsBody.eventList.map((event) => event.type).sort()).toEqual(["ObjectEvent", "TransactionEvent"]);
    const located = (await query(s.seller.key, `EQ_bizLocation=${encodeURIComponent("https://id.gs1.org/414/0614141073467")}`)).body as QueryDoc;
    expect(located.epcisBody.queryResults.resultsBody.eventList.map((event) => event.bizStep)).toEqual(["storing"]);
    const byEpc = (await query(s.seller.key, `MATCH_epc=${encodeURIComponent("https://id.gs1.org/01/10614141073464")}`)).body as QueryDoc;
    expect(byEpc.epcisBody.queryResults.resultsBody.eventList).toHaveLength(1);
    const late = (await query(s.seller.key, `GE_eventTime=${encodeURIComponent(s.times.recalled)}&LT_eventTime=${encodeURIComponent(s.times.other)}`)).body as QueryDoc;
    expect(late.epcisBody.queryResults.resultsBody.eventList.map((event) => event.disposition)).toEqual(["recalled"]);
    // another organisation sees none of it
    const theirs = (await query(s.other.key, "EQ_disposition=recalled")).body as QueryDoc;
    expect(theirs.epcisBody.queryResults.resultsBody.eventList).toEqual([]);
  });

  it("pages with perPage and nextPageToken through every event once, in time order", async () => {
    expect((await capture(s.seller.key, partnerDocument())).status).toBe(201);
    const all = ((await query(s.seller.key, "perPage=500")).body as QueryDoc).epcisBody.queryResults.resultsBody.eventList;
    const seen: string[] = [];
    let params = "perPage=2";
    for (let pages = 0; pages < 50; pages++) {
      const reply = await query(s.seller.key, params);
      expect(reply.status, reply.text).toBe(200);
      seen.push(...(reply.body as QueryDoc).epcisBody.queryResults.resultsBody.eventList.map((event) => event.eventID as string));
      const token = reply.headers.get("next-page-token");
      if (!token) break;
      expect(reply.headers.get("link")).toContain("nextPageToken=");
      params = `perPage=2&nextPageToken=${encodeURIComponent(token)}`;
    }
    expect(seen).toEqual(all.map((event) => event.eventID));
    expect(new Set(seen).size).toBe(seen.length);
    expect(all.length).toBeGreaterThan(8);
    const times = all.map((event) => new Date(event.eventTime).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("refuses bad parameters and foreign page tokens", async () => {
    expectProblem(await query(s.seller.key, "eventType=CoffeeEvent"), 400, "invalid-request");
    expectProblem(await query(s.seller.key, "perPage=0"), 400, "invalid-request");
    expectProblem(await query(s.seller.key, "nextPageToken=bm90IGEgdG9rZW4"), 400, "invalid-request");
    expectProblem(await query(s.seller.key, "GE_eventTime=yesterday"), 400, "invalid-request");
    expectProblem(await h.call("GET", "/v1/epcis/events"), 401, "unauthenticated");
  });
});

describe("the GS1 resolver's gs1:epcis link", () => {
  it("leads from the lot's Digital Link to the batch's EPCIS document", async () => {
    const reply = await h.call("GET", "/01/06901234567892/10/L-2026-03?linkType=gs1:epcis");
    expect(reply.status, reply.text).toBe(307);
    expect(reply.headers.get("location")).toBe(`${BASE}/v1/batches/${s.lotA}/epcis`);
    const followed = await h.call("GET", new URL(reply.headers.get("location")!).pathname, { key: s.seller.key });
    expect(followed.status, followed.text).toBe(200);
    expect(validateEpcisDocument(followed.body)).toEqual({ ok: true });
    const description = await h.call("GET", "/.well-known/gs1resolver");
    expect(JSON.stringify(description.body)).toContain("https://gs1.org/voc/epcis");
  });
});
