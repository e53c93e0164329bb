/**
 * `shian issue` and `shian trust pull` / `shian verify --trust` against the real API, served
 * in-process on 127.0.0.1 (an ephemeral port); the CLI runs from source as a child process.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, type ServerType } from "@hono/node-server";
import { parseTraceCode } from "@shian/schemas";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, type TestOrg, vegetableBatch } from "../../api/test/harness";
import { parseCsv } from "../src/cli/csv";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const MAIN = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "shian-cli-api-"));
const file = (name: string) => join(dir, name);

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from source (tsx) without blocking the event loop the in-process API runs on. */
function shian(args: string[], options: { interruptWhen?: () => boolean } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const poll = options.interruptWhen
      ? setInterval(() => {
          if (options.interruptWhen!()) {
            clearInterval(poll);
            child.kill("SIGINT");
          }
        }, 5)
      : undefined;
    child.on("close", (code, signal) => {
      if (poll) clearInterval(poll);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function listen(h: Harness): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: h.app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => resolve({ server, url: `http://127.0.0.1:${info.port}` }));
  });
}
const close = (server: ServerType) => new Promise<void>((resolve) => server.close(() => resolve()));

let h: Harness;
let api: string;
let server: ServerType;
let org: TestOrg;
beforeAll(async () => {
  h = await createHarness();
  ({ server, url: api } = await listen(h));
  org = await h.org("wholesale-market");
});
afterAll(async () => {
  if (server?.listening) await close(server);
  h?.close();
});

const serialOf = (code: string) => (parseTraceCode(code) as { ok: true; parts: { serial: number } }).parts.serial;

describe("shian issue", () => {
  it("issues a CSV through the bulk route, resumes after Ctrl-C without issuing anything twice, writes the output CSV and labels", async () => {
    const batch = await h.call("POST", "/v1/batches", { key: org.key, json: vegetableBatch(10_000_000) });
    const rows = 1500;
    const lines = ["ref,batchCode,netWeightGrams,quantity,gtin,lot"];
    for (let i = 1; i <= rows; i++) lines.push(`item-${i},${batch.body.code},${500 + i},${i % 3 === 0 ? "" : 1},${i % 2 ? "" : "06901234567892"},${i % 5 ? "" : '"LOT,' + i + '"'}`);
    writeFileSync(file("items.csv"), `${lines.join("\r\n")}\r\n`);
    const state = file("items.csv.state");
    const stateLines = () => (existsSync(state) ? readFileSync(state, "utf8").split("\n").filter(Boolean).length : 0);

    const first = await shian(["issue", "--api", api, "--key", org.key, "--csv", file("items.csv"), "--chunk", "50"], { interruptWhen: () => stateLines() >= 100 });
    expect(first.code, first.stderr).toBe(130);
    expect(first.stderr).toMatch(/interrupted: \d+\/1500 rows issued/);
    const afterStop = stateLines();
    expect(afterStop).toBeGreaterThanOrEqual(100);
    expect(afterStop).toBeLessThan(rows);
    expect(existsSync(file("items.issued.csv"))).toBe(false);

    // Lose the state file's last lines, as a crash would: those rows go again under the same keys.
    const kept = readFileSync(state, "utf8").split("\n").filter(Boolean).slice(0, afterStop - 30);
    writeFileSync(state, `${kept.join("\n")}\n{"row":`);

    const second = await shian(["issue", "--api", api, "--key", org.key, "--csv", file("items.csv"), "--labels", file("labels"), "--chunk", "200"]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/\] 1500\/1500 issued/); // the progress line
    expect(second.stderr).toContain(`1500/1500 rows issued (${rows - kept.length} in this run)`);

    const out = parseCsv(readFileSync(file("items.issued.csv"), "utf8"));
    expect(out[0]!.fields).toEqual(["ref", "batchCode", "netWeightGrams", "quantity", "gtin", "lot", "code", "url"]);
    const body = out.slice(1);
    expect(body).toHaveLength(rows);
    expect(body.map((row) => row.fields[0])).toEqual(Array.from({ length: rows }, (_, i) => `item-${i + 1}`));
    expect(body[4]!.fields[5]).toBe("LOT,5");
    const codes = body.map((row) => row.fields[6]!);
    const urls = body.map((row) => row.fields[7]!);
    expect(new Set(codes).size).toBe(rows);
    expect(urls.every((url) => /^http:\/\/localhost:8787\/v\/\d+$/.test(url))).toBe(true);

    // Nothing issued twice: the serials are exactly the next 1500, and the org's next voucher follows them.
    const serials = codes.map(serialOf).sort((a, b) => a - b);
    expect(serials.at(-1)! - serials[0]! + 1).toBe(rows);
    const next = await h.call("POST", "/v1/vouchers", { key: org.key, json: { netWeightGrams: 1 } });
    expect(serialOf(next.body.code)).toBe(serials.at(-1)! + 1);

    const voucher = await h.call("GET", `/v1/vouchers/${codes[9]}`, { key: org.key });
    expect(voucher.body).toMatchObject({ url: urls[9], batchCode: batch.body.code, claims: { netWeightGrams: 510, quantity: 1, gtin: "06901234567892", lot: "LOT,10" } });

    const labels = readdirSync(file("labels")).sort();
    expect(labels).toHaveLength(rows);
    expect(labels[0]).toBe(`0001-${codes[0]}.png`);
    const png = PNG.sync.read(readFileSync(join(file("labels"), labels[41]!)));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(urls[41]);

    // A third run finds everything done and issues nothing.
    const third = await shian(["issue", "--api", api, "--key", org.key, "--csv", file("items.csv")]);
    expect(third.code).toBe(0);
    expect(third.stderr).toContain("(0 in this run)");
  });

  it("reports rows the API refuses, in an error column, and exits 1; a bad header is a usage error", async () => {
    writeFileSync(file("bad.csv"), "ref,netWeightGrams,batchCode\na,1,\nb,2,9999-1-5\n");
    const run = await shian(["issue", "--api", api, "--key", org.key, "--csv", file("bad.csv"), "--out", file("bad-out.csv")]);
    expect(run.code).toBe(1);
    const out = parseCsv(readFileSync(file("bad-out.csv"), "utf8"));
    expect(out[0]!.fields.at(-1)).toBe("error");
    expect(out[1]!.fields[4]).toMatch(/^http/);
    expect(out[2]!.fields[4]).toBe("");
    expect(out[2]!.fields[5]).toMatch(/^not-found/);

    writeFileSync(file("header.csv"), "ref,weight\na,1\n");
    const usage = await shian(["issue", "--api", api, "--key", org.key, "--csv", file("header.csv")]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("unknown column(s) weight");
  });
});

