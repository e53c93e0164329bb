import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config";
import { migrateLibsql, openLibsql } from "../src/db/libsql";
import { SecretBox } from "../src/lib/crypto";
import { seedDemoOnce } from "../src/seed/demo";
import { createServices } from "../src/services/index";

async function services() {
  const { db } = openLibsql(":memory:");
  await migrateLibsql(db);
  const box = await SecretBox.fromBase64url(SecretBox.generateKey());
  const config = defaultConfig({ publicRateLimitPerMinute: 0 });
  // Two service sets on one database stand for two Workers isolates.
  const [a, b] = [createServices({ db, box, config }), createServices({ db, box, config })];
  await a.trust.ensurePlatform();
  return [a, b] as const;
}

describe("seedDemoOnce (the Workers entry's seed)", () => {
  it("seeds once when two isolates start at the same time; later calls get the record without keys", async () => {
    const [a, b] = await services();
    const outcomes = await Promise.all([seedDemoOnce(a), seedDemoOnce(b)]);
    const seeded = outcomes.filter((outcome) => "seeded" in outcome);
    expect(seeded).toHaveLength(1);
    expect(outcomes.find((outcome) => !("seeded" in outcome))).toEqual({ skipped: "in-progress" });
    const organisations = await a.orgs.count();
    const again = await seedDemoOnce(b);
    expect("existing" in again && again.existing.vouchers).toEqual("seeded" in seeded[0]! && seeded[0].seeded.vouchers);
    expect(JSON.stringify(again)).not.toMatch(/sk_/);
    expect(await a.orgs.count()).toBe(organisations);
  });

  it("leaves a database that already has organisations alone", async () => {
    const [a] = await services();
    await a.orgs.create({ name: "real market", role: "wholesale-market", region: "440607" });
    expect(await seedDemoOnce(a)).toEqual({ skipped: "not-empty" });
    expect(await a.orgs.count()).toBe(2);
  });
});
