/**
 * The offline trust data: the authority's public keys (the trust anchors), the signed trust
 * bundle and the signed status lists, fetched from the API when online and kept in
 * localStorage with their versions and ETags. Verification runs against the SDK's
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

export type TrustProblem = "none" | "expired" | "untrusted" | "storage";

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

export class TrustStore {
  private data: StoredTrust;
  private verifier: VoucherVerifier | undefined;
  private problem: TrustProblem = "none";
  private refreshFailed = false;
  private readonly storageKey: string;

  constructor(
    /** The API's origin (and path prefix, if any), without a trailing slash. */
    private readonly api: string,
    private readonly storage: KeyValueStore,
    /** Trust anchors given by the page; when absent they are pinned from the API on first use. */
    private readonly pinnedAnchors?: unknown[],
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
  ) {
    this.storageKey = `shian-scanner:trust:${api}`;
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
      this.problem = isShianError(error) && error.code === "untrusted-bundle" ? "untrusted" : "expired";
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

  private async get(path: string, etag: string | undefined): Promise<Response> {
    const headers: Record<string, string> = etag ? { "if-none-match": etag } : {};
    return this.fetcher(`${this.api}${path}`, { headers, cache: "no-cache" });
  }

  /**
   * Fetches a newer bundle and newer status lists (conditional requests) and keeps what the
   * SDK accepts. Throws when the API cannot be reached; the stored copy stays in use.
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
    if (this.data.anchors.length === 0) {
      const response = await this.get("/trust-bundle/authority.json", undefined);
      if (!response.ok) throw new Error(`authority keys: HTTP ${response.status}`);
      const jwks = (await response.json()) as { keys?: unknown[] };
      if (!Array.isArray(jwks.keys) || jwks.keys.length === 0) throw new Error("authority keys: empty JWKS");
      this.data.anchors = jwks.keys;
    }

    const held = this.data.bundle;
    const bundleResponse = await this.get("/trust-bundle", this.verifier ? held?.etag : undefined);
    if (bundleResponse.status !== 304) {
      if (!bundleResponse.ok) throw new Error(`trust bundle: HTTP ${bundleResponse.status}`);
      const jws = (await bundleResponse.text()).trim();
      const fetched = documentOf(jws, bundleResponse.headers.get("etag"));
      try {
        if (!this.verifier) {
          this.verifier = await createOfflineVerifier({ trustAnchors: this.data.anchors, bundle: jws, minBundleVersion: this.data.highestBundleVersion });
          this.data.statusLists = {}; // lists are re-fetched and checked against this bundle below
        } else if (fetched.version > (this.verifier.bundleVersion ?? 0)) {
          await this.verifier.updateBundle(jws, { minVersion: this.data.highestBundleVersion });
        }
        if (fetched.version >= (held?.version ?? 0)) this.data.bundle = fetched;
        this.data.highestBundleVersion = Math.max(this.data.highestBundleVersion, this.verifier.bundleVersion ?? 0);
        this.problem = "none";
      } catch (error) {
        this.problem = isShianError(error) && error.code === "untrusted-bundle" ? "untrusted" : "expired";
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
        const response = await this.get(`/status-lists/${namespace}`, stored?.etag);
        if (response.status === 304 || response.status === 404) return;
        if (!response.ok) throw new Error(`status list ${namespace}: HTTP ${response.status}`);
        const jws = (await response.text()).trim();
        const fetched = documentOf(jws, response.headers.get("etag"));
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