describe("shian trust pull and verify --trust", () => {
  it("pulls and checks the bundle and status lists, then verifies offline; a different authority key is refused", async () => {
    const batch = await h.call("POST", "/v1/batches", { key: org.key, json: vegetableBatch(1000) });
    const good = await h.call("POST", "/v1/vouchers", { key: org.key, json: { batchCode: batch.body.code, netWeightGrams: 100 } });
    const other = await h.call("POST", "/v1/batches", { key: org.key, json: vegetableBatch(1000) });
    const doomed = await h.call("POST", "/v1/vouchers", { key: org.key, json: { batchCode: other.body.code, netWeightGrams: 100 } });
    expect((await h.call("POST", `/v1/batches/${other.body.code}/recall`, { key: org.key, json: { reason: "contamination", level: "level-1" } })).status).toBe(201);

    const trust = file("trust");
    const pull = await shian(["trust", "pull", "--api", api, "--dir", trust]);
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stdout).toMatch(/trust bundle version \d+ .* and \d+ status lists saved/);
    expect(readdirSync(trust).sort()).toEqual(["authority.json", "bundle.jws", "meta.json", "status-lists.jws"]);

    // Offline: the API is gone.
    await close(server);
    const ok = await shian(["verify", good.body.url, "--trust", trust]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, issuer: { id: org.id }, trust: { source: "bundle" } });
    const recalled = await shian(["verify", doomed.body.url, "--trust", trust]);
    expect(recalled.code).toBe(1);
    expect(JSON.parse(recalled.stdout)).toMatchObject({ valid: false, status: "recalled" });
    const offline = await shian(["trust", "pull", "--api", api, "--dir", trust]);
    expect(offline.code).toBe(1);
    expect(JSON.parse(offline.stderr).error.code).toBe("network");

    // Another API with its own authority key: the pinned key does not match.
    const h2 = await createHarness();
    const second = await listen(h2);
    try {
      const refused = await shian(["trust", "pull", "--api", second.url, "--dir", trust]);
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stderr).error).toMatchObject({ code: "untrusted-bundle", message: expect.stringContaining("pinned") });
      // A fresh directory pins the new key.
      expect((await shian(["trust", "pull", "--api", second.url, "--dir", file("trust-2")])).code).toBe(0);
    } finally {
      await close(second.server);
      h2.close();
    }
    // The first directory is unchanged and still verifies.
    expect((await shian(["verify", good.body.url, "--trust", trust])).code).toBe(0);
    expect((await shian(["verify", good.body.url, "--trust", file("trust-2")])).code).toBe(1);
    expect((await shian(["verify", good.body.url, "--trust", file("nowhere")])).code).toBe(2);
  });
});
