import { fromJws } from "@shian/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { certificateBody } from "../certificate-fixtures";
import { createHarness, type Harness, type TestOrg, vegetableBatch } from "../harness";
import { count, createBatch, expectProblem, issue, json, pathOf } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const BASE = "http://localhost:8787";
/** GS1's example GTIN; vouchers store it in its 13-digit form, the resolver is asked the GTIN-14. */
const GTIN14 = "09506000134352";
const GTIN13 = "9506000134352";
const VOC = "https://gs1.org/voc/";

/** A producer with a profile (certificates need its phone), two batches, each with a voucher carrying the GTIN and its lot. */
async function world() {
  const farm = await h.org("producer", { name: "华宁县绿源蔬菜种植专业合作社" });
  const profile = await h.call("PUT", `/v1/merchants/${farm.id}/profile`, {
    key: farm.key,
    json: { uscc: "91530424MA6N7P2Q0G", businessType: "producer", address: "宁州街道 12 号", region: "530424", responsiblePerson: { name: "杨华" }, phone: "13987712345" },
  });
  expect(profile.status, profile.text).toBe(200);
  const batchA = await createBatch(h, farm, vegetableBatch(20_000));
  const batchB = await createBatch(h, farm, vegetableBatch(20_000));
  const certificate = await h.call("POST", "/v1/certificates", { key: farm.key, json: certificateBody({ batchCode: batchA.code }) });
  expect(certificate.status, certificate.text).toBe(201);
  const voucherA = await issue(h, farm, { batchCode: batchA.code, gtin: GTIN13, lot: "LOT-A" });
  const voucherB = await issue(h, farm, { batchCode: batchB.code, gtin: GTIN13, lot: "LOT-B" });
  return { farm, batchA, batchB, certificate: certificate.body as { url: string; code: string }, voucherA, voucherB };
}

const linkset = (path: string, headers: Record<string, string> = {}) => h.call("GET", path, { headers: { accept: "application/linkset+json", ...headers } });
const addLink = (org: TestOrg, body: Record<string, unknown>) => h.call("POST", "/v1/gs1/links", { key: org.key, json: body });

