/** The README's client and offline-queue example runs as written against the API (served in-process). */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, type ServerType } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../api/test/harness";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const README = fileURLToPath(new URL("../README.md", import.meta.url));

let h: Harness;
let server: ServerType;
let api: string;
beforeAll(async () => {
  h = await createHarness();
  await new Promise<void>((resolve) => {
    server = serve({ fetch: h.app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      api = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  h?.close();
});

/** Runs the README's example tagged `name` with tsx, the given environment added. */
async function runExample(name: string, env: Record<string, string>) {
  const text = readFileSync(README, "utf8");
  const code = new RegExp(`<!-- readme-example:${name} -->\n\`\`\`ts\n([\\s\\S]*?)\`\`\``).exec(text)?.[1];
  expect(code).toBeTruthy();
  const file = join(mkdtempSync(join(tmpdir(), "shian-readme-")), "example.mts");
  writeFileSync(file, code!);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", file], { cwd: ROOT, env: { ...process.env, SHIAN_API: api, ...env, TSX_TSCONFIG_PATH: join(ROOT, "tsconfig.json") } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (exit) => resolve({ code: exit, stdout, stderr }));
  });
}

describe("README", () => {
  it("the API client and offline queue example runs", async () => {
    const org = await h.org("wholesaler");
    const run = await runExample("client", { SHIAN_KEY: org.key });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^\d+-\d+-\w http:\/\/localhost:8787\/v\/\d+$/);
    expect(lines.slice(1, 4)).toEqual([expect.stringMatching(/^0 \d+-/), expect.stringMatching(/^1 \d+-/), expect.stringMatching(/^2 \d+-/)]);
    expect(lines[4]).toMatch(/^no such voucher: 404 /);
    expect(lines[5]).toBe("registered 3, waiting 0, refused 0");
  });

  it("the merchants, grades, ledger, certificates and records example runs", async () => {
    const [farm, stall, regulator] = [await h.org("producer", { name: "华宁县绿源蔬菜种植专业合作社" }), await h.org("stall"), await h.org("regulator")];
    const run = await runExample("merchants", { SHIAN_FARM_KEY: farm.key, SHIAN_STALL_KEY: stall.key, SHIAN_REGULATOR_KEY: regulator.key });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual(["grade A green valid", "certificate valid", "ledger true 菜心 华宁县绿源蔬菜种植专业合作社 true", "regulator true shian-merchant-archive/1"]);
  });
});
