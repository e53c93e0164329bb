/**
 * `shian fsma204` against the real API served in-process on 127.0.0.1; the CLI runs from
 * source as a child process and streams the sheet to a file with a progress line.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, type ServerType } from "@hono/node-server";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../api/test/harness";
import { type Scenario, seedScenario, steppingClock } from "../../api/test/supply-chain/scenario";
import { xlsxChunks } from "../../api/src/services/fsma204/xlsx";
import { CsvRecordCounter, XlsxRowCounter } from "../src/cli/fsma204";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const MAIN = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "shian-cli-fsma-"));
const file = (name: string) => join(dir, name);

function shian(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let h: Harness;
let s: Scenario;
let server: ServerType;
let api: string;
beforeAll(async () => {
  const clock = steppingClock();
  h = await createHarness({}, { now: clock.now });
  s = await seedScenario(h, clock);
  await new Promise<void>((resolve) => {
    server = serve({ fetch: h.app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      api = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  h.close();
});

const direct = async (query: string) => new Uint8Array(await (await h.app.request(`/v1/fsma204?${query}`, { headers: { authorization: `Bearer ${s.seller.key}` } })).arrayBuffer());

describe("shian fsma204", () => {
  it("streams a lot's CSV to the file, byte for byte what the API serves, with a rows line on stderr", async () => {
    const run = await shian(["fsma204", "--api", api, "--key", s.seller.key, "--lot", s.lot, "--out", file("lot.csv")]);
    expect(run.code, run.stderr).toBe(0);
    expect(new Uint8Array(readFileSync(file("lot.csv")))).toEqual(await direct(`lot=${s.lot}&format=csv`));
    expect(run.stderr).toMatch(/\r4 rows · \d+ rows\/s · [\d.]+ MB · [\d.]+ s \n/);
    expect(existsSync(file("lot.csv.part"))).toBe(false);
  });

  it("streams a range as XLSX: the same workbook parts as the API's", async () => {
    const run = await shian(["fsma204", "--api", api, "--key", s.seller.key, "--from", "2026-01-01T00:00:00Z", "--to", "2027-01-01T00:00:00Z", "--format", "xlsx", "--out", file("year.xlsx")]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/\r4 rows · \d+ rows\/s · [\d.]+ MB · [\d.]+ s \n/);
    const written = unzipSync(new Uint8Array(readFileSync(file("year.xlsx"))));
    const served = unzipSync(await direct("from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&format=xlsx"));
    expect(Object.keys(written).sort()).toEqual(Object.keys(served).sort());
    const sheet = new TextDecoder().decode(written["xl/worksheets/sheet1.xml"]);
    expect(sheet).toBe(new TextDecoder().decode(served["xl/worksheets/sheet1.xml"]));
    expect(sheet).toContain(s.voucher);
  });

  it("must not write a file for another organisation's lot (exit 1, the API's error code), and wants a lot or a range", async () => {
    const refused = await shian(["fsma204", "--api", api, "--key", s.other.key, "--lot", s.lot, "--out", file("refused.csv")]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr.trim()).error).toMatchObject({ code: "api-error", details: { status: 403, apiCode: "forbidden" } });
    expect(existsSync(file("refused.csv"))).toBe(false);
    const usage = await shian(["fsma204", "--api", api, "--key", s.seller.key, "--out", file("none.csv")]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("give --lot, or --from and --to");
  });

  it("counts XLSX rows as the zip passes, in any chunking, over several sheets, headers left out", async () => {
    async function* rows() {
      for (let i = 0; i < 2500; i++) yield [`r${i} </row>`, i];
    }
    const parts: Uint8Array[] = [];
    for await (const chunk of xlsxChunks(["name", "n"], rows(), { maxRowsPerSheet: 1000 })) parts.push(chunk);
    const whole = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
    parts.reduce((at, part) => (whole.set(part, at), at + part.length), 0);
    for (const size of [1, 7, 4096, whole.length]) {
      const counter = new XlsxRowCounter();
      for (let i = 0; i < whole.length; i += size) counter.push(whole.slice(i, i + size));
      expect(counter.records, `chunks of ${size}`).toBe(2500);
    }
  });

  it("counts CSV records across chunks, not line breaks inside quoted fields", () => {
    const counter = new CsvRecordCounter();
    const text = 'a,b\r\n"x\ny","say ""hi"""\r\n1,2\r\n';
    const bytes = new TextEncoder().encode(text);
    for (let i = 0; i < bytes.length; i += 3) counter.push(bytes.slice(i, i + 3));
    expect(counter.records).toBe(3);
  });
});
