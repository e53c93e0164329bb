import { describe, expect, it } from "vitest";
import { contextPrefixes, epcisEventHashId, epcisEventHashIdSync, epcisPreHashString, hashTimestamp, sha256Hex } from "../src/epcis/event-hash";
import { SHA256_SYNC_IMPLEMENTATION, sha256HexJs, sha256HexSync } from "../src/epcis/sha256";
import { epcUrnToDigitalLink, normaliseIdentifier } from "../src/epcis/epc-uri";
import references from "./fixtures/epcis/event-hash-reference.json";

type Doc = { "@context": unknown; epcisBody: { eventList: Record<string, unknown>[] } };

describe("EPCIS event hash (CBV 2.0) against the algorithm authors' worked examples", () => {
  for (const reference of references) {
    const document = reference.document as unknown as Doc;
    const event = document.epcisBody.eventList[0]!;
    const prefixes = contextPrefixes(document["@context"]);
    it(`${reference.name}: pre-hash string`, () => {
      expect(epcisPreHashString(event, prefixes)).toBe(reference.preHashLines.join(""));
    });
    it(`${reference.name}: hash ID`, async () => {
      expect(await epcisEventHashId(event, prefixes)).toBe(reference.hash);
      expect(epcisEventHashIdSync(event, prefixes)).toBe(reference.hash);
      expect(await epcisEventHashId(event, prefixes, sha256Hex)).toBe(reference.hash);
      expect(await epcisEventHashId(event, prefixes, sha256HexJs)).toBe(reference.hash);
    });
  }

  it("is independent of key order, time zone and EPC syntax", async () => {
    const reference = references[0]!;
    const document = reference.document as unknown as Doc;
    const event = document.epcisBody.eventList[0]!;
    const prefixes = contextPrefixes(document["@context"]);
    const reordered = Object.fromEntries(Object.entries(event).reverse());
    const otherZone = { ...event, eventTime: "2020-03-04T05:00:30-05:00" };
    const asDigitalLinks = { ...event, epcList: ["https://example.com/00/040123450000002225?linkType=all", "https://id.gs1.org/00/040123450000001112", "https://id.gs1.org/00/040123450000003338"], bizStep: "urn:epcglobal:cbv:bizstep:departing" };
    for (const variant of [reordered, otherZone, asDigitalLinks]) expect(await epcisEventHashId(variant, prefixes)).toBe(reference.hash);
  });

  it("changes when any field changes, and ignores recordTime and eventID", async () => {
    const event = (references[2]!.document as unknown as Doc).epcisBody.eventList[0]!;
    const prefixes = contextPrefixes((references[2]!.document as unknown as Doc)["@context"]);
    const base = await epcisEventHashId(event, prefixes);
    expect(await epcisEventHashId({ ...event, recordTime: "2030-01-01T00:00:00Z", eventID: "urn:uuid:x" }, prefixes)).toBe(base);
    expect(await epcisEventHashId({ ...event, disposition: "in_progress" }, prefixes)).not.toBe(base);
    expect(await epcisEventHashId({ ...event, "example:userExt": "CD-35" }, prefixes)).not.toBe(base);
  });

  it("normalises timestamps to UTC milliseconds, rounding half-up past the third decimal", () => {
    expect(hashTimestamp("2020-04-01T15:00:00+01:00")).toBe("2020-04-01T14:00:00.000Z");
    expect(hashTimestamp("2023-01-18T11:04:03.1415Z")).toBe("2023-01-18T11:04:03.142Z");
    expect(hashTimestamp("2023-01-18T23:59:59.9996Z")).toBe("2023-01-19T00:00:00.000Z");
  });

  it("turns EPC URNs into canonical Digital Links (TDS 2.0 examples)", () => {
    expect(epcUrnToDigitalLink("urn:epc:id:sgtin:0614141.112345.400")).toBe("https://id.gs1.org/01/10614141123459/21/400");
    expect(epcUrnToDigitalLink("urn:epc:id:sscc:0614141.1234567890")).toBe("https://id.gs1.org/00/106141412345678908");
    expect(epcUrnToDigitalLink("urn:epc:class:lgtin:4012345.012345.998877")).toBe("https://id.gs1.org/01/04012345123456/10/998877");
    expect(epcUrnToDigitalLink("urn:epc:id:grai:0614141.12345.400")).toBe("https://id.gs1.org/8003/00614141123452400");
    expect(normaliseIdentifier("https://example.org/01/09506000134352/22/2A/10/ABC?17=290101")).toBe("https://id.gs1.org/01/09506000134352/10/ABC");
    expect(normaliseIdentifier("https://shian.example/v1/batches/1002-1-8")).toBe("https://shian.example/v1/batches/1002-1-8");
  });
});

describe("synchronous SHA-256, node:crypto and the plain-JavaScript fallback", () => {
  it("uses node:crypto in Node", () => {
    expect(SHA256_SYNC_IMPLEMENTATION).toBe("node:crypto");
    expect(sha256HexSync).not.toBe(sha256HexJs);
  });
  for (const [name, digest] of [["node:crypto", sha256HexSync], ["plain JavaScript", sha256HexJs]] as const) {
    it(`${name}: gives the FIPS 180-4 example digests and WebCrypto's for every length around the block boundaries`, async () => {
      expect(digest("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
      expect(digest("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
      expect(digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
      for (let length = 0; length < 200; length++) {
        const text = "食安".repeat(length % 7) + "x".repeat(length);
        expect(digest(text), `length ${length}`).toBe(await sha256Hex(text));
      }
      // a lone surrogate is encoded as U+FFFD by both
      expect(digest("a\ud800b")).toBe(await sha256Hex("a\ud800b"));
    });
  }
});
