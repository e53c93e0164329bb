/**
 * The offline trust data: the authority's public keys (the trust anchors), the signed trust
 * bundle and the signed status lists, fetched when online (from the API, or from a snapshot
 * file a static build ships) and kept in localStorage with their versions and ETags. Verification runs against the SDK's
 * `VoucherVerifier` built from this copy, so a scan needs no network. The SDK's rules hold:
 * a bundle older than the highest version ever accepted here is refused (`minBundleVersion`),
 * expired bundles and lists are refused, and a list replaces the held one only when newer.
 */
import { createOfflineVerifier, isShianError, type VerificationResult, type VoucherVerifier } from "@shian/sdk";

const STORAGE_VERSION = 1;

interface StoredDocument {
  jws: string;
  version: number;
  expiresAt: string;
  etag?: string;
}

export interface StoredTrust {
  v: typeof STORAGE_VERSION;
  /** The authority's public keys: pinned on first use, or given by the page. */
  anchors: unknown[];
  bundle?: StoredDocument;
  /** The highest bundle version accepted on this device: older bundles are refused. */
  highestBundleVersion: number;
  /** Status lists by namespace. */
  statusLists: Record<string, StoredDocument>;
  /** When the data was last refreshed from the API (ISO). */
  refreshedAt?: string;
}

/** stale: the stored or fetched bundle is expired, or older than one accepted before (the SDK's stale-bundle). */
export type TrustProblem = "none" | "stale" | "untrusted" | "storage";

export interface TrustSummary {
  bundleVersion?: number;
  statusLists: number;
  refreshedAt?: string;
  problem?: TrustProblem;
  /** The last refresh failed (offline, server error); the cached copy is in use. */
  refreshFailed?: boolean;
}

