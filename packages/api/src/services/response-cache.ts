import { inArray } from "drizzle-orm";
import type { Database } from "../db/database";
import { versions } from "../db/schema/index";
import type { ScanCache } from "./scan-cache";
import { STATUS_EPOCH, TRUST_BUNDLE_VERSION } from "./versions";

/** Whole HTTP responses stored by key (a URL): the Workers Cache API at the edge. */
export interface ResponseCache {
  match(key: string): Promise<Response | undefined>;
  put(key: string, response: Response): Promise<void>;
}

/** The part of the Cache API (`caches.default` on Workers) that `CacheApiStore` uses. */
export interface CacheLike {
  match(request: Request): Promise<Response | undefined>;
  put(request: Request, response: Response): Promise<void>;
}

/**
 * The Workers Cache API as a `ResponseCache`. Entries live in one data centre and expire
 * after `ttlSeconds`; keys carry every version an answer depends on, so a status change
 * makes new keys rather than purging old ones.
 */
export class CacheApiStore implements ResponseCache {
  constructor(
    private readonly cache: CacheLike,
    private readonly ttlSeconds: number,
  ) {}

  match(key: string): Promise<Response | undefined> {
    return this.cache.match(new Request(key));
  }

  async put(key: string, response: Response): Promise<void> {
    const stored = new Response(response.body, response);
    stored.headers.set("cache-control", `public, max-age=${this.ttlSeconds}`);
    stored.headers.delete("vary");
    stored.headers.delete("set-cookie");
    await this.cache.put(new Request(key), stored);
  }
}

/** A `ResponseCache` in a Map, for tests and single-process use. */
export class MemoryResponseCache implements ResponseCache {
  readonly entries = new Map<string, { body: ArrayBuffer; status: number; headers: [string, string][] }>();

  async match(key: string): Promise<Response | undefined> {
    const entry = this.entries.get(key);
    return entry && new Response(entry.body.slice(0), { status: entry.status, headers: entry.headers });
  }

  async put(key: string, response: Response): Promise<void> {
    this.entries.set(key, { body: await response.arrayBuffer(), status: response.status, headers: [...response.headers] });
  }
}

/** Which representation of a scan answer: JSON, or the HTML page in one locale. */
export type ScanVariant = "json" | `html-${string}`;

const CLIENT_HEADERS = { "cache-control": "no-store", vary: "Accept, Accept-Language" };

/**
 * Scan answers cached whole (JSON and HTML) when the entry provides a `ResponseCache`;
 * without one (the Node entry) `key` returns undefined and nothing is read or stored.
 *
 * The key holds the voucher digits, the representation and locale (what `Vary: Accept,
 * Accept-Language` selects), and the status epoch and trust bundle version. Those come from
 * the scan cache while it trusts them (`scanFreshnessMs` after they were read, and never
 * after a write of this isolate or process), else from the database in one query, which the
 * scan cache then remembers. Every recall, suspension, test or key change bumps one of them,
 * so after it no request can match an entry stored before it: at once where the change was
 * written, within the freshness bound elsewhere.
 */
export class ScanResponseCache {
  private readonly versionsQuery: ReturnType<typeof ScanResponseCache.prepareVersions> | undefined;

  constructor(
    db: Database,
    private readonly store: ResponseCache | undefined,
    private readonly versionsCache: ScanCache,
  ) {
    this.versionsQuery = store ? ScanResponseCache.prepareVersions(db) : undefined;
  }

  private static prepareVersions(db: Database) {
    return db
      .select({ name: versions.name, value: versions.value })
      .from(versions)
      .where(inArray(versions.name, [STATUS_EPOCH, TRUST_BUNDLE_VERSION]))
      .prepare();
  }

  get enabled(): boolean {
    return this.store !== undefined;
  }

  /** The key for this answer as of the current versions; undefined without a cache. */
  async key(requestUrl: string, digits: string, variant: ScanVariant): Promise<string | undefined> {
    if (!this.versionsQuery) return undefined;
    let versions = this.versionsCache.current();
    if (!versions) {
      const since = this.versionsCache.generation();
      const rows = await this.versionsQuery.all();
      const value = (name: string) => rows.find((row) => row.name === name)?.value ?? 0;
      versions = { statusEpoch: value(STATUS_EPOCH), trustVersion: value(TRUST_BUNDLE_VERSION) };
      this.versionsCache.observe(versions, since);
    }
    const origin = new URL(requestUrl).origin;
    return `${origin}/v/${digits}?scan-cache=${variant}&epoch=${versions.statusEpoch}&trust=${versions.trustVersion}`;
  }

  /** A stored answer, with the headers a client gets (`no-store`: a rescan always asks again). */
  async match(key: string): Promise<Response | undefined> {
    const hit = await this.store?.match(key);
    if (!hit) return undefined;
    const response = new Response(hit.body, hit);
    for (const [name, value] of Object.entries(CLIENT_HEADERS)) response.headers.set(name, value);
    response.headers.delete("age");
    response.headers.set("x-cache", "hit");
    return response;
  }

  /** Stores a 200 answer (pass a clone: the body is consumed). */
  async put(key: string, response: Response): Promise<void> {
    if (!this.store || response.status !== 200) return;
    const stored = new Response(response.body, response);
    stored.headers.delete("x-cache");
    await this.store.put(key, stored);
  }
}
