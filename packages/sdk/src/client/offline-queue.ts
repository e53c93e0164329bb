import { isShianApiError, ShianError } from "../errors";
import { decodeVoucher } from "../voucher/decode";
import type { ShianClient } from "./client";
import type { Voucher } from "./types";

/** A voucher signed offline, waiting to be registered. `id` is its Idempotency-Key. */
export interface QueuedVoucher {
  id: string;
  /** Position in the queue: registration follows it. */
  seq: number;
  url: string;
  buyerOrgId?: string;
  queuedAt: string;
  /** Sync attempts that ended in a transient failure. */
  attempts: number;
  /** Set when the API refused the voucher for good (it stays stored, out of the way). */
  rejected?: { apiCode: string; status: number; detail?: string };
}

/**
 * Where the queue keeps its items. Every write must be durable when its promise resolves:
 * the queue persists an item (with its idempotency key) before it is ever sent.
 */
export interface QueueStorage {
  load(): Promise<QueuedVoucher[]>;
  /** Inserts or replaces the item with this id. */
  put(item: QueuedVoucher): Promise<void>;
  remove(id: string): Promise<void>;
}

/** In memory: for tests, and for terminals that accept losing the queue on restart. */
export class MemoryQueueStorage implements QueueStorage {
  private readonly items = new Map<string, QueuedVoucher>();
  async load() {
    return [...this.items.values()].map((item) => structuredClone(item));
  }
  async put(item: QueuedVoucher) {
    this.items.set(item.id, structuredClone(item));
  }
  async remove(id: string) {
    this.items.delete(id);
  }
}

/** Browsers: one IndexedDB object store (default database `shian-offline-queue`). */
export class IndexedDbQueueStorage implements QueueStorage {
  private db: Promise<IDBDatabase> | undefined;
  constructor(
    private readonly name = "shian-offline-queue",
    private readonly factory: IDBFactory | undefined = (globalThis as { indexedDB?: IDBFactory }).indexedDB,
  ) {}