/** Key/value storage: localStorage in the browser, a Map in tests. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The JSON payload of a compact JWS, unverified: only read for versions once the SDK accepted it. */
function payloadOf(jws: string): { version?: number; expiresAt?: string; namespace?: number } {
  const part = jws.split(".")[1] ?? "";
  const b64 = part.replace(/-/g, "+").replace(/_/g, "/");
  const bytes = Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (ch) => ch.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function documentOf(jws: string, etag: string | null): StoredDocument {
  const { version = 0, expiresAt = "" } = payloadOf(jws);
  return { jws, version, expiresAt, ...(etag ? { etag } : {}) };
}

/** What a fetch of one signed document found. */
export type Fetched = { jws: string; etag: string | null } | "not-modified" | "missing";

/** Where fresh trust data comes from: the API's public routes, or a snapshot file beside the page. */
export interface TrustSource {
  /** Names the stored copy (one per API or snapshot). */
  readonly id: string;
  /** The authority's public keys (a JWKS's keys), for pinning on first use. */
  authority(): Promise<unknown[]>;
  bundle(etag: string | undefined): Promise<Fetched>;
  statusList(namespace: number, etag: string | undefined): Promise<Fetched>;
}

type Fetcher = (input: string, init?: RequestInit) => Promise<Response>;
const defaultFetcher: Fetcher = (input, init) => fetch(input, init);

function jwksKeys(jwks: { keys?: unknown[] } | undefined, what: string): unknown[] {
  if (!Array.isArray(jwks?.keys) || jwks.keys.length === 0) throw new Error(`${what}: no authority keys`);
  return jwks.keys;
}

/** The API: GET /trust-bundle/authority.json, /trust-bundle and /status-lists/{namespace}, with ETags. */
export function apiSource(api: string, fetcher: Fetcher = defaultFetcher): TrustSource {
  const get = async (path: string, etag: string | undefined): Promise<Fetched> => {
    const response = await fetcher(`${api}${path}`, { headers: etag ? { "if-none-match": etag } : {}, cache: "no-cache" });
    if (response.status === 304) return "not-modified";
    if (response.status === 404) return "missing";
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return { jws: (await response.text()).trim(), etag: response.headers.get("etag") };
  };
  return {
    id: api,
    async authority() {
      const response = await fetcher(`${api}/trust-bundle/authority.json`, { cache: "no-cache" });
      if (!response.ok) throw new Error(`authority keys: HTTP ${response.status}`);
      return jwksKeys(await response.json(), "authority keys");
    },
    bundle: (etag) => get("/trust-bundle", etag),
    statusList: (namespace, etag) => get(`/status-lists/${namespace}`, etag),
  };
}

/** The file a static build ships beside the page (`build.ts --snapshot`). */
export interface TrustSnapshot {
  authority: { keys: unknown[] };
  bundle: string;
  statusLists: Record<string, string>;
  fetchedAt: string;
}

/** A snapshot file, read once per refresh: a redeployed folder brings newer data. */
export function snapshotSource(url: string, fetcher: Fetcher = defaultFetcher): TrustSource {
  let snapshot: Promise<TrustSnapshot> | undefined;
  const read = () =>
    (snapshot ??= fetcher(url, { cache: "no-cache" }).then(async (response) => {
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return (await response.json()) as TrustSnapshot;
    }));
  return {
    id: url,
    authority: async () => jwksKeys((await read()).authority, url),
    async bundle() {
      snapshot = undefined; // each refresh starts with the bundle: read the file again
      return { jws: (await read()).bundle, etag: null };
    },
    async statusList(namespace) {
      const jws = (await read()).statusLists[String(namespace)];
      return jws ? { jws, etag: null } : "missing";
    },
  };
}

export class TrustStore {
  private data: StoredTrust;
  private verifier: VoucherVerifier | undefined;
  private problem: TrustProblem = "none";
  private refreshFailed = false;
  private readonly storageKey: string;

  constructor(
    private readonly source: TrustSource,
    private readonly storage: KeyValueStore,
    /** Trust anchors given by the page; when absent they are pinned from the source on first use. */
    private readonly pinnedAnchors?: unknown[],
  ) {
    this.storageKey = `shian-scanner:trust:${source.id}`;
    this.data = this.read();
  }

  private read(): StoredTrust {
    const empty: StoredTrust = { v: STORAGE_VERSION, anchors: this.pinnedAnchors ?? [], highestBundleVersion: 0, statusLists: {} };
    try {
      const raw = this.storage.getItem(this.storageKey);
      const parsed = raw ? (JSON.parse(raw) as StoredTrust) : undefined;
      if (parsed?.v !== STORAGE_VERSION) return empty;
      // Anchors given by the page win over anything stored.
      return this.pinnedAnchors ? { ...parsed, anchors: this.pinnedAnchors } : parsed;
    } catch {
      return empty;
    }
  }

  private save(): void {
    try {
      this.storage.setItem(this.storageKey, JSON.stringify(this.data));
    } catch {
      this.problem = "storage"; // quota: the data stays in memory for this visit
    }
  }

  /** Builds the verifier from the stored copy (no network). */
  async load(now = new Date()): Promise<void> {
    this.verifier = undefined;
    const bundle = this.data.bundle;
    if (!bundle || this.data.anchors.length === 0) return;
    try {
      this.verifier = await createOfflineVerifier({
        trustAnchors: this.data.anchors,
        bundle: bundle.jws,
        minBundleVersion: this.data.highestBundleVersion,
        now,
      });
      this.problem = "none";
    } catch (error) {
      this.problem = isShianError(error) && error.code === "untrusted-bundle" ? "untrusted" : "stale";
      return;
    }
    for (const [namespace, list] of Object.entries(this.data.statusLists)) {
      try {
        await this.verifier.addStatusList(list.jws, { now });
      } catch {
        delete this.data.statusLists[namespace]; // expired or no longer signed by a trusted key
      }
    }
  }

  /**
   * Fetches a newer bundle and newer status lists (conditional requests) and keeps what the
   * SDK accepts. Throws when the source cannot be reached; the stored copy stays in use.
   */
  async refresh(): Promise<void> {
    try {
      await this.refreshInner();
      this.refreshFailed = false;
    } catch (error) {
      this.refreshFailed = true;
      throw error;
    }
  }

  private async refreshInner(): Promise<void> {
    const held = this.data.bundle;
    const bundle = await this.source.bundle(this.verifier ? held?.etag : undefined);
    if (bundle === "missing") throw new Error("no trust bundle");
    if (this.data.anchors.length === 0) this.data.anchors = await this.source.authority();
    if (bundle !== "not-modified") {
      const fetched = documentOf(bundle.jws, bundle.etag);
      try {
        if (!this.verifier) {
          this.verifier = await createOfflineVerifier({ trustAnchors: this.data.anchors, bundle: bundle.jws, minBundleVersion: this.data.highestBundleVersion });
          this.data.statusLists = {}; // lists are re-fetched and checked against this bundle below
        } else if (fetched.version !== this.verifier.bundleVersion) {
          // The SDK takes only a newer bundle: an older one (a rollback) is refused with stale-bundle.
          await this.verifier.updateBundle(bundle.jws, { minVersion: this.data.highestBundleVersion });
        }
        // The same version re-signed (a later expiry) is kept too: load() checks it again.
        this.data.bundle = fetched;
        this.data.highestBundleVersion = Math.max(this.data.highestBundleVersion, this.verifier.bundleVersion ?? 0);
        this.problem = "none";
      } catch (error) {
        // A refused bundle leaves a held verifier as it was; without one, say why there is none.
        if (!this.verifier) this.problem = isShianError(error) && error.code === "untrusted-bundle" ? "untrusted" : "stale";
        this.save();
        throw error;
      }
    }

    const verifier = this.verifier;
    if (!verifier) return;
    const namespaces = new Set<number>();
    for (const issuer of verifier.bundleContent?.issuers ?? []) for (const namespace of issuer.namespaces) namespaces.add(namespace);
    const outcomes = await Promise.allSettled(
      [...namespaces].map(async (namespace) => {
        const stored = this.data.statusLists[namespace];
        const list = await this.source.statusList(namespace, stored?.etag);
        if (list === "not-modified" || list === "missing") return;
        const { jws } = list;
        const fetched = documentOf(jws, list.etag);
        if (stored && fetched.version <= stored.version) return; // the held list is as new
        await verifier.addStatusList(jws); // throws on a bad signature, a wrong signer or an expired list
        this.data.statusLists[namespace] = fetched;
      }),
    );
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
    if (!failed) this.data.refreshedAt = new Date().toISOString();
    this.save();
    if (failed) throw failed.reason;
  }

  /** Verifies a voucher URL offline against the held copy; undefined when there is none. */
  async verify(text: string): Promise<VerificationResult | undefined> {
    return this.verifier?.verify(text);
  }

  get ready(): boolean {
    return this.verifier !== undefined;
  }

  summary(): TrustSummary {
    return {
      ...(this.verifier?.bundleVersion !== undefined ? { bundleVersion: this.verifier.bundleVersion } : {}),
      statusLists: Object.keys(this.data.statusLists).length,
      ...(this.data.refreshedAt ? { refreshedAt: this.data.refreshedAt } : {}),
      ...(this.problem !== "none" ? { problem: this.problem } : {}),
      ...(this.refreshFailed ? { refreshFailed: true } : {}),
    };
  }

  /** Forgets everything stored, the pinned anchors included (a page-given anchor stays). */
  reset(): void {
    this.storage.removeItem(this.storageKey);
    this.data = this.read();
    this.verifier = undefined;
    this.problem = "none";
    this.refreshFailed = false;
  }
}
