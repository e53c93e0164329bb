/**
 * `pnpm dev:worker`: the Workers entry under `wrangler dev` on 127.0.0.1, against a local D1
 * database with the demo seed, fully offline. Writes `.dev.vars` with a fresh SHIAN_KEK when
 * it is missing, applies the migrations to the local D1 database, starts `wrangler dev`, and
 * once the worker answers prints the demo (voucher URLs, API keys; also saved next to the
 * local state as demo.json, because the keys are shown only once).
 *
 * Options: --port <n> (PORT, default 8787), --persist-to <dir> (default .wrangler/state);
 * anything after `--` goes to `wrangler dev` (e.g. `-- --var RATE_LIMIT_PER_MINUTE:0`).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values, positionals: wranglerArgs } = parseArgs({ options: { port: { type: "string" }, "persist-to": { type: "string" } }, allowPositionals: true });
const port = Number(values.port ?? process.env.PORT ?? 8787);
const persistTo = resolve(packageDir, values["persist-to"] ?? ".wrangler/state");
const origin = `http://127.0.0.1:${port}`;
const wrangler = join(packageDir, "node_modules", ".bin", "wrangler");
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", WRANGLER_SEND_ERROR_REPORTS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

function generateKek(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
}

function run(args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(wrangler, args, { cwd: packageDir, env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", fail);
    child.on("exit", (code) => (code === 0 ? done() : fail(new Error(`wrangler ${args.join(" ")} exited with ${code}`))));
  });
}

try {
  await fetch(`${origin}/health`);
  console.error(`${origin} already answers: stop that server or pass --port`);
  process.exit(1);
} catch {
  // the port is free
}

const devVars = join(packageDir, ".dev.vars");
if (!existsSync(devVars)) {
  writeFileSync(devVars, `# Local secrets for wrangler dev (gitignored)\nSHIAN_KEK=${generateKek()}\n`, { mode: 0o600 });
  console.log(`Wrote ${devVars} with a fresh SHIAN_KEK`);
}
chmodSync(devVars, 0o600);
mkdirSync(persistTo, { recursive: true });

await run(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo]);

const dev: ChildProcess = spawn(
  wrangler,
  ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persistTo, "--show-interactive-dev-session=false", "--var", "SEED_DEMO:true", "--var", `PUBLIC_URL:${origin}`, ...wranglerArgs],
  { cwd: packageDir, env, stdio: ["ignore", "inherit", "inherit"] },
);
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopping = true;
    dev.kill(signal);
  });
}
dev.on("exit", (code) => process.exit(stopping ? 0 : (code ?? 1)));

// The first request builds the services and seeds the demo; /__dev/demo then tells what it made.
const demoFile = join(persistTo, "demo.json");
const deadline = Date.now() + 120_000;
while (Date.now() < deadline && !stopping) {
  try {
    const response = await fetch(`${origin}/__dev/demo`);
    if (response.status === 404 || response.ok) {
      const demo = response.ok ? await response.json() : undefined;
      if (demo?.apiKeys) writeFileSync(demoFile, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
      const saved = demo?.apiKeys ? demo : existsSync(demoFile) ? JSON.parse(readFileSync(demoFile, "utf8")) : demo;
      console.log(`\nShian API (Workers, local D1) on ${origin}`);
      console.log(`  API docs           ${origin}/docs`);
      if (saved?.vouchers) {
        console.log(`  Valid voucher      ${saved.vouchers.valid}`);
        console.log(`  Recalled voucher   ${saved.vouchers.recalled}`);
        console.log(`  Suspended voucher  ${saved.vouchers.suspended}`);
        console.log(`\n  Try: curl -H 'Accept: application/json' ${saved.vouchers.recalled}`);
      }
      if (saved?.apiKeys) {
        console.log(`  Demo API keys (also in ${demoFile}):`);
        for (const [name, key] of Object.entries(saved.apiKeys as Record<string, string>)) console.log(`    ${name.padEnd(12)} ${key}`);
      } else if (saved?.vouchers) console.log(`  The demo's API keys were shown when it was seeded; delete ${persistTo} to seed afresh.`);
      else console.log("  No demo in this database (SEED_DEMO is not true, or it already had organisations).");
      break;
    }
  } catch {
    // not listening yet
  }
  await new Promise((wait) => setTimeout(wait, 300));
}
