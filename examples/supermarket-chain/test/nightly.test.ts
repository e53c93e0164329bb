/**
 * The nightly job against the API served in-process on 127.0.0.1: 500 items of a generated
 * export get a voucher each (interrupted after the first request, then resumed; every one
 * scans valid), and a rerun issues nothing new — neither
 * from the state file nor, with the state file lost, through the API (same idempotency keys).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { createClient, decodeVoucher, type ShianClient } from "@shian/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, type TestOrg } from "../../../packages/api/test/harness";
import { formatSummary, readExport, runNightly } from "../src/nightly";
import { ean13, generateExport } from "../src/store-export";

let h: Harness;
let server: ServerType;
let client: ShianClient;
let chain: TestOrg;
beforeAll(async () => {
  h = await createHarness();
  chain = await h.org("supermarket");
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: h.app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => resolve(info.port));
  });
  client = createClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: chain.key });
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  h?.close();
});

const N = 500;

describe("supermarket chain nightly job", () => {
  it("issues a voucher for every item of the export, each scans valid, and a rerun issues nothing", async () => {
    expect(ean13("692034710026")).toBe("6920347100260");
    const dir = mkdtempSync(join(tmpdir(), "shian-nightly-"));
    const csv = join(dir, "store-export.csv");
    writeFileSync(csv, generateExport(N));
    const log: string[] = [];

    // Interrupted (Ctrl-C) once the first bulk request has answered: 100 rows done and recorded.
    const stop = new AbortController();
    const interrupted = createClient({
      baseUrl: client.transport.options.baseUrl,
      apiKey: chain.key,
      fetch: async (request) => {
        const response = await fetch(request);
        if (request.url.endsWith("/v1/vouchers/bulk")) stop.abort();
        return response;
      },
    });
    const partial = await runNightly({ client: interrupted, csv, itemsPerRequest: 100, signal: stop.signal, log: () => undefined });
    expect(partial).toMatchObject({ rows: N, alreadyDone: 0, issued: 100, failed: [], interrupted: true });

    // The rerun continues where it stopped.
    const first = await runNightly({ client, csv, itemsPerRequest: 100, log: (line) => log.push(line) });
    expect(first).toMatchObject({ rows: N, alreadyDone: 100, issued: N - 100, replayed: 0, failed: [], interrupted: false, lotsCreated: 0 });
    expect(partial.lotsCreated).toBeGreaterThan(10);
    expect(log[0]).toBe(`500 items in store-export.csv; 100 done by an earlier run, 400 to issue`);
    expect(log.at(-1)).toMatch(/^ {2}500\/500 \(100 %\) · \d+ items\/s$/);
    expect(formatSummary(first)).toMatch(/issued this run +400\n.*\nreplayed \(had them\) +0\nfailed +0/);

    // Every row of the output CSV has its voucher; the vouchers carry the export's fields and scan valid.
    const { rows } = readExport(csv);
    const out = readFileSync(first.out, "utf8").trim().split("\n");
    expect(out).toHaveLength(N + 1);
    expect(out[0]!.endsWith(",trace_code,voucher_url")).toBe(true);
    const urls = out.slice(1).map((line) => line.split(",").at(-1)!);
    expect(new Set(urls).size).toBe(N);
    for (const [i, url] of urls.entries()) {
      const { claims } = decodeVoucher(url);
      const row = rows[i]!.values;
      expect(claims).toMatchObject({ type: "sale", gtin: row.barcode, lot: row.receiving_lot, unitPriceFen: Number(row.price_fen) });
      expect(out[i + 1]!.split(",").at(-2)).toBe(claims.code);
    }
    const states: Record<string, number> = {};
    for (let i = 0; i < urls.length; i += 25) {
      const scans = await Promise.all(urls.slice(i, i + 25).map((url) => client.public.scan(url)));
      for (const scan of scans) states[scan.state] = (states[scan.state] ?? 0) + 1;
    }
    expect(states).toEqual({ valid: N });

    // A rerun: everything is in the state file, nothing is sent.
    const again = await runNightly({ client, csv, log: () => undefined });
    expect(again).toMatchObject({ rows: N, alreadyDone: N, issued: 0, replayed: 0, lotsCreated: 0, failed: [] });
    expect(readFileSync(again.out, "utf8")).toBe(readFileSync(first.out, "utf8"));

    // The state file lost: the same idempotency keys give back the same vouchers, none new.
    rmSync(first.state);
    const lost = await runNightly({ client, csv, log: () => undefined });
    expect(lost).toMatchObject({ rows: N, alreadyDone: 0, issued: 0, replayed: N, failed: [] });
    expect(readFileSync(lost.out, "utf8")).toBe(readFileSync(first.out, "utf8"));
    // Batches and vouchers share the namespace's serials, one each: the next voucher's serial
    // shows that exactly N vouchers and the lots' batches were made, nothing more.
    const serial = (code: string) => Number(code.split("-")[1]);
    expect(Math.max(...urls.map((url) => serial(decodeVoucher(url).claims.code)))).toBe(N + partial.lotsCreated);
    const next = await client.vouchers.issue({ batchCode: decodeVoucher(urls[0]!).claims.batchCode!, quantity: 1 });
    expect(serial(next.code)).toBe(N + partial.lotsCreated + 1);
  });
});