describe("GS1 Digital Link resolver /01/{gtin}…", () => {
  it("/01/{gtin}/10/{lot} resolves to the batch of the trace code: 307 to the scan page, the linkset with every served link type", async () => {
    const { batchA, certificate, voucherA } = await world();
    const reply = await h.call("GET", `/01/${GTIN14}/10/LOT-A`);
    expect(reply.status).toBe(307);
    expect(reply.headers.get("location")).toBe(voucherA.url);
    expect(reply.headers.get("link")).toBe(`<${BASE}/01/${GTIN14}/10/LOT-A?linkType=linkset>; rel="linkset"; type="application/linkset+json"`);
    // The scan page it leads to is the voucher of batch A: the same batch as its trace code.
    const scanned = await h.call("GET", pathOf(reply.headers.get("location")!), { headers: json });
    expect(scanned.body.state).toBe("valid");
    expect(scanned.body.voucher.claims).toMatchObject({ batchCode: batchA.code, gtin: GTIN13, lot: "LOT-A" });

    const set = await h.call("GET", `/01/${GTIN14}/10/LOT-A?linkType=all`);
    expect(set.status).toBe(200);
    expect(set.headers.get("content-type")).toBe("application/linkset+json");
    const context = set.body.linkset[0];
    expect(context.anchor).toBe(`${BASE}/01/${GTIN14}/10/LOT-A`);
    expect(context[`${VOC}defaultLink`]).toEqual([{ href: voucherA.url, title: expect.any(String), type: "text/html" }]);
    expect(context[`${VOC}pip`]).toEqual([{ href: voucherA.url, title: expect.any(String), type: "text/html" }]);
    expect(context[`${VOC}traceability`]).toEqual([{ href: voucherA.url, title: expect.any(String), type: "application/json" }]);
    expect(context[`${VOC}recallStatus`]).toEqual([{ href: voucherA.url, title: expect.any(String), type: "application/json" }]);
    expect(context[`${VOC}certificationInfo`]).toEqual([{ href: certificate.url, title: expect.any(String), type: "text/html" }]);
    expect(context[`${VOC}verificationService`]).toEqual([{ href: `${BASE}/scanner/`, title: expect.any(String), type: "text/html" }]);
    const [jwsLink] = context[`${VOC}jws`];
    expect(jwsLink.type).toBe("application/jose");
    const jws = await h.call("GET", pathOf(jwsLink.href));
    expect(jws.status).toBe(200);
    expect(jws.headers.get("content-type")).toBe("application/jose");
    expect(jws.text.split(".")).toHaveLength(3);
    expect(fromJws(jws.text)).toBeInstanceOf(Uint8Array);

    // Named link types redirect to that link.
    const recall = await h.call("GET", `/01/${GTIN14}/10/LOT-A?linkType=gs1:recallStatus`);
    expect(recall.status).toBe(307);
    expect(recall.headers.get("location")).toBe(voucherA.url);
    const cert = await h.call("GET", `/01/${GTIN14}/10/LOT-A?linkType=${encodeURIComponent(`${VOC}certificationInfo`)}`);
    expect(cert.headers.get("location")).toBe(certificate.url);
  });

  it("the linkset has the RFC 9264 shape: linkset: [{ anchor, <relation URI>: [{ href, title, … }] }]", async () => {
    await world();
    for (const reply of [await linkset(`/01/${GTIN14}`), await h.call("GET", `/01/${GTIN14}?linkType=linkset`)]) {
      expect(reply.status).toBe(200);
      expect(reply.headers.get("content-type")).toBe("application/linkset+json");
      expect(Object.keys(reply.body)).toEqual(["linkset"]);
      expect(reply.body.linkset).toHaveLength(1);
      const { anchor, ...relations } = reply.body.linkset[0];
      expect(anchor).toBe(`${BASE}/01/${GTIN14}`);
      expect(Object.keys(relations).length).toBeGreaterThanOrEqual(6);
      for (const [relation, targets] of Object.entries(relations)) {
        expect(relation).toMatch(/^https:\/\/gs1\.org\/voc\/[A-Za-z]+$/);
        expect(Array.isArray(targets)).toBe(true);
        for (const target of targets as Array<Record<string, unknown>>) {
          expect(target).toEqual(expect.objectContaining({ href: expect.stringMatching(/^https?:\/\//), title: expect.any(String) }));
          expect(Object.keys(target).every((k) => ["href", "title", "type", "hreflang"].includes(k))).toBe(true);
        }
      }
    }
  });

  it("an unknown lot falls back to the GTIN's links (its latest voucher); /21/{trace code} picks that voucher; /22/{cpv}/10/{lot} resolves by the lot", async () => {
    const { voucherA, voucherB } = await world();
    const unknown = await h.call("GET", `/01/${GTIN14}/10/NO-SUCH-LOT`);
    expect(unknown.status).toBe(307);
    expect(unknown.headers.get("location")).toBe(voucherB.url);
    expect((await linkset(`/01/${GTIN14}/10/NO-SUCH-LOT`)).body.linkset[0].anchor).toBe(`${BASE}/01/${GTIN14}/10/NO-SUCH-LOT`);
    expect((await h.call("GET", `/01/${GTIN14}`)).headers.get("location")).toBe(voucherB.url);
    // The 13-digit form in the path resolves the same GTIN.
    expect((await h.call("GET", `/01/${GTIN13}/10/LOT-A`)).headers.get("location")).toBe(voucherA.url);
    expect((await h.call("GET", `/01/${GTIN14}/21/${voucherA.code}`)).headers.get("location")).toBe(voucherA.url);
    expect((await h.call("GET", `/01/${GTIN14}/22/2A/10/LOT-A`)).headers.get("location")).toBe(voucherA.url);
  });

  it("400 problem+json naming the AI and the rule for a bad Digital Link; 404 for an unknown GTIN and a link type the item lacks", async () => {
    await world();
    const badCheck = await h.call("GET", "/01/09506000134353");
    expectProblem(badCheck, 400, "invalid-digital-link");
    expect(badCheck.body.detail).toMatch(/AI \(01\)/);
    expect(badCheck.body.detail).toMatch(/check-digit/);
    expect(badCheck.body.issues).toEqual([expect.objectContaining({ ai: "01", rule: "check-digit" })]);
    expect(badCheck.headers.get("access-control-allow-origin")).toBe("*");
    const badLot = await h.call("GET", `/01/${GTIN14}/10/${"L".repeat(21)}`);
    expectProblem(badLot, 400, "invalid-digital-link");
    expect(badLot.body.issues[0]).toMatchObject({ ai: "10", rule: "length" });
    const badAttribute = await h.call("GET", `/01/${GTIN14}?17=261399`);
    expectProblem(badAttribute, 400, "invalid-digital-link");
    expect(badAttribute.body.issues[0]).toMatchObject({ ai: "17" });

    expectProblem(await h.call("GET", "/01/00012345600012"), 404, "not-found");
    const missing = await h.call("GET", `/01/${GTIN14}/10/LOT-A?linkType=gs1:nutritionalInfo`);
    expectProblem(missing, 404, "not-found");
    expect(missing.body.detail).toContain("gs1:nutritionalInfo");
    expect(missing.headers.get("link")).toContain(`${BASE}/01/${GTIN14}/10/LOT-A?linkType=linkset`);
  });

  it("HEAD answers the headers without a body; OPTIONS is a CORS preflight; answers carry CORS headers", async () => {
    const { voucherA } = await world();
    const head = await h.call("HEAD", `/01/${GTIN14}/10/LOT-A`);
    expect(head.status).toBe(307);
    expect(head.headers.get("location")).toBe(voucherA.url);
    expect(head.headers.get("link")).toContain('rel="linkset"');
    expect(head.text).toBe("");
    const headSet = await h.call("HEAD", `/01/${GTIN14}/10/LOT-A?linkType=all`);
    expect(headSet.status).toBe(200);
    expect(headSet.headers.get("content-type")).toBe("application/linkset+json");
    expect(headSet.text).toBe("");

    const options = await h.call("OPTIONS", `/01/${GTIN14}/10/LOT-A`, { headers: { origin: "https://shop.example", "access-control-request-method": "GET" } });
    expect(options.status).toBe(204);
    expect(options.headers.get("access-control-allow-origin")).toBe("*");
    expect(options.headers.get("access-control-allow-methods")).toContain("GET");
    expect(options.headers.get("access-control-allow-methods")).toContain("HEAD");
    const get = await h.call("GET", `/01/${GTIN14}/10/LOT-A`, { headers: { origin: "https://shop.example" } });
    expect(get.headers.get("access-control-allow-origin")).toBe("*");
    expect(get.headers.get("access-control-expose-headers")).toMatch(/Link/);
    expect(get.headers.get("access-control-expose-headers")).toMatch(/Location/);
  });

  it("/.well-known/gs1resolver describes the resolver", async () => {
    const reply = await h.call("GET", "/.well-known/gs1resolver");
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ resolverRoot: BASE, supportedPrimaryKeys: ["01"], linkTypeDefaultCanBeLinkset: false });
    expect(reply.body.supportedLinkType.map((t: { profile: string }) => t.profile)).toEqual(
      expect.arrayContaining([`${VOC}pip`, `${VOC}traceability`, `${VOC}recallStatus`, `${VOC}certificationInfo`, `${VOC}jws`, `${VOC}verificationService`]),
    );
  });
});

describe("/v1/gs1/links: issuers' own resolver links", () => {
  it("an issuer adds links for its GTIN (a lot's first, then the GTIN's), lists and deletes them; the resolver serves them", async () => {
    const { farm } = await world();
    const forGtin = await addLink(farm, { gtin: GTIN13, linkType: "gs1:sustainabilityInfo", href: "https://farm.example/green", title: "How we grow", language: "en" });
    expect(forGtin.status, forGtin.text).toBe(201);
    expect(forGtin.body).toEqual({ id: expect.any(String), orgId: farm.id, gtin: GTIN14, lot: null, linkType: "gs1:sustainabilityInfo", href: "https://farm.example/green", title: "How we grow", language: "en", type: null, createdAt: expect.any(String) });
    const forLot = await addLink(farm, { gtin: GTIN14, lot: "LOT-A", linkType: "gs1:sustainabilityInfo", href: "https://farm.example/lot-a", title: "Lot A field", language: "zh-CN", type: "text/html" });
    expect(forLot.status, forLot.text).toBe(201);

    const set = (await linkset(`/01/${GTIN14}/10/LOT-A`)).body.linkset[0];
    expect(set[`${VOC}sustainabilityInfo`]).toEqual([
      { href: "https://farm.example/lot-a", title: "Lot A field", type: "text/html", hreflang: ["zh-CN"] },
      { href: "https://farm.example/green", title: "How we grow", hreflang: ["en"] },
    ]);
    expect((await linkset(`/01/${GTIN14}/10/LOT-B`)).body.linkset[0][`${VOC}sustainabilityInfo`]).toEqual([{ href: "https://farm.example/green", title: "How we grow", hreflang: ["en"] }]);
    const en = await h.call("GET", `/01/${GTIN14}/10/LOT-A?linkType=gs1:sustainabilityInfo`, { headers: { "accept-language": "en-GB, zh;q=0.5" } });
    expect(en.status).toBe(307);
    expect(en.headers.get("location")).toBe("https://farm.example/green");

    const listed = await h.call("GET", `/v1/gs1/links?gtin=${GTIN13}`, { key: farm.key });
    expect(listed.status).toBe(200);
    expect(listed.body.links.map((l: { id: string }) => l.id).sort()).toEqual([forGtin.body.id, forLot.body.id].sort());
    const deleted = await h.call("DELETE", `/v1/gs1/links/${forLot.body.id}`, { key: farm.key });
    expect(deleted.status).toBe(200);
    expect(deleted.body.id).toBe(forLot.body.id);
    expect(await count(h, "gs1_links")).toBe(1);
    expectProblem(await h.call("DELETE", `/v1/gs1/links/${forLot.body.id}`, { key: farm.key }), 404, "not-found");
  });

  it("must not: another organisation cannot add links for a GTIN it never issued, see, or delete the issuer's links; the resolver does not serve them", async () => {
    const { farm } = await world();
    const other = await h.org("wholesaler");
    const mine = await addLink(farm, { gtin: GTIN14, linkType: "gs1:instructions", href: "https://farm.example/cook", title: "Cooking" });
    expect(mine.status).toBe(201);

    expectProblem(await addLink(other, { gtin: GTIN14, linkType: "gs1:pip", href: "https://evil.example/", title: "Fake page" }), 403, "forbidden");
    expectProblem(await addLink(other, { gtin: GTIN13, lot: "LOT-A", linkType: "gs1:recallStatus", href: "https://evil.example/", title: "Fake recall" }), 403, "forbidden");
    expectProblem(await h.call("DELETE", `/v1/gs1/links/${mine.body.id}`, { key: other.key }), 403, "forbidden");
    expect((await h.call("GET", "/v1/gs1/links", { key: other.key })).body.links).toEqual([]);
    expect(await count(h, "gs1_links")).toBe(1);
    const set = (await linkset(`/01/${GTIN14}`)).body.linkset[0];
    expect(JSON.stringify(set)).not.toContain("evil.example");
    expect(set[`${VOC}instructions`]).toEqual([{ href: "https://farm.example/cook", title: "Cooking" }]);

    // Even when the other organisation issues the same GTIN, its links stay on its own vouchers' answers.
    await issue(h, other, { gtin: GTIN14, lot: "OTHER-LOT" });
    const theirs = await addLink(other, { gtin: GTIN14, lot: "OTHER-LOT", linkType: "gs1:instructions", href: "https://other.example/", title: "Theirs" });
    expect(theirs.status).toBe(201);
    expect(JSON.stringify((await linkset(`/01/${GTIN14}/10/LOT-A`)).body)).not.toContain("other.example");
    expect(JSON.stringify((await h.call("GET", "/v1/gs1/links", { key: farm.key })).body)).not.toContain("other.example");

    // Bad bodies and missing keys.
    expectProblem(await addLink(farm, { gtin: GTIN14, linkType: "gs1:nope", href: "https://farm.example/", title: "x" }), 400, "invalid-request");
    expectProblem(await addLink(farm, { gtin: GTIN14, linkType: "gs1:pip", href: "javascript:alert(1)", title: "x" }), 400, "invalid-request");
    expectProblem(await h.call("POST", "/v1/gs1/links", { json: { gtin: GTIN14, linkType: "gs1:pip", href: "https://x.example/", title: "x" } }), 401, "unauthenticated");
    const reader = await h.org("producer", { scopes: ["read"] });
    expectProblem(await addLink(reader, { gtin: GTIN14, linkType: "gs1:pip", href: "https://x.example/", title: "x" }), 403, "forbidden");
  });
});
