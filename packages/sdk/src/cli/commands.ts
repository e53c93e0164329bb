import { generateKeyPair, keyPairFromPrivateJwk, toJwks } from "../keys/generate";
import type { KeyAlgorithm } from "../keys/jwk";
import { signVoucher } from "../voucher/sign";
import { createJwksVerifier, createOfflineVerifier } from "../verify/verifier";
import { signTrustBundle } from "../trust/bundle";
import { signStatusList, type StatusListInput, type StatusValue } from "../trust/status-list";
import { encodeQr, toPng, toSvg, type QrEcc } from "../qr/index";
import { printJson, readJson, readJwsList, readText, UsageError, writeFile } from "./io";

export type Flags = Record<string, string | boolean | undefined>;

const need = (flags: Flags, name: string): string => {
  const value = flags[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name} is required`);
  return value;
};

export async function keygen(flags: Flags): Promise<number> {
  const alg = (flags.alg ?? "Ed25519") as KeyAlgorithm;
  if (alg !== "Ed25519" && alg !== "ES256") throw new UsageError("--alg must be Ed25519 or ES256");
  const pair = await generateKeyPair(alg);
  writeFile(need(flags, "out"), `${JSON.stringify(pair.privateJwk, null, 2)}\n`, 0o600);
  printJson(pair.publicJwk);
  return 0;
}

export async function jwks(files: string[]): Promise<number> {
  if (files.length === 0) throw new UsageError("give one or more private key files");
  printJson(await toJwks(await Promise.all(files.map(async (file) => (await keyPairFromPrivateJwk(readJson(file))).privateJwk))));
  return 0;
}

export function baseUrlFor(host: string): string {
  const lower = host.toLowerCase();
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(lower);
  return `${local ? "http" : "https"}://${lower}/v/`;
}

export async function sign(flags: Flags): Promise<number> {
  const keyIndex = Number(need(flags, "key-index"));
  if (!Number.isInteger(keyIndex)) throw new UsageError("--key-index must be an integer");
  const signed = await signVoucher(readJson(need(flags, "claims")) as never, {
    key: readJson(need(flags, "key")),
    keyIndex,
    baseUrl: typeof flags["base-url"] === "string" ? flags["base-url"] : baseUrlFor(need(flags, "host")),
  });
  process.stdout.write(`${signed.url}\n`);
  return 0;
}

export async function verify(url: string | undefined, flags: Flags): Promise<number> {
  if (!url) throw new UsageError("give the voucher URL (or JWS) to verify");
  const keysPath = need(flags, "keys");
  const at = typeof flags.at === "string" ? new Date(flags.at) : new Date();
  if (Number.isNaN(at.getTime())) throw new UsageError("--at must be an ISO 8601 time");
  const text = readText(keysPath).trim();
  let verifier;
  if (text.startsWith("{")) {
    if (flags.status) throw new UsageError("--status needs a trust bundle in --keys, not a JWKS");
    verifier = await createJwksVerifier(readJson(keysPath));
  } else {
    const anchors = readJson(need(flags, "anchors")) as { keys?: unknown[] };
    if (!Array.isArray(anchors.keys)) throw new UsageError("--anchors must be a JWKS of trust-anchor public keys");
    verifier = await createOfflineVerifier({
      trustAnchors: anchors.keys,
      bundle: text,
      statusLists: typeof flags.status === "string" ? readJwsList(flags.status) : [],
      now: at,
    });
  }
  const result = await verifier.verify(url, { at });
  printJson(result);
  return result.valid ? 0 : 1;
}

export async function qr(url: string | undefined, flags: Flags): Promise<number> {
  if (!url) throw new UsageError("give the text or URL to encode");
  const ecc = String(flags.ecc ?? "M").toUpperCase() as QrEcc;
  if (!["L", "M", "Q", "H"].includes(ecc)) throw new UsageError("--ecc must be L, M, Q or H");
  const out = need(flags, "out");
  const code = encodeQr(url, { ecc });
  if (out.endsWith(".svg")) writeFile(out, toSvg(code));
  else if (out.endsWith(".png")) writeFile(out, toPng(code));
  else throw new UsageError("--out must end in .svg or .png");
  process.stdout.write(`version ${code.version} (${code.size}×${code.size} modules, ECC ${ecc})\n`);
  return 0;
}

export async function bundle(flags: Flags): Promise<number> {
  const jws = await signTrustBundle(readJson(need(flags, "content")) as never, readJson(need(flags, "authority")));
  writeFile(need(flags, "out"), `${jws}\n`);
  process.stdout.write(`trust bundle written to ${flags.out}\n`);
  return 0;
}

export async function status(flags: Flags): Promise<number> {
  const content = readJson(need(flags, "content"));
  if (typeof content !== "object" || content === null) throw new UsageError("--content must be a JSON object");
  const { entries = {}, ...list } = content as { entries?: Record<string, StatusValue> } & Omit<StatusListInput, "entries">;
  const pairs = Object.entries(entries).map(([serial, value]) => [Number(serial), value] as const);
  const jws = await signStatusList({ ...list, entries: pairs }, readJson(need(flags, "key")));
  writeFile(need(flags, "out"), `${jws}\n`);
  process.stdout.write(`status list written to ${flags.out}\n`);
  return 0;
}
