/**
 * `pnpm start`: the regulator's scenario against the API (SHIAN_API; demo keys, or
 * SHIAN_REGULATOR_KEY / SHIAN_WHOLESALER_KEY / SHIAN_STALL_KEY). With SHIAN_WEBHOOK_PORT the
 * stall's webhook receiver listens on 127.0.0.1:<port> (the API must run with
 * WEBHOOK_ALLOW_LOOPBACK=true) and the example waits up to SHIAN_WEBHOOK_WAIT_MS (30 s) for the
 * `lockdown.opened` delivery.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@shian/sdk";
import { startReceiver } from "./receiver";
import { runScenario } from "./regulator";

const api = (process.env.SHIAN_API ?? "http://127.0.0.1:8787").replace(/\/+$/, "");
const demoFile = resolve(process.env.SHIAN_DATA_DIR ?? fileURLToPath(new URL("../../../packages/api/.data", import.meta.url)), "demo.json");
const demo = existsSync(demoFile) ? (JSON.parse(readFileSync(demoFile, "utf8")) as { apiKeys: Record<string, string> }).apiKeys : {};
const key = (env: string, name: string) => {
  const value = process.env[env] ?? demo[name];
  if (!value) {
    console.error(`No ${name} key: start the API (npx -y pnpm@12.21.0 start writes demo keys) or set ${env}.`);
    process.exit(2);
  }
  return value;
};
const client = (apiKey: string) => createClient({ baseUrl: api, apiKey });
const receiver = process.env.SHIAN_WEBHOOK_PORT ? await startReceiver(Number(process.env.SHIAN_WEBHOOK_PORT)) : undefined;
const wait = Number(process.env.SHIAN_WEBHOOK_WAIT_MS ?? 30_000);
try {
  await runScenario(
    {
      regulator: client(key("SHIAN_REGULATOR_KEY", "regulator")),
      wholesaler: client(key("SHIAN_WHOLESALER_KEY", "wholesalerA")),
      stall: client(key("SHIAN_STALL_KEY", "stall")),
    },
    console.log,
    receiver && { url: receiver.url, next: () => receiver.next(wait) },
  );
} finally {
  await receiver?.close();
}
