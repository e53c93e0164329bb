/**
 * A regulator's day, through the SDK client: goods move from a wholesaler to a stall (which
 * receives them into its purchase ledger as its own batch and sells them on; the stall may
 * register a webhook for lock-downs); the regulator inspects the stall (the grade is recomputed:
 * before → after) and records a failed rapid test on the wholesaler's batch for a catalogue item,
 * then follows the lock-down: every batch and voucher suspended (trace), the lock-down and its
 * holders with their purchase records, the signed `lockdown.opened` delivery to the stall,
 * confirmation into a recall (the stall's receipts scan as recalled), the dashboard, and the
 * wholesaler's EPCIS and FSMA 204 exports of the batch.
 */
import { type Batch, type Grade, type Lockdown, type ShianClient, type TraceNode, verifyWebhookSignature, type WebhookVerification } from "@shian/sdk";
import type { ReceivedDelivery } from "./receiver";

export interface Actors {
  regulator: ShianClient;
  /** The seller whose batch fails the test. */
  wholesaler: ShianClient;
  /** The business inspected, which bought from the wholesaler. */
  stall: ShianClient;
}

/** A webhook receiver for the stall: registered before the failure, then asked for the delivery the failure causes. */
export interface WebhookReceiver {
  url: string;
  /** The next delivery it received (the caller bounds the wait; the test runs the dispatcher first). */
  next(): Promise<ReceivedDelivery>;
}

export interface Outcome {
  business: { orgId: string; name: string };
  grade: { before: Grade["grade"]; after: Grade["grade"]; changed: boolean; average: number | null; label: string | undefined };
  test: { batchCode: string; item: string; outcome: string; batchStatus: string; record: Record<string, unknown> };
  /** The catalogue item the test named, as GET /rapid-test-items lists it. */
  catalogueItem: { code: string; zh: string; en: string; method: string; standard: string; threshold: string };
  /** Every batch in the failed batch's tree, with its status after the test. */
  batches: Array<{ code: string; orgId: string; product: string; status: string; reason: string | null }>;
  /** Every voucher issued from those batches, with its status after the test. */
  vouchers: Array<{ code: string; batchCode: string; buyerOrgId: string | null; status: string }>;
  /** The lock-down the failure opened, as GET /v1/lockdowns/{id} shows it (holders included), and after confirmation. */
  lockdown: Lockdown;
  confirmed: { state: string; recallId: string | null; recall: { id: string; batchCode: string; reason: string; level: string } };
  /** The stall's webhook (when a receiver was given): the endpoint, its secret, the delivery and its check. */
  webhook?: { endpointId: string; secret: string; delivery: ReceivedDelivery; verification: WebhookVerification; payload: { id: string; type: string; data: Record<string, unknown> } };
  /** Public scans of the stall's own sale vouchers after the test, and after the recall. */
  scans: Array<{ url: string; state: string }>;
  recalledScans: Array<{ url: string; state: string }>;
  dashboard: { days: number; tests: number; failed: number; flaggedCodes: number; itemTests: number; itemFailed: number };
  exports: { epcisEvents: number; epcisTypes: string[]; fsma204Rows: number; fsma204File: string };
}

/** The catalogue item's code: method, standard and threshold come from the catalogue (GET /rapid-test-items). */
const enzymeTest = (item: string, inhibition: number) => ({
  item,
  measured: { kind: "value" as const, value: inhibition },
  tester: { name: "陈执法", id: "SS-0417" },
  testPoint: { id: "sanshui-amr-mobile-lab", name: "三水区市场监管局快检车" },
});

