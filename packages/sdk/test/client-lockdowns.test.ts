/** The API client's rapid-test, lock-down and webhook methods (issue 7). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, enzymeTest, type Harness, vegetableBatch } from "../../api/test/harness";
import { ShianApiError, ShianClient } from "../src/index";
import { operationKeys, recordRoutes, seenAmong } from "./route-recorder";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({}, { webhooks: { fetch: (async () => new Response("ok")) as typeof fetch } });
});
afterAll(() => h?.close());

describe("ShianClient: rapid tests, lock-downs, webhooks", () => {
  it("calls every route of the three groups with typed results", async () => {
    const { fetch, seen, authorised } = recordRoutes((request) => h.app.fetch(request));
    const client = (key?: string) => new ShianClient({ baseUrl: "http://localhost:8787", ...(key ? { apiKey: key } : {}), fetch });
    const marketOrg = await h.org("wholesale-market");
    const traderOrg = await h.org("wholesaler", { marketId: marketOrg.id });
    const market = client(marketOrg.key);
    const trader = client(traderOrg.key);
    const regulator = client((await h.org("regulator")).key);

    const items = await client().rapidTests.catalogue({ category: "veterinary-drug" });
    expect(items.map((item) => item.code)).toContain("clenbuterol");
    expect(authorised).not.toContain("/rapid-test-items");
    const point = await market.rapidTests.createTestPoint({ name: "快检室", kind: "market-lab", region: "440607", operators: [{ id: "op-1", name: "陈检测" }] });
    expect((await market.rapidTests.testPoints()).map((p) => p.id)).toEqual([point.id]);
    expect((await regulator.rapidTests.testPoint(point.id)).name).toBe("快检室");
    expect((await market.rapidTests.setTestBeforeSale(true)).enabled).toBe(true);
    expect((await trader.rapidTests.testBeforeSale()).enabled).toBe(true);

    const hook = await trader.webhooks.register({ url: "https://trader.example/hook", events: ["lockdown.opened"] });
    expect(hook.secret).toMatch(/^whsec_/);
    expect((await trader.webhooks.list()).map((endpoint) => endpoint.id)).toEqual([hook.endpoint.id]);

    const batch = await trader.batches.create(vegetableBatch() as never);
    const refused = await trader.vouchers.issue({ batchCode: batch.code }).catch((error) => error);
    expect(refused).toBeInstanceOf(ShianApiError);
    expect(refused).toMatchObject({ status: 409, apiCode: "test-required" });
    const failed = await market.batches.recordRapidTest(batch.code, { ...enzymeTest(90), testPoint: { id: point.id } } as never);
    expect(failed.lockdownId).toBeDefined();
    const lockdown = await regulator.lockdowns.get(failed.lockdownId!);
    expect(lockdown.holders.map((holder) => holder.orgId)).toEqual([traderOrg.id]);
    expect((await trader.lockdowns.forBatch(batch.code)).map((l) => l.id)).toEqual([failed.lockdownId]);

    await h.services.webhooks.dispatch();
    const [delivery] = await trader.webhooks.deliveries({ state: "delivered" });
    expect(delivery).toMatchObject({ eventType: "lockdown.opened", attempts: 1 });
    expect((await trader.webhooks.redeliver(delivery!.id)).state).toBe("pending");

    expect((await market.lockdowns.clear(failed.lockdownId!, { note: "复检合格" })).state).toBe("cleared");
    const second = await market.batches.recordRapidTest(batch.code, enzymeTest(95) as never);
    const { lockdown: confirmed, recall } = await regulator.lockdowns.confirm(second.lockdownId!, { level: "level-2" });
    expect(confirmed.state).toBe("confirmed");
    expect(recall.batchCode).toBe(batch.code);
    await trader.webhooks.delete(hook.endpoint.id);
    expect(await trader.webhooks.list()).toEqual([]);

    const group = operationKeys((name) => name.startsWith("rapidTests.") || name.startsWith("lockdowns.") || name.startsWith("webhooks."));
    expect(seenAmong(seen, group)).toEqual(group);
  });
});
