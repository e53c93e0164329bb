import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { defaultConfig } from "../src/config";
import { migrateLibsql, openLibsql } from "../src/db/libsql";
import { vouchers } from "../src/db/schema/index";
import { SecretBox } from "../src/lib/crypto";
import { ScanCache } from "../src/services/scan-cache";
import { createServices, type Services } from "../src/services/index";
import { internalPrincipal } from "../src/services/internal-principal";
import type { VoucherRow } from "../src/services/vouchers";
import { vegetableBatch } from "./harness";

describe("ScanCache", () => {
  const row = (digits: string) => ({ digits }) as VoucherRow;

  it("trusts the versions it read only for freshnessMs, and not after a local write", () => {
    let now = 0;
    const cache = new ScanCache({ maxEntries: 10, freshnessMs: 1000 }, () => now);
    expect(cache.current()).toBeUndefined();
    cache.observe({ statusEpoch: 3, trustVersion: 1 });
    expect(cache.current()).toEqual(expect.objectContaining({ statusEpoch: 3, trustVersion: 1 }));
    now = 999;
    expect(cache.current()?.statusEpoch).toBe(3);
    now = 1000;
    expect(cache.current()).toBeUndefined();
    cache.observe({ statusEpoch: 4, trustVersion: 1 });
    cache.invalidate();
    expect(cache.current()).toBeUndefined();
  });

  it("does not trust versions read while a local write committed", () => {
    const cache = new ScanCache({ maxEntries: 10, freshnessMs: 1000 }, () => 0);
    const before = cache.generation();
    cache.invalidate(); // a write commits while the versions are being read
    cache.observe({ statusEpoch: 3, trustVersion: 1 }, before);
    expect(cache.current()).toBeUndefined();
    expect(cache.lastSeenEpoch()).toBe(3);
    cache.observe({ statusEpoch: 4, trustVersion: 1 }, cache.generation());
    expect(cache.current()?.statusEpoch).toBe(4);
  });

  it("serves a row only at the epoch it was remembered at, and evicts the least recently used", () => {
    const cache = new ScanCache({ maxEntries: 2, freshnessMs: 1000 }, () => 0);
    cache.observe({ statusEpoch: 5, trustVersion: 1 });
    cache.remember(row("1"), cache.lastSeenEpoch());
    cache.remember(row("2"), 5);
    expect(cache.row("1", 5)?.digits).toBe("1");
    expect(cache.row("1", 6)).toBeUndefined();
    cache.remember(row("3"), 5);
    expect(cache.row("2", 5)).toBeUndefined();
    expect(cache.row("1", 5)?.digits).toBe("1");
    expect(cache.row("3", 5)?.digits).toBe("3");
  });

  it("keeps nothing when it is turned off", () => {
    const cache = new ScanCache({ maxEntries: 0, freshnessMs: 1000 }, () => 0);
    cache.remember(row("1"), 1);
    expect(cache.row("1", 1)).toBeUndefined();
  });
});

describe("scan resolution with two API processes on one database", () => {
  let close: () => void = () => {};
  afterEach(() => close());

  async function twoProcesses(freshnessMs: number) {
    const opened = openLibsql(":memory:");
    close = opened.close;
    await migrateLibsql(opened.db);
    const box = await SecretBox.fromBase64url(SecretBox.generateKey());
    const config = defaultConfig({ publicRateLimitPerMinute: 0, scanFreshnessMs: freshnessMs });
    const a = createServices({ db: opened.db, box, config });
    await a.trust.ensurePlatform();
    const b = createServices({ db: opened.db, box, config });
    const market = await a.orgs.create({ name: "market", role: "wholesale-market" });
    const seller = await a.orgs.create({ name: "seller", role: "wholesaler", marketId: market.id });
    await a.keys.register(seller.id, { generate: "Ed25519" });
    const batch = await a.batches.create(internalPrincipal(seller), vegetableBatch(1000));
    const voucher = await a.vouchers.issue(internalPrincipal(seller), { batchCode: batch.code, netWeightGrams: 500 });
    const digits = voucher.url.slice(voucher.url.indexOf("/v/") + 3);
    const recall = (services: Services) => services.recalls.recall(internalPrincipal(market), batch.code, { reason: "test-failed", level: "level-2" });
    const issue = async () => {
      const issued = await a.vouchers.issue(internalPrincipal(seller), { batchCode: batch.code, netWeightGrams: 250 });
      return { code: issued.code, digits: issued.url.slice(issued.url.indexOf("/v/") + 3) };
    };
    return { a, b, db: opened.db, digits, recall, issue };
  }

  it("shows a recall made by this process on the next scan", async () => {
    const { a, digits, recall } = await twoProcesses(60_000);
    expect((await a.scan.resolve(digits)).state).toBe("valid");
    expect((await a.scan.resolve(digits)).state).toBe("valid");
    await recall(a);
    expect((await a.scan.resolve(digits)).state).toBe("recalled");
  });

  it("answers a scan of a voucher this process just issued from memory", async () => {
    const { a, db, digits, issue } = await twoProcesses(60_000);
    expect((await a.scan.resolve(digits)).state).toBe("valid");
    const fresh = await issue();
    // A change behind the cache's back (no status epoch bump) is not seen: the row came from memory.
    await db.update(vouchers).set({ status: "revoked" }).where(eq(vouchers.code, fresh.code));
    expect((await a.scan.resolve(fresh.digits)).state).toBe("valid");
  });

  it("shows a recall made by another process once the freshness bound has passed", async () => {
    const { a, b, digits, recall } = await twoProcesses(150);
    expect((await a.scan.resolve(digits)).state).toBe("valid");
    await recall(b);
    expect((await b.scan.resolve(digits)).state).toBe("recalled");
    expect((await a.scan.resolve(digits)).state).toBe("valid");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await a.scan.resolve(digits)).state).toBe("recalled");
  });

  it("reads the database on every scan when the freshness bound is 0", async () => {
    const { a, b, digits, recall } = await twoProcesses(0);
    expect((await a.scan.resolve(digits)).state).toBe("valid");
    await recall(b);
    expect((await a.scan.resolve(digits)).state).toBe("recalled");
  });
});
