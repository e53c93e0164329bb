/**
 * A regulator's day, through the SDK client: goods move from a wholesaler to a stall (which
 * receives them into its purchase ledger as its own batch and sells them on); the regulator
 * inspects the stall (the grade is recomputed: before → after) and records a failed rapid test
 * on the wholesaler's batch, then follows the lock-down downstream: every batch and voucher
 * suspended (trace) and every holder who bought the goods (purchase ledgers).
 */
import type { Batch, Grade, PurchaseRecord, ShianClient, TraceNode } from "@shian/sdk";

export interface Actors {
  regulator: ShianClient;
  /** The seller whose batch fails the test. */
  wholesaler: ShianClient;
  /** The business inspected, which bought from the wholesaler. */
  stall: ShianClient;
}

export interface Outcome {
  business: { orgId: string; name: string };
  grade: { before: Grade["grade"]; after: Grade["grade"]; changed: boolean; average: number | null; label: string | undefined };
  test: { batchCode: string; outcome: string; batchStatus: string };
  /** Every batch in the failed batch's tree, with its status after the test. */
  batches: Array<{ code: string; orgId: string; product: string; status: string; reason: string | null }>;
  /** Every voucher issued from those batches, with its status after the test. */
  vouchers: Array<{ code: string; batchCode: string; buyerOrgId: string | null; status: string }>;
  /** Ledger lines of everyone who bought goods from the tree. */
  holders: Array<{ orgId: string; name: string; line: string; product: string; quantity: string; voucher: string | null; receivedBatch: string | null }>;
  /** Public scans of the stall's own sale vouchers after the test. */
  scans: Array<{ url: string; state: string }>;
}

const enzymeTest = (inhibition: number) => ({
  item: "organophosphate-carbamate",
  method: "enzyme-inhibition",
  standard: { code: "GB/T 5009.199-2003" },
  threshold: { comparator: "gte" as const, value: 50, unit: "%" },
  measured: { kind: "value" as const, value: inhibition },
  tester: { name: "陈执法", id: "SS-0417" },
  testPoint: { id: "sanshui-amr-mobile-lab", name: "三水区市场监管局快检车" },
});

const walk = (node: TraceNode, visit: (node: TraceNode) => void) => {
  visit(node);
  for (const child of node.children as unknown as TraceNode[]) walk(child, visit);
};

