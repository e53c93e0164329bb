import { serialize } from "node:v8";
import { afterEach, describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config";
import { migrateLibsql, openLibsql } from "../src/db/libsql";
import { SecretBox } from "../src/lib/crypto";
import { createServices } from "../src/services/index";
import { internalPrincipal } from "../src/services/internal-principal";
import { EVIDENCE } from "../src/services/scan";
import { asciiJson, scanResultJson } from "../src/services/scan-json";
import { vegetableBatch } from "./harness";

/**
 * How V8 holds a string, from its structured-clone form: '"' one byte per character, 'c' two.
 * Only the representation is tested here; the text is compared as JSON.
 */
const representation = (text: string) => (String.fromCharCode(serialize(text)[2]!) === '"' ? "one-byte" : "two-byte");

/** The scan route's JSON writer against JSON.stringify, the reference it must equal as JSON. */
describe("scanResultJson", () => {
  let close: () => void = () => {};
  afterEach(() => close());

  async function world() {
    const opened = openLibsql(":memory:");
    close = opened.close;
    await migrateLibsql(opened.db);
    const s = createServices({ db: opened.db, box: await SecretBox.fromBase64url(SecretBox.generateKey()), config: defaultConfig({ publicRateLimitPerMinute: 0 }) });
    await s.trust.ensurePlatform();
    const market = await s.orgs.create({ name: "market", role: "wholesale-market" });
    const seller = await s.orgs.create({ name: "三水 seller 档", role: "wholesaler", marketId: market.id });
    await s.keys.register(seller.id, { generate: "Ed25519" });
    const batch = await s.batches.create(internalPrincipal(seller), vegetableBatch(1000));
    const issue = async () => {
      const voucher = await s.vouchers.issue(internalPrincipal(seller), { batchCode: batch.code, netWeightGrams: 500 });
      return voucher.url.slice(voucher.url.indexOf("/v/") + 3);
    };
    return { s, issue, recall: () => s.recalls.recall(internalPrincipal(market), batch.code, { reason: "test-failed", level: "level-2" }) };
  }

  it("equals JSON.stringify for valid and recalled vouchers of one batch, reusing the batch's serialised evidence", async () => {
    const { s, issue, recall } = await world();
    const [a, b] = [await issue(), await issue()];
    const first = await s.scan.resolve(a);
    expect(first[EVIDENCE]).toBeDefined();
    expect(JSON.parse(scanResultJson(first))).toEqual(JSON.parse(JSON.stringify(first)));
    const second = await s.scan.resolve(b);
    expect(second[EVIDENCE]).toBe(first[EVIDENCE]);
    expect(JSON.parse(scanResultJson(second))).toEqual(JSON.parse(JSON.stringify(second)));
    expect(JSON.parse(scanResultJson(second)).voucher.url).toContain(b);
    await recall();
    const recalled = await s.scan.resolve(a);
    const parsed = JSON.parse(scanResultJson(recalled));
    expect(parsed).toEqual(JSON.parse(JSON.stringify(recalled)));
    expect(parsed.state).toBe("recalled");
    expect(parsed.recall).toMatchObject({ reason: "test-failed" });
  });

  it("writes an answer about a stored voucher as a one-byte string (names escaped), equal as JSON", async () => {
    const { s, issue } = await world();
    const result = await s.scan.resolve(await issue());
    const json = scanResultJson(result);
    expect(json).toMatch(/^[\x20-\xff]*$/); // the time check's "±" is Latin-1: still one byte per character
    expect(json).toContain("\\u83dc\\u5fc3"); // the product name, escaped
    expect(representation(json)).toBe("one-byte");
    expect(representation(JSON.stringify(result))).toBe("two-byte"); // the reference, with the names as they are
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(result)));
    const sample = { name: "菜心 – 三水区", emoji: "🥬", plain: "a\"b\\c", n: 1 };
    expect(asciiJson(sample)).toMatch(/^[\x20-\x7e]*$/);
    expect(representation(asciiJson(sample))).toBe("one-byte");
    expect(JSON.parse(asciiJson(sample))).toEqual(sample);
    expect(asciiJson({ plain: "ascii only" })).toBe(JSON.stringify({ plain: "ascii only" }));
  });

  it("falls back to JSON.stringify for an invalid voucher (no evidence)", async () => {
    const { s, issue } = await world();
    const digits = await issue();
    const forged = await s.scan.resolve(`${digits.slice(0, -3)}${(Number(digits.slice(-3)) + 1) % 1000}`.padEnd(digits.length, "1"));
    expect(forged.state).toBe("invalid");
    expect(forged[EVIDENCE]).toBeUndefined();
    expect(scanResultJson(forged)).toBe(JSON.stringify(forged));
  });
});
