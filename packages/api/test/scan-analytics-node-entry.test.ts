import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { openLibsql } from "../src/db/libsql";

// The Node entry as `pnpm start` runs it (the tsx CLI) on a database file: its scan counters go
// through the writer thread, and SIGTERM writes what is buffered before the process exits.

const apiDir = fileURLToPath(new URL("..", import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let child: ChildProcess | undefined;
let dataDir: string | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("scan analytics in the Node entry", () => {
  it("writes the buffered scans through the writer thread on SIGTERM, then exits", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "shian-node-entry-"));
    const port = await freePort();
    let output = "";
    child = spawn(process.execPath, [tsxCli, "src/node.ts"], {
      cwd: apiDir,
      // No timer flush during the test: only the seed's own flush and the shutdown one.
      env: { ...process.env, SHIAN_DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", SCAN_ANALYTICS_FLUSH_MS: "3600000", SCAN_ANALYTICS_THREAD: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));
    while (!output.includes("Valid voucher")) {
      if (child.exitCode !== null) throw new Error(output);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const demo = JSON.parse(readFileSync(join(dataDir, "demo.json"), "utf8")) as { vouchers: { valid: string } };
    const path = new URL(demo.vouchers.valid).pathname;
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`http://127.0.0.1:${port}${path}?region=310000`, { headers: { accept: "application/json" } });
      expect(response.status).toBe(200);
    }
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output).toContain("Scan counters are written by a worker thread");
    expect(output).not.toMatch(/flush failed|shutdown failed/);

    const { db, close } = openLibsql(`file:${join(dataDir, "shian.db")}`);
    try {
      // The demo seed's scans (no Shanghai among them), written at start through the thread, and the three above at shutdown.
      expect(await db.get(sql`SELECT sum("count") AS n FROM scan_counts WHERE region = '310000'`)).toEqual({ n: 3 });
      expect(await db.get(sql`SELECT sum("count") AS n FROM scan_counts`)).toEqual({ n: 6 + 2 + 1 + 3 + 25 + 3 });
      expect(await db.get(sql`PRAGMA journal_mode`)).toEqual({ journal_mode: "wal" });
    } finally {
      close();
    }
  });
});
