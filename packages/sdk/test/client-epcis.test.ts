/** The API client's EPCIS 2.0 methods: export, capture (idempotent), query with paging. */
import { validateEpcisDocument } from "@shian/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../api/test/harness";
import { seedScenario, steppingClock } from "../../api/test/supply-chain/scenario";
import { ShianApiError, ShianClient } from "../src/index";
import { operationKeys, recordRoutes, seenAmong } from "./route-recorder";

let h: Harness;
beforeAll(async () => {
  const clock = steppingClock();
  h = await createHarness({}, { now: clock.now });
});
afterAll(() => h?.close());

describe("ShianClient: EPCIS", () => {
  it("calls every EPCIS route with typed results", async () => {
    const s = await seedScenario(h, steppingClock(Date.parse("2026-04-01T00:00:00.000Z")));
    const { fetch, seen } = recordRoutes((request) => h.app.fetch(request));
    const client = new ShianClient({ baseUrl: "http://localhost:8787", apiKey: s.seller.key, fetch });

    const text = await new Response(await client.epcis.exportBatch(s.lot)).text();
    const document = JSON.parse(text) as { epcisBody: { eventList: unknown[] } };
    expect(validateEpcisDocument(document)).toEqual({ ok: true });
    expect(document.epcisBody.eventList.length).toBe(9);

    const partner = {
      "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
      type: "EPCISDocument",
      schemaVersion: "2.0",
      creationDate: "2026-04-02T00:00:00Z",
      epcisBody: { eventList: [{ type: "ObjectEvent", eventTime: "2026-04-02T00:00:00Z", eventTimeZoneOffset: "+08:00", action: "OBSERVE", bizStep: "receiving", quantityList: [{ epcClass: "https://id.gs1.org/01/06901234567892/10/L-2026-03", quantity: 10, uom: "KGM" }] }] },
    };
    const captured = await client.epcis.capture(partner);
    expect(captured).toMatchObject({ events: 1, stored: 1, linked: [{ batches: [s.lotA] }] });
    expect((await client.epcis.capture(partner)).stored).toBe(0);
    const refused = await client.epcis.capture({ ...partner, epcisBody: { eventList: [{ type: "ObjectEvent" }] } }).catch((error) => error);
    expect(refused).toBeInstanceOf(ShianApiError);
    expect(refused).toMatchObject({ apiCode: "invalid-epcis-document", status: 400 });

    const first = await client.epcis.query({ EQ_bizStep: ["receiving", "shipping"], perPage: 1 });
    expect(first.document.type).toBe("EPCISQueryDocument");
    expect(first.document.epcisBody.queryResults.resultsBody.eventList).toHaveLength(1);
    expect(first.nextPageToken).toBeDefined();
    const rest = await client.epcis.query({ EQ_bizStep: ["receiving", "shipping"], perPage: 10, nextPageToken: first.nextPageToken });
    // the sale voucher (shipping), the partner's receiving event
    expect(rest.document.epcisBody.queryResults.resultsBody.eventList).toHaveLength(1);
    expect(rest.nextPageToken).toBeUndefined();

    const group = operationKeys((name) => name.startsWith("epcis."));
    expect(seenAmong(seen, group)).toEqual(group);
  });
});