  private open(): Promise<IDBDatabase> {
    if (!this.factory) return Promise.reject(new ShianError("invalid-input", "IndexedDB is not available in this runtime"));
    this.db ??= new Promise((resolve, reject) => {
      const request = this.factory!.open(this.name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore("vouchers", { keyPath: "id" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return this.db;
  }

  private async run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.open();
    return new Promise<T>((resolve, reject) => {
      const tx = db.transaction("vouchers", mode, { durability: "strict" } as IDBTransactionOptions);
      const request = work(tx.objectStore("vouchers"));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }

  load() {
    return this.run("readonly", (store) => store.getAll() as IDBRequest<QueuedVoucher[]>);
  }
  async put(item: QueuedVoucher) {
    await this.run("readwrite", (store) => store.put(item));
  }
  async remove(id: string) {
    await this.run("readwrite", (store) => store.delete(id));
  }
}

export interface SyncResult {
  /** Registered in this sync, in queue order (including ones the API already had). */
  registered: Array<{ item: QueuedVoucher; voucher: Voucher; alreadyRegistered: boolean }>;
  /** Refused for good in this sync (kept in storage with `rejected`). */
  rejected: QueuedVoucher[];
  /** Still waiting (the sync stopped at the first transient failure, to keep the order). */
  remaining: number;
  /** Why the sync stopped early, if it did. */
  error?: ShianError;
}

export interface OfflineQueueOptions {
  client: ShianClient;
  storage: QueueStorage;
  /** Makes ids (default: random UUIDs). */
  newId?: () => string;
  now?: () => Date;
}

/**
 * Vouchers signed at the till while the network is down: stored first, registered with the
 * API in queue order when it is back, exactly once. Each item's Idempotency-Key is stored
 * with it before anything is sent, so a crash between send and acknowledgement only means
 * the same request (same key) is sent again; a 409 for a voucher the API already holds
 * (checked by reading it back) counts as registered.
 */
export class OfflineQueue {
  private readonly client: ShianClient;
  private readonly storage: QueueStorage;
  private readonly newId: () => string;
  private readonly now: () => Date;
  private items: Promise<Map<string, QueuedVoucher>> | undefined;
  private syncing: Promise<SyncResult> | undefined;

  constructor(options: OfflineQueueOptions) {
    this.client = options.client;
    this.storage = options.storage;
    this.newId = options.newId ?? (() => `queue-${crypto.randomUUID()}`);
    this.now = options.now ?? (() => new Date());
  }

  private state(): Promise<Map<string, QueuedVoucher>> {
    this.items ??= this.storage.load().then((list) => new Map(list.map((item) => [item.id, item])));
    return this.items;
  }

  /** Stores a signed voucher for registration; resolves once it is durably stored. */
  async enqueue(url: string, options: { buyerOrgId?: string } = {}): Promise<QueuedVoucher> {
    decodeVoucher(url); // refuse what could never be registered
    const items = await this.state();
    const seq = Math.max(0, ...[...items.values()].map((item) => item.seq)) + 1;
    const item: QueuedVoucher = { id: this.newId(), seq, url, queuedAt: this.now().toISOString(), attempts: 0, ...(options.buyerOrgId ? { buyerOrgId: options.buyerOrgId } : {}) };
    await this.storage.put(item);
    items.set(item.id, item);
    return item;
  }

  /** Items waiting, in the order they will be registered. */
  async pending(): Promise<QueuedVoucher[]> {
    return [...(await this.state()).values()].filter((item) => !item.rejected).sort((a, b) => a.seq - b.seq);
  }

  /** Items the API refused (a bad signature, an unknown key, a recalled batch…). */
  async rejected(): Promise<QueuedVoucher[]> {
    return [...(await this.state()).values()].filter((item) => item.rejected).sort((a, b) => a.seq - b.seq);
  }

  /** Drops a rejected item for good. */
  async discard(id: string): Promise<void> {
    await this.storage.remove(id);
    (await this.state()).delete(id);
  }

  /** Registers the waiting items in order; one sync runs at a time (a second call joins it). */
  sync(options: { signal?: AbortSignal } = {}): Promise<SyncResult> {
    this.syncing ??= this.runSync(options).finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async runSync({ signal }: { signal?: AbortSignal }): Promise<SyncResult> {
    const items = await this.state();
    const result: SyncResult = { registered: [], rejected: [], remaining: 0 };
    const queue = await this.pending();
    for (let i = 0; i < queue.length; i++) {
      const item = queue[i]!;
      try {
        const voucher = await this.client.vouchers.register({ url: item.url, ...(item.buyerOrgId ? { buyerOrgId: item.buyerOrgId } : {}) }, { idempotencyKey: item.id, ...(signal ? { signal } : {}) });
        await this.done(items, item);
        result.registered.push({ item, voucher, alreadyRegistered: false });
        continue;
      } catch (error) {
        const failure = error instanceof ShianError ? error : new ShianError("network", String(error));
        if (isShianApiError(failure) && failure.status === 409) {
          const stored = await this.registeredCopy(item, signal);
          if (stored) {
            await this.done(items, item);
            result.registered.push({ item, voucher: stored, alreadyRegistered: true });
            continue;
          }
        }
        const permanent = isShianApiError(failure) && [400, 404, 409, 413].includes(failure.status) && !/in progress/i.test(failure.detail ?? "");
        if (permanent) {
          const rejected = { ...item, rejected: { apiCode: failure.apiCode, status: failure.status, ...(failure.detail ? { detail: failure.detail } : {}) } };
          await this.storage.put(rejected);
          items.set(item.id, rejected);
          result.rejected.push(rejected);
          continue;
        }
        // Network down, timeout, 5xx or 429 after the client's retries, a bad API key: stop here, keep the order.
        const retried = { ...item, attempts: item.attempts + 1 };
        await this.storage.put(retried).catch(() => undefined);
        items.set(item.id, retried);
        result.error = failure;
        result.remaining = queue.length - i;
        return result;
      }
    }
    return result;
  }

  private async done(items: Map<string, QueuedVoucher>, item: QueuedVoucher) {
    await this.storage.remove(item.id);
    items.delete(item.id);
  }

  /** The API's copy of this voucher, if it holds exactly this URL. */
  private async registeredCopy(item: QueuedVoucher, signal: AbortSignal | undefined): Promise<Voucher | undefined> {
    try {
      const voucher = await this.client.vouchers.get(decodeVoucher(item.url).claims.code, signal ? { signal } : {});
      return voucher.url === item.url ? voucher : undefined;
    } catch {
      return undefined;
    }
  }
}
