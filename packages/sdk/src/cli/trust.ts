import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ShianClient } from "../client/client";
import { ShianError } from "../errors";
import { jwkThumbprint } from "../keys/generate";
import { verifyTrustBundle } from "../trust/bundle";
import { createOfflineVerifier } from "../verify/verifier";
import { UsageError } from "./io";

/** The files of a trust directory, as `shian trust pull` writes them and `shian verify --trust` reads them. */
export const trustFiles = (dir: string) => ({
  authority: join(dir, "authority.json"),
  bundle: join(dir, "bundle.jws"),
  statusLists: join(dir, "status-lists.jws"),
  meta: join(dir, "meta.json"),
});

function writeAtomic(path: string, text: string) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

async function thumbprints(keys: unknown[]): Promise<string[]> {
  return (await Promise.all(keys.map((key) => jwkThumbprint(key as never)))).sort();
}

/**
 * Downloads the trust bundle and every issuer namespace's status list, checks them against
 * the authority keys (pinned on the first pull; a later pull must see the same keys) and
 * stores them for offline verification.
 */
export async function trustPull(flags: { api: string; dir?: string }): Promise<number> {
  const dir = flags.dir ?? "shian-trust";
  const files = trustFiles(dir);
  const client = new ShianClient({ baseUrl: flags.api, headers: { "user-agent": "shian-cli" } });

  const served = await client.public.authority();
  if (!Array.isArray(served.keys) || served.keys.length === 0) throw new ShianError("untrusted-bundle", "the API published no authority key");
  let anchors: unknown[] = served.keys;
  if (existsSync(files.authority)) {
    const pinned = (JSON.parse(readFileSync(files.authority, "utf8")) as { keys: unknown[] }).keys;
    if (JSON.stringify(await thumbprints(pinned)) !== JSON.stringify(await thumbprints(served.keys))) {
      throw new ShianError("untrusted-bundle", `the authority key served by ${flags.api} is not the one pinned in ${files.authority}; if the authority really changed its key, delete that file and pull again`);
    }
    anchors = pinned;
  }
  const meta = existsSync(files.meta) ? (JSON.parse(readFileSync(files.meta, "utf8")) as { bundleVersion?: number }) : {};

  const bundle = (await client.public.trustBundle())!;
  const content = await verifyTrustBundle(bundle.jws, anchors);
  if (meta.bundleVersion !== undefined && content.version < meta.bundleVersion) {
    throw new ShianError("stale-bundle", `the API served trust bundle version ${content.version}, older than version ${meta.bundleVersion} already pulled`);
  }
  const namespaces = [...new Set(content.issuers.flatMap((issuer) => issuer.namespaces))].sort((a, b) => a - b);
  const lists: string[] = [];
  for (const namespace of namespaces) {
    try {
      const list = await client.public.statusList(namespace);
      if (list) lists.push(list.jws);
    } catch (error) {
      if (!(error instanceof ShianError && "status" in error && error.status === 404)) throw error;
    }
  }
  // Every list must verify against the bundle (signed by a key of the namespace's issuer, not expired).
  await createOfflineVerifier({ trustAnchors: anchors, bundle: bundle.jws, statusLists: lists, minBundleVersion: meta.bundleVersion ?? 0 });

  mkdirSync(dir, { recursive: true });
  if (!existsSync(files.authority)) writeAtomic(files.authority, `${JSON.stringify({ keys: anchors }, null, 2)}\n`);
  writeAtomic(files.bundle, `${bundle.jws}\n`);
  writeAtomic(files.statusLists, lists.map((jws) => `${jws}\n`).join(""));
  writeAtomic(files.meta, `${JSON.stringify({ api: flags.api, pulledAt: new Date().toISOString(), bundleVersion: content.version, bundleExpiresAt: content.expiresAt, statusLists: lists.length, namespaces }, null, 2)}\n`);
  process.stdout.write(`trust bundle version ${content.version} (${content.issuers.length} issuers, expires ${content.expiresAt}) and ${lists.length} status lists saved in ${dir}\n`);
  return 0;
}

/** `shian verify --trust <dir>`: the --keys, --anchors and --status files of a pulled directory. */
export function trustDirFlags(dir: string): { keys: string; anchors: string; status?: string } {
  const files = trustFiles(dir);
  if (!existsSync(files.bundle) || !existsSync(files.authority)) throw new UsageError(`${dir} holds no pulled trust bundle: run shian trust pull --api <url> --dir ${dir} first`);
  return { keys: files.bundle, anchors: files.authority, ...(existsSync(files.statusLists) && readFileSync(files.statusLists, "utf8").trim() ? { status: files.statusLists } : {}) };
}
