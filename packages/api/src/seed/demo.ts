import { organisationCodeCheckChar, usccCheckChar } from "@shian/schemas";
import type { CreateOrganisation } from "../services/organisations";
import type { Principal } from "../services/principal";
import type { Services } from "../services/index";
import { ApiError } from "../errors/api-error";
import { chinaDate } from "../lib/china-time";
import { internalPrincipal } from "../services/internal-principal";
import { PLATFORM_ORG_ID } from "../services/trust";
import { seedDemoScans } from "./demo-scans";

export interface DemoSeed {
  apiKeys: Record<string, string>;
  vouchers: { valid: string; recalled: string; suspended: string };
  batches: { recalled: string; suspended: string; traced: string };
  /** Merchant pages (一店一码) of graded businesses: grade A, B and C. */
  merchants?: { A: string; B: string; C: string };
}

/** An enzyme-inhibition result at the market's registered test point; the catalogue gives method, standard and threshold. */
const enzyme = (value: number, testPointId: string) => ({
  item: "organophosphate-carbamate",
  measured: { kind: "value" as const, value },
  tester: { name: "陈检测", id: "QC-01" },
  testPoint: { id: testPointId },
});

/**
 * A wholesale market with two wholesalers and three stalls, a supermarket and a regulator;
 * batches with rapid tests, lots, sale vouchers down to the stalls, one failed test and
 * one recalled batch. Everything goes through the same services as the API.
 */
