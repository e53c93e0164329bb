/**
 * The scanner's trust store in Node (the same code the page runs): it keeps what the SDK's
 * verifier accepts, refuses a rolled-back bundle and an untrusted one, takes a status list
 * only when newer, and verifies from storage with no source at all.
 */
import { generateKeyPair, signStatusList, signTrustBundle, signVoucher, type StatusValue } from "@shian/sdk";
import { formatTraceCode } from "@shian/schemas";
import { beforeAll, describe, expect, it } from "vitest";
import { type Fetched, type TrustSource, TrustStore } from "../src/trust";

const HOST = "trace.example.cn";
const NAMESPACE = 4406071;
const hour = 3600_000;
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();

/** A source that serves whatever the test sets, counting requests; `down` makes it unreachable. */
class FakeSource implements TrustSource {
  readonly id = "https://fake.example";
  authorityKeys: unknown[] = [];
  bundleJws = "";
  lists = new Map<number, string>();
  down = false;
  requests = 0;
  private check() {
    this.requests++;
    if (this.down) throw new TypeError("Failed to fetch");
  }
  async authority() {
    this.check();
    return this.authorityKeys;
  }
  async bundle(): Promise<Fetched> {
    this.check();
    return { jws: this.bundleJws, etag: null };
  }
  async statusList(namespace: number): Promise<Fetched> {
    this.check();
    const jws = this.lists.get(namespace);
    return jws ? { jws, etag: null } : "missing";
  }
}

const memoryStorage = () => {
  const map = new Map<string, string>();
  return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
};

let authority: Awaited<ReturnType<typeof generateKeyPair>>;
let issuerKey: Awaited<ReturnType<typeof generateKeyPair>>;
let voucherUrl = "";
const now = Date.now();

const bundle = (version: number, privateJwk = authority.privateJwk) =>
  signTrustBundle(
    {
      version,
      issuedAt: iso(now - hour),
      expiresAt: iso(now + 24 * hour),
      resolverHosts: [HOST],
      issuers: [
        {
          id: "sanshui-market",
          name: "三水区农产品批发市场",
          roles: ["wholesale-market"],
          namespaces: [NAMESPACE],
          keys: [{ keyIndex: 1, jwk: issuerKey.publicJwk, notBefore: iso(now - 48 * hour), notAfter: iso(now + 48 * hour) }],
        },
      ],
    },
    privateJwk,
  );

const statusList = (version: number, entries: Array<[number, StatusValue]>) =>
  signStatusList({ namespace: NAMESPACE, version, issuedAt: iso(now - hour), expiresAt: iso(now + 24 * hour), size: 1024, entries }, issuerKey.privateJwk);

beforeAll(async () => {
  authority = await generateKeyPair();
  issuerKey = await generateKeyPair();
  const voucher = await signVoucher(
    { type: "sale", code: formatTraceCode({ namespace: NAMESPACE, serial: 17 }), issuedAt: iso(now - 2 * hour), productCategory: "vegetable", netWeightGrams: 800 },
    { key: issuerKey.privateJwk, keyIndex: 1, baseUrl: `https://${HOST}/v/` },
  );
  voucherUrl = voucher.url;
});

describe("scanner trust store", () => {
  it("pins the anchors, keeps the newest bundle and lists, refuses rollbacks and strangers, and verifies from storage", async () => {
    const source = new FakeSource();
    source.authorityKeys = [authority.publicJwk];
    source.bundleJws = await bundle(2);
    source.lists.set(NAMESPACE, await statusList(1, []));
    const storage = memoryStorage();
    const store = new TrustStore(source, storage);

    expect(await store.verify(voucherUrl)).toBeUndefined(); // nothing held yet
    await store.refresh();
    expect(store.summary()).toMatchObject({ bundleVersion: 2, statusLists: 1 });
    const valid = await store.verify(voucherUrl);
    expect(valid).toMatchObject({ valid: true, status: "valid", trust: { source: "bundle", version: 2 } });

    // A rolled-back bundle (properly signed, older version) is refused by the SDK; v2 stays.
    source.bundleJws = await bundle(1);
    await expect(store.refresh()).rejects.toMatchObject({ code: "stale-bundle" });
    expect(store.summary()).toMatchObject({ bundleVersion: 2, refreshFailed: true });
    // A bundle signed by someone else is refused.
    const stranger = await generateKeyPair();
    source.bundleJws = await bundle(3, stranger.privateJwk);
    await expect(store.refresh()).rejects.toMatchObject({ code: "untrusted-bundle" });
    expect(store.summary().bundleVersion).toBe(2);

    // A newer list recalls the voucher's serial; an older one afterwards changes nothing.
    source.bundleJws = await bundle(3);
    source.lists.set(NAMESPACE, await statusList(2, [[17, "recalled"]]));
    await store.refresh();
    expect(store.summary()).toMatchObject({ bundleVersion: 3, statusLists: 1 });
    expect(await store.verify(voucherUrl)).toMatchObject({ valid: false, status: "recalled", error: { code: "recalled" } });
    source.lists.set(NAMESPACE, await statusList(1, []));
    await store.refresh();
    expect((await store.verify(voucherUrl))?.status).toBe("recalled");

    // Another visit, no network: everything comes from storage, the floor version included.
    source.down = true;
    const requests = source.requests;
    const offline = new TrustStore(source, storage);
    await offline.load();
    expect(source.requests).toBe(requests);
    expect(offline.summary()).toMatchObject({ bundleVersion: 3, statusLists: 1 });
    expect(await offline.verify(voucherUrl)).toMatchObject({ valid: false, status: "recalled" });
    await expect(offline.refresh()).rejects.toThrow("Failed to fetch");
    expect((await offline.verify(voucherUrl))?.status).toBe("recalled");

    // Stored data rolled back by hand (an older bundle under the same floor) is refused on load.
    const key = [...storage.map.keys()][0]!;
    const stored = JSON.parse(storage.map.get(key)!);
    stored.bundle.jws = await bundle(2);
    storage.map.set(key, JSON.stringify(stored));
    const tampered = new TrustStore(source, storage);
    await tampered.load();
    expect(tampered.ready).toBe(false);
    expect(tampered.summary().problem).toBe("stale");
  });

  it("anchors given by the page win over the source's", async () => {
    const source = new FakeSource();
    const stranger = await generateKeyPair();
    source.authorityKeys = [stranger.publicJwk];
    source.bundleJws = await bundle(1);
    const store = new TrustStore(source, memoryStorage(), [authority.publicJwk]);
    await store.refresh();
    expect((await store.verify(voucherUrl))?.valid).toBe(true);

    const tofu = new TrustStore(source, memoryStorage());
    await expect(tofu.refresh()).rejects.toMatchObject({ code: "untrusted-bundle" });
    expect(tofu.summary().problem).toBe("untrusted");
  });
});