export async function runScenario(actors: Actors, print: (line: string) => void = console.log): Promise<Outcome> {
  const { regulator, wholesaler, stall } = actors;
  const [seller, shop] = await Promise.all([wholesaler.organisations.me(), stall.organisations.me()]);

  // The goods: 豇豆 from Hainan, 20 kg sold to the stall, received into its ledger as its own batch, sold on.
  const beans = await wholesaler.batches.create({ product: { name: "豇豆", category: "vegetable" }, originRegion: "460200", quantity: 200_000, unit: "gram" });
  const sale = await wholesaler.vouchers.issue({ batchCode: beans.code, netWeightGrams: 20_000, buyerOrgId: shop.id });
  const { record } = await stall.ledger.scan({ url: sale.url, receiveAsBatch: true });
  const stallSales = [];
  for (const grams of [750, 1_200]) stallSales.push(await stall.vouchers.issue({ batchCode: record.receivedBatchCode!, netWeightGrams: grams, unitPriceFen: 790 }));
  print(`${seller.name} sold 20 kg 豇豆 (batch ${beans.code}) to ${shop.name}; its ledger line ${record.id} received it as batch ${record.receivedBatchCode}, sold on in ${stallSales.length} vouchers`);

  // 1. The inspection: the grade is computed with it.
  const before = (await regulator.merchants.grade(shop.id)).grade;
  const inspected = await regulator.merchants.recordInspection(shop.id, {
    inspector: { name: "陈执法", id: "SS-0417" },
    totalScore: 4.6,
    items: [
      { code: "K1", title: "许可证在有效期内", keyItem: true, passed: true },
      { code: "K2", title: "进货查验记录完整", keyItem: true, passed: false, note: "豇豆无检测报告" },
      { code: "K3", title: "从业人员持有效健康证", keyItem: true, passed: false, note: "1 人健康证过期" },
      { code: "G1", title: "冷藏温度", keyItem: false, passed: false, score: 4, maxScore: 10 },
    ],
    evidence: ["photo-2026-1124-01"],
  });
  const after = inspected.grade;
  const label = after.display?.label["zh-CN"];
  print(`\nInspection of ${shop.name}: ${inspected.inspection.totalScore} / 10, ${inspected.inspection.keyItemsFailed} key item(s) failed`);
  print(`  grade ${before.grade ?? "none"} → ${after.grade ?? "none"}${label ? ` (${label}, ${after.display!.colour})` : ""}${inspected.changed ? "" : " (unchanged)"}, average ${after.average ?? "—"} under ${after.ruleSet.name.en} v${after.ruleSet.version}`);

  // 2. The failed rapid test on the wholesaler's batch: the batch and everything downstream are suspended.
  const tested = await regulator.batches.recordRapidTest(beans.code, enzymeTest(68.5));
  print(`\nRapid test on ${beans.code} (organophosphate/carbamate, 68.5 % inhibition ≥ 50 %): ${tested.test.outcome.toUpperCase()} → batch ${tested.batchStatus}`);

  // 3. The lock-down, followed downstream.
  const names = new Map<string, string>();
  const nameOf = async (orgId: string) => {
    if (!names.has(orgId)) names.set(orgId, (await regulator.merchants.get(orgId)).name);
    return names.get(orgId)!;
  };
  const trace = await regulator.batches.trace(beans.code);
  const batches: Outcome["batches"] = [];
  const vouchers: Outcome["vouchers"] = [];
  walk(trace.downstream, (node) => {
    const batch = node.batch as Batch;
    batches.push({ code: batch.code, orgId: batch.orgId, product: batch.product.name, status: batch.status, reason: batch.statusReason });
    for (const voucher of node.vouchers) vouchers.push({ code: voucher.code, batchCode: batch.code, buyerOrgId: voucher.buyerOrgId, status: voucher.status });
  });
  print(`\nDownstream of ${beans.code}:`);
  for (const batch of batches) {
    print(`  batch ${batch.code} (${batch.product}) ${batch.status}${batch.reason ? ` — ${batch.reason}` : ""}`);
    for (const voucher of vouchers.filter((v) => v.batchCode === batch.code)) print(`    voucher ${voucher.code} ${voucher.status}${voucher.buyerOrgId ? ` (sold to ${await nameOf(voucher.buyerOrgId)})` : " (retail sale)"}`);
  }

  const lines: PurchaseRecord[] = await regulator.ledger.downstream(beans.code);
  for (const line of lines) await nameOf(line.buyerOrgId);
  const holders = lines.map((line) => ({
    orgId: line.buyerOrgId,
    name: names.get(line.buyerOrgId)!,
    line: line.id,
    product: line.productName,
    quantity: `${line.quantity.value} ${line.quantity.unit}`,
    voucher: line.sourceVoucherCode,
    receivedBatch: line.receivedBatchCode,
  }));
  print(`\nHolders (purchase ledgers with goods from ${beans.code}):`);
  for (const holder of holders) print(`  ${holder.name} (${holder.orgId}): ${holder.product} ${holder.quantity}, ledger line ${holder.line}, voucher ${holder.voucher}${holder.receivedBatch ? `, own batch ${holder.receivedBatch}` : ""}`);

  const scans = [];
  for (const voucher of stallSales) scans.push({ url: voucher.url, state: (await regulator.public.scan(voucher.url)).state });
  print(`\nShoppers scanning ${shop.name}'s receipts now see: ${scans.map((s) => s.state).join(", ")}`);

  return {
    business: { orgId: shop.id, name: shop.name },
    grade: { before: before.grade, after: after.grade, changed: inspected.changed, average: after.average, label },
    test: { batchCode: beans.code, outcome: tested.test.outcome, batchStatus: tested.batchStatus },
    batches,
    vouchers,
    holders,
    scans,
  };
}