/** Counts CSV records (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
export function csvRecordCount(text: string): number {
  let records = 0;
  let quoted = false;
  let pending = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') {
      quoted = true;
      pending = true;
    } else if (ch === "\n" || (ch === "\r" && text[i + 1] !== "\n")) {
      if (pending) records++;
      pending = false;
      continue;
    } else if (ch !== "\r" && ch !== "\uFEFF") pending = true;
    if (quoted) pending = true;
  }
  return records + (pending ? 1 : 0);
}

const streamText = (body: ReadableStream<Uint8Array>) => new Response(body).text();

const walk = (node: TraceNode, visit: (node: TraceNode) => void) => {
  visit(node);
  for (const child of node.children as unknown as TraceNode[]) walk(child, visit);
};

export async function runScenario(actors: Actors, print: (line: string) => void = console.log, webhook?: WebhookReceiver): Promise<Outcome> {
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

  // 2. The failed rapid test on the wholesaler's batch, for a catalogue item: the batch and everything downstream are suspended, a lock-down opens.
  const catalogue = await regulator.rapidTests.catalogue({ category: "pesticide-residue" });
  const item = catalogue.find((entry) => entry.code === "organophosphate-carbamate");
  if (!item) throw new Error("the catalogue has no organophosphate-carbamate item");
  const comparator = { gte: "≥", gt: ">", lte: "≤", lt: "<" }[item.threshold.comparator];
  const catalogueItem = {
    code: item.code,
    zh: item.name["zh-CN"],
    en: item.name.en,
    method: item.method,
    standard: `${item.standard.code}${item.standard.title ? ` ${item.standard.title}` : ""}`,
    threshold: `${comparator} ${item.threshold.value} ${item.threshold.unit}`,
  };
  print(`\nCatalogue item ${item.code}: ${catalogueItem.zh} / ${catalogueItem.en}, method ${item.method}, standard ${catalogueItem.standard}, fail ${catalogueItem.threshold}`);

  let endpoint: { id: string; secret: string } | undefined;
  if (webhook) {
    const registered = await stall.webhooks.register({ url: webhook.url, events: ["lockdown.opened"] });
    endpoint = { id: registered.endpoint.id, secret: registered.secret };
    print(`${shop.name} registered webhook ${registered.endpoint.id} → ${registered.endpoint.url} (${registered.endpoint.events.join(", ")})`);
  }

  const inhibition = 68.5;
  const tested = await regulator.batches.recordRapidTest(beans.code, enzymeTest(item.code, inhibition));
  print(`Rapid test on ${beans.code} (${item.code}, ${inhibition} % inhibition, threshold from the catalogue): ${tested.test.outcome.toUpperCase()} → batch ${tested.batchStatus}, lock-down ${tested.lockdownId}`);

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

  const [summary] = (await regulator.lockdowns.forBatch(beans.code)).filter((entry) => entry.testId === tested.test.id);
  if (!summary) throw new Error(`no lock-down on ${beans.code} for test ${tested.test.id}`);
  const lockdown = await regulator.lockdowns.get(summary.id);
  print(`\nLock-down ${lockdown.id} (${lockdown.state}, ${lockdown.descendants} batch(es) in the tree) — holders:`);
  for (const holder of lockdown.holders) {
    print(`  ${holder.name} (${holder.role}, ${holder.orgId}): ${holder.batches} batch(es) of the tree, ${holder.purchaseRecords.length} purchase record(s)`);
    for (const line of holder.purchaseRecords) print(`    ledger line ${line.id}: ${line.productName} ${line.quantity} ${line.unit} on ${line.purchaseDate}, voucher ${line.sourceVoucherCode}${line.receivedBatchCode ? `, own batch ${line.receivedBatchCode}` : ""}`);
  }

  let delivered: Outcome["webhook"];
  if (webhook && endpoint) {
    const delivery = await webhook.next();
    const verification = await verifyWebhookSignature({ body: delivery.body, header: delivery.signature, secret: endpoint.secret });
    const payload = JSON.parse(delivery.body) as { id: string; type: string; data: Record<string, unknown> };
    delivered = { endpointId: endpoint.id, secret: endpoint.secret, delivery, verification, payload };
    print(`\nWebhook to ${shop.name}: ${delivery.event} (delivery ${delivery.delivery}), signature ${verification.valid ? "valid" : `INVALID (${verification.reason})`}, lock-down ${String(payload.data.lockdownId ?? "?")}`);
    // The example's receiver goes away when it ends: the endpoint goes with it (a rerun registers a new one).
    await stall.webhooks.delete(endpoint.id);
  }

  const scans = [];
  for (const voucher of stallSales) scans.push({ url: voucher.url, state: (await regulator.public.scan(voucher.url)).state });
  print(`\nShoppers scanning ${shop.name}'s receipts now see: ${scans.map((s) => s.state).join(", ")}`);

  // 4. The regulator confirms the lock-down: the tree is recalled.
  const confirmation = await regulator.lockdowns.confirm(lockdown.id, { reason: "test-failed", level: "level-2", note: "快检复核确认" });
  const confirmed = {
    state: confirmation.lockdown.state,
    recallId: confirmation.lockdown.recallId,
    recall: { id: confirmation.recall.id, batchCode: confirmation.recall.batchCode, reason: confirmation.recall.reason, level: confirmation.recall.level },
  };
  const recalledScans = [];
  for (const voucher of stallSales) recalledScans.push({ url: voucher.url, state: (await regulator.public.scan(voucher.url)).state });
  print(`\nLock-down ${lockdown.id} confirmed → recall ${confirmed.recall.id} (${confirmed.recall.reason}, ${confirmed.recall.level}); the receipts now scan: ${recalledScans.map((s) => s.state).join(", ")}`);

  // 5. The dashboard, and the wholesaler's exports of the batch.
  const board = await regulator.dashboard.get({ days: 30 });
  const byItem = board.rapidTests.byItem.find((entry) => entry.item === item.code);
  const dashboard = {
    days: board.days,
    tests: board.rapidTests.total.tests,
    failed: board.rapidTests.total.failed,
    flaggedCodes: board.flaggedCodes.total,
    itemTests: byItem?.tests ?? 0,
    itemFailed: byItem?.failed ?? 0,
  };
  print(`\nDashboard (last ${dashboard.days} days): ${dashboard.tests} rapid test(s), ${dashboard.failed} failed (${item.code}: ${dashboard.itemFailed} of ${dashboard.itemTests}); ${dashboard.flaggedCodes} flagged code(s)`);

  const epcis = JSON.parse(await streamText(await wholesaler.epcis.exportBatch(beans.code))) as { epcisBody: { eventList: Array<{ type: string; bizStep?: string }> } };
  const events = epcis.epcisBody.eventList;
  const epcisTypes = events.map((event) => `${event.type}${event.bizStep ? `/${event.bizStep}` : ""}`);
  const sheet = await wholesaler.fsma204.export({ lot: beans.code, format: "csv" });
  const fsma204Rows = csvRecordCount(await streamText(sheet.body)) - 1;
  const exports = { epcisEvents: events.length, epcisTypes, fsma204Rows, fsma204File: sheet.fileName };
  print(`${seller.name}'s exports of ${beans.code}: EPCIS ${events.length} event(s) (${[...new Set(epcisTypes)].map((type) => `${type} ×${epcisTypes.filter((t) => t === type).length}`).join(", ")}); FSMA 204 ${sheet.fileName}: ${fsma204Rows} row(s)`);

  return {
    business: { orgId: shop.id, name: shop.name },
    grade: { before: before.grade, after: after.grade, changed: inspected.changed, average: after.average, label },
    test: { batchCode: beans.code, item: tested.test.item, outcome: tested.test.outcome, batchStatus: tested.batchStatus, record: tested.test.record },
    catalogueItem,
    batches,
    vouchers,
    lockdown,
    confirmed,
    ...(delivered ? { webhook: delivered } : {}),
    scans,
    recalledScans,
    dashboard,
    exports,
  };
}
