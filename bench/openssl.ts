import { execFileSync } from "node:child_process";

/** `openssl speed ed25519` on one core: sign/s and verify/s, or undefined when openssl is missing. */
export function opensslEd25519(seconds = 2): { sign: number; verify: number } | undefined {
  let output: string;
  try {
    output = execFileSync("openssl", ["speed", "-seconds", String(seconds), "ed25519"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return undefined;
  }
  const line = output.split("\n").find((row) => /Ed25519/.test(row) && /\d+\.\d+\s+\d+\.\d+\s*$/.test(row));
  const match = line?.match(/([\d.]+)\s+([\d.]+)\s*$/);
  return match ? { sign: Number(match[1]), verify: Number(match[2]) } : undefined;
}