export async function seedDemo(services: Services): Promise<DemoSeed> {
  const create = async (input: CreateOrganisation) => {
    const org = await services.orgs.create(input);
    const principal = internalPrincipal(org);
    if (input.role !== "admin") await services.keys.register(org.id, { generate: "Ed25519" });
    return { org, principal };
  };
  const market = await create({ name: "三水区农产品批发市场", role: "wholesale-market", uscc: "91440607MA4UJXKT08", region: "440607" });
  // The market's rapid-test room (快检室) and its operators: every result below names it.
  const lab = (await services.testPoints.create(market.principal, { name: "三水农批快检室", kind: "market-lab", region: "440607", operators: [{ id: "QC-01", name: "陈检测" }, { id: "QC-02", name: "李检测" }] })).id;
  const wholesalerA = await create({ name: "佛山鲜达蔬菜批发行", role: "wholesaler", region: "440607", marketId: market.org.id });
  const wholesalerB = await create({ name: "三水联兴水产批发部", role: "wholesaler", region: "440607", marketId: market.org.id });
  const stalls = [
    await create({ name: "西南街市场 A12 蔬菜档", role: "stall", region: "440607", marketId: market.org.id }),
    await create({ name: "西南街市场 B03 水产档", role: "stall", region: "440607", marketId: market.org.id }),
    await create({ name: "云东海市场 C07 蔬菜档", role: "stall", region: "440607", marketId: market.org.id }),
  ];
  const supermarket = await create({ name: "华润万家三水广场店", role: "supermarket", region: "440607" });
  const regulator = await create({ name: "佛山市三水区市场监督管理局", role: "regulator", region: "440607" });

  // Wholesaler A: 菜心 from Yunnan, tested at the market, split into lots, sold to two stalls.
  const caixin = await services.batches.create(wholesalerA.principal, { product: { name: "菜心", category: "vegetable" }, originRegion: "530424", quantity: 1_200_000, unit: "gram" });
  await services.tests.record(market.principal, caixin.code, enzyme(12.5, lab));
  const [lotA, lotB] = await services.batches.split(wholesalerA.principal, caixin.code, { children: [{ quantity: 700_000 }, { quantity: 500_000 }] });
  const toStall0 = await services.vouchers.issue(wholesalerA.principal, { batchCode: lotA!.code, netWeightGrams: 20_000, buyerOrgId: stalls[0]!.org.id });
  await services.vouchers.issue(wholesalerA.principal, { batchCode: lotB!.code, netWeightGrams: 15_000, buyerOrgId: stalls[2]!.org.id });
  const stallBatch = await services.batches.create(stalls[0]!.principal, { product: { name: "菜心", category: "vegetable" }, originRegion: "530424", quantity: 20_000, unit: "gram", sourceVoucherCode: toStall0.code });
  const valid = await services.vouchers.issue(stalls[0]!.principal, { batchCode: stallBatch.code, netWeightGrams: 750, unitPriceFen: 800 });

  // Wholesaler B: 鲈鱼, tested, sold to the fish stall and the supermarket.
  const bass = await services.batches.create(wholesalerB.principal, { product: { name: "鲈鱼", category: "aquatic" }, originRegion: "440606", quantity: 300_000, unit: "gram", certificates: ["动物检疫合格证明 4406000012345"] });
  await services.tests.record(market.principal, bass.code, { ...enzyme(8, lab), item: "malachite-green", measured: { kind: "reading", reading: "negative" } });
  await services.vouchers.issue(wholesalerB.principal, { batchCode: bass.code, netWeightGrams: 30_000, buyerOrgId: stalls[1]!.org.id });
  await services.vouchers.issue(wholesalerB.principal, { batchCode: bass.code, netWeightGrams: 50_000, buyerOrgId: supermarket.org.id });

  // Wholesaler A: 豇豆 sold to a stall, then recalled for pesticide residue: the stall's batch and vouchers follow.
  const beans = await services.batches.create(wholesalerA.principal, { product: { name: "豇豆", category: "vegetable" }, originRegion: "460200", quantity: 400_000, unit: "gram" });
  await services.tests.record(market.principal, beans.code, enzyme(31, lab));
  const beansToStall = await services.vouchers.issue(wholesalerA.principal, { batchCode: beans.code, netWeightGrams: 10_000, buyerOrgId: stalls[2]!.org.id });
  const stallBeans = await services.batches.create(stalls[2]!.principal, { product: { name: "豇豆", category: "vegetable" }, originRegion: "460200", quantity: 10_000, unit: "gram", sourceVoucherCode: beansToStall.code });
  const recalled = await services.vouchers.issue(stalls[2]!.principal, { batchCode: stallBeans.code, netWeightGrams: 500 });
  await services.recalls.recall(regulator.principal, beans.code, { reason: "test-failed", level: "level-2", note: "复检克百威超标" });

  // Wholesaler B: 韭菜 fails its entry test: suspended, and a lock-down lists the stall that bought it.
  const chives = await services.batches.create(wholesalerB.principal, { product: { name: "韭菜", category: "vegetable" }, originRegion: "441200", quantity: 80_000, unit: "gram" });
  const suspended = await services.vouchers.issue(wholesalerB.principal, { batchCode: chives.code, netWeightGrams: 5_000, buyerOrgId: stalls[0]!.org.id });
  await services.tests.record(market.principal, chives.code, enzyme(63, lab));

  const restaurant = await create({ name: "粤香园酒家", role: "restaurant", region: "440607" });
  const merchants = await seedMerchants(services, regulator.principal, [
    // [business, type, USCC body, inspection scores (newest last)]
    [restaurant, "restaurant", "MA4UJXKT", [9.3, 9.6, 9.1]],
    [stalls[0]!, "stall", "MA52K3L7", [8.2, 8.7]],
    [stalls[1]!, "stall", "MA6N7P2Q", [6.5, 7.1]],
    [stalls[2]!, "stall", "MA7R8T9U", [9.0]],
    [supermarket, "supermarket", "MA8W2X3Y", [8.0]],
    [wholesalerA, "wholesaler", "MA9K4M5N", []],
  ]);
  // The A12 stall's purchase ledger fills itself from the voucher it bought with (一户一码 sources).
  await services.ledger.scan(stalls[0]!.principal, { url: toStall0.url });
  // Scans for the regulator dashboard, two of them flagged as possible copies.
  await seedDemoScans(services, { valid: valid.url, recalled: recalled.url, suspended: suspended.url });

  const admin = (await services.orgs.find("platform"))!;
  const apiKeys: Record<string, string> = {};
  for (const [name, org] of [["admin", admin], ["market", market.org], ["wholesalerA", wholesalerA.org], ["stall", stalls[0]!.org], ["regulator", regulator.org]] as const) {
    const scopes = name === "admin" ? ["read", "orgs:admin", "keys:write"] : undefined;
    apiKeys[name] = (await services.apiKeys.create(org.id, { name: `demo ${name}`, ...(scopes ? { scopes: scopes as never } : {}) })).key;
  }
  return {
    apiKeys,
    vouchers: { valid: valid.url, recalled: recalled.url, suspended: suspended.url },
    batches: { recalled: beans.code, suspended: chives.code, traced: caixin.code },
    merchants,
  };
}

type DemoBusiness = { org: { id: string; name: string }; principal: Principal };

