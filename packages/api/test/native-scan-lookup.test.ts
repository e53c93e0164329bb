import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair } from "@shian/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config";
import { databaseFilePath, nativeScanLookup } from "../src/db/native-scan-lookup";
import { migrateLibsql, openLibsql } from "../src/db/libsql";
import { SecretBox } from "../src/lib/crypto";
import { createServices, type Services } from "../src/services/index";
import { internalPrincipal } from "../src/services/internal-principal";
import { drizzleScanLookup } from "../src/services/scan-lookup";
import { vegetableBatch } from "./harness";
import { signLocally } from "./routes/helpers";

// The Node entry's scan lookup on a database file (its own read-only connection, statement
// prepared once) against the drizzle lookup every other database uses: the same rows and
// versions, and every committed write of the other connection seen.

let dir: string;
let url: string;
let close: () => void;
let viaDrizzle: ReturnType<typeof drizzleScanLookup>;
let services: Services;
let native: ReturnType<typeof nativeScanLookup>;
const digitsOf = (voucherUrl: string) => voucherUrl.slice(voucherUrl.indexOf("/v/") + 3);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "shian-native-lookup-"));
  url = `file:${join(dir, "scan.db")}`;
  const opened = openLibsql(url);
  close = opened.close;
  await migrateLibsql(opened.db);
  viaDrizzle = drizzleScanLookup(opened.db);
  services = createServices({ db: opened.db, box: await SecretBox.fromBase64url(SecretBox.generateKey()), config: defaultConfig({ publicRateLimitPerMinute: 0 }) });
  await services.trust.ensurePlatform();
  native = nativeScanLookup(url);
});
afterAll(() => {
  native.close();
  close();
  rmSync(dir, { recursive: true, force: true });
});

describe("native scan lookup", () => {
  it("reads the same rows and versions as the drizzle lookup, and sees the other connection's writes", async () => {
    const market = await services.orgs.create({ name: "市场", role: "wholesale-market" });
    const seller = await services.orgs.create({ name: "seller", role: "wholesaler", marketId: market.id });
    const buyer = await services.orgs.create({ name: "buyer", role: "stall", marketId: market.id });
    await services.keys.register(seller.id, { generate: "Ed25519" });
    const batch = await services.batches.create(internalPrincipal(seller), vegetableBatch(10_000));
    const plain = await services.vouchers.issue(internalPrincipal(seller), { batchCode: batch.code, netWeightGrams: 500 });
    const sold = await services.vouchers.issue(internalPrincipal(seller), { batchCode: batch.code, netWeightGrams: 700, unitPriceFen: 900, buyerOrgId: buyer.id });
    const pair = await generateKeyPair();
    const key = await services.keys.register(seller.id, { publicJwk: pair.publicJwk });
    const signed = await signLocally(pair.privateJwk, key.keyIndex, seller.namespace, 77, { batchCode: batch.code, expiresAt: "2099-01-01T00:00:00Z" });
    const registered = await services.vouchers.issue(internalPrincipal(seller), { url: signed.url });

    const all = [digitsOf(plain.url), digitsOf(sold.url), digitsOf(registered.url), "123456789"];
    for (const digits of all) expect(await native.lookup(digits)).toEqual(await viaDrizzle(digits));
    const before = await native.lookup(digitsOf(sold.url));
    expect(before.voucher).toMatchObject({ code: sold.code, buyerOrgId: buyer.id, status: "valid", claims: { unitPriceFen: 900 } });
    expect((await native.lookup("123456789")).voucher).toBeUndefined();

    await services.recalls.recall(internalPrincipal(market), batch.code, { reason: "test-failed", level: "level-2" });
    const after = await native.lookup(digitsOf(sold.url));
    expect(after.voucher?.status).toBe("recalled");
    expect(after.epoch).toBeGreaterThan(before.epoch ?? 0);
    expect(after).toEqual(await viaDrizzle(digitsOf(sold.url)));
  });

  it("reads the path of file: URLs as libSQL does", () => {
    expect(databaseFilePath("file:/data/shian.db")).toBe("/data/shian.db");
    expect(databaseFilePath("file:data/shian.db")).toBe("data/shian.db");
    expect(databaseFilePath("file:///data/shian.db")).toBe("/data/shian.db");
    expect(databaseFilePath("file:/data/shian.db?mode=ro")).toBe("/data/shian.db");
    expect(() => databaseFilePath("libsql://db.example.com")).toThrow(/file:/);
  });
});