/**
 * Profiles (一户一档), a year of inspections by the regulator (the grade is computed from them),
 * staff health certificates and a merchant code for each business; returns the merchant pages
 * of the first three (grades A, B and C).
 */
async function seedMerchants(services: Services, regulator: Principal, list: Array<[DemoBusiness, string, string, number[]]>): Promise<{ A: string; B: string; C: string }> {
  const now = services.now().getTime();
  const day = 86_400_000;
  const date = (offsetDays: number) => chinaDate(new Date(now + offsetDays * day));
  const urls: string[] = [];
  for (const [index, [business, type, body, scores]] of list.entries()) {
    const organisationCode = body + organisationCodeCheckChar(body);
    const first17 = `91440607${organisationCode}`;
    await services.merchants.putProfile(business.principal, business.org.id, {
      uscc: first17 + usccCheckChar(first17),
      licence: { number: `JY${type === "restaurant" ? 2 : 1}440607${String(100123 + index).padStart(6, "0")}${index}`, validFrom: date(-700), validUntil: date(index === 1 ? 20 : 900) },
      businessType: type,
      address: `佛山市三水区西南街道广海大道中 ${18 + index * 6} 号`,
      region: "440607",
      responsiblePerson: { name: ["李明", "陈秀英", "黄伟强", "梁丽华", "吴国栋", "何志坚"][index]!, title: "负责人" },
      phone: `0757-877${String(12345 + index).padStart(5, "0")}`,
      openingHours: [{ days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], opens: type === "restaurant" ? "10:30" : "06:00", closes: type === "restaurant" ? "22:00" : "19:00" }],
    });
    for (const [i, score] of scores.entries()) {
      await services.grades.record(regulator, business.org.id, {
        inspector: { name: "赵监督", id: "440607-017" },
        inspectedAt: new Date(now - (330 - i * 110) * day).toISOString(),
        totalScore: score,
        items: [
          { code: "K1", title: "食品经营许可证合法有效", keyItem: true, passed: true },
          { code: "K2", title: "从业人员持有效健康证明", keyItem: true, passed: score >= 7 },
          { code: "G1", title: "餐饮具清洗消毒", keyItem: false, passed: score >= 8, score: Math.round(score * 2), maxScore: 20 },
          { code: "G2", title: "进货查验记录完整", keyItem: false, passed: score >= 7.5, score: Math.round(score * 3), maxScore: 30 },
        ],
        evidence: [`demo-photo-${index}-${i}`],
      });
    }
    for (const [i, issued] of [-40, -100, index === 2 ? -380 : -200].entries()) {
      await services.merchants.addHealthCertificate(business.principal, { holderName: `员工${index}${i}`, issuedBy: "三水区疾病预防控制中心", issueDate: date(issued) });
    }
    urls.push((await services.merchants.issueCode(business.principal, business.org.id)).url);
  }
  return { A: urls[0]!, B: urls[1]!, C: urls[2]! };
}

/** What a seeded database remembers of its demo: no API keys (they are stored hashed). */
export type DemoRecord = Omit<DemoSeed, "apiKeys">;

const DEMO_SEED_KEY = "seed:demo";

/**
 * Seeds the demo at most once per database, from any number of processes or isolates at the
 * same time: the run is claimed through the platform's idempotency record `seed:demo`, so
 * exactly one caller seeds (and gets the API keys) while the others get the stored record,
 * or `in-progress` while the winner is still seeding. A database that already holds
 * organisations other than the platform is never seeded. Runtime-neutral (Node, Workers).
 */
export async function seedDemoOnce(services: Services): Promise<{ seeded: DemoSeed } | { existing: DemoRecord } | { skipped: "in-progress" | "not-empty" }> {
  let seeded: DemoSeed | undefined;
  try {
    const { body } = await services.idempotency.run(PLATFORM_ORG_ID, DEMO_SEED_KEY, DEMO_SEED_KEY, async () => {
      if ((await services.orgs.count()) > 1) return { status: 409, body: {} };
      seeded = await seedDemo(services);
      const { apiKeys: _secret, ...record } = seeded;
      return { status: 200, body: record };
    });
    if (seeded) return { seeded };
    return "vouchers" in (body as object) ? { existing: body as DemoRecord } : { skipped: "not-empty" };
  } catch (error) {
    if (error instanceof ApiError && error.code === "conflict") return { skipped: "in-progress" };
    throw error;
  }
}
