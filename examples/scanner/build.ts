/**
 * Builds the scanner into a folder of static files (default examples/scanner/dist/, which the
 * API serves at /scanner/):
 *
 *   tsx build.ts [--out <dir>] [--api <origin>] [--snapshot <api origin>] [--anchors <authority JWKS file>]
 *
 * index.html, sw.js, manifest.webmanifest and icon.svg keep their names; the script and the
 * styles carry a content hash (scanner-<hash>.js, scanner-<hash>.css) so they can be cached
 * for good. `--api` is the API the page talks to when it is hosted elsewhere (default: the
 * origin that serves the page). `--snapshot` fetches the trust data from an API now, checks it
 * with the SDK and ships it as trust.json beside the page, which then reads its trust data
 * from there (for a static host on another origin: the API sends no CORS headers).
 * `--anchors` pins the trust authority's public keys into the page instead of taking them
 * from the API (or the snapshot) on first use.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createOfflineVerifier } from "@shian/sdk";
import { build } from "esbuild";

const here = fileURLToPath(new URL(".", import.meta.url));
export const DEFAULT_OUT_DIR = join(here, "dist");

export interface BuildOptions {
  outDir?: string;
  /** Origin (and path prefix) of the API, for a page hosted away from it. */
  api?: string;
  /** The authority's public keys (a JWKS) to pin into the page. */
  anchors?: { keys: unknown[] };
  minify?: boolean;
  /** Ship the trust data of this API (fetched and checked now) as trust.json. */
  snapshot?: string;
}

export interface BuildResult {
  outDir: string;
  files: Array<{ name: string; bytes: number }>;
  version: string;
}

const escapeAttr = (value: string) => value.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

/** The page's Content-Security-Policy: scripts and styles from the page's own origin only. */
export function scannerCsp(api?: string): string {
  const connect = ["'self'", ...(api ? [new URL(api).origin] : [])].join(" ");
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    `connect-src ${connect}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** The API's trust data as one file: authority keys, bundle and every namespace's status list, each checked by the SDK. */
export async function fetchTrustSnapshot(api: string): Promise<{ authority: { keys: unknown[] }; bundle: string; statusLists: Record<string, string>; fetchedAt: string }> {
  const get = async (path: string) => {
    const response = await fetch(`${api}${path}`);
    if (!response.ok) throw new Error(`${api}${path}: HTTP ${response.status}`);
    return response.text();
  };
  const authority = JSON.parse(await get("/trust-bundle/authority.json")) as { keys: unknown[] };
  const bundle = (await get("/trust-bundle")).trim();
  const verifier = await createOfflineVerifier({ trustAnchors: authority.keys, bundle });
  const statusLists: Record<string, string> = {};
  const namespaces = new Set(verifier.bundleContent?.issuers.flatMap((issuer) => issuer.namespaces));
  for (const namespace of [...namespaces].sort((a, b) => a - b)) {
    const response = await fetch(`${api}/status-lists/${namespace}`);
    if (response.status === 404) continue;
    if (!response.ok) throw new Error(`${api}/status-lists/${namespace}: HTTP ${response.status}`);
    const jws = (await response.text()).trim();
    await verifier.addStatusList(jws);
    statusLists[namespace] = jws;
  }
  return { authority: { keys: authority.keys }, bundle, statusLists, fetchedAt: new Date().toISOString() };
}

export async function buildScanner(options: BuildOptions = {}): Promise<BuildResult> {
  const outDir = resolve(options.outDir ?? DEFAULT_OUT_DIR);
  const minify = options.minify ?? true;
  const api = options.api?.replace(/\/+$/, "");
  if (api && !/^https?:\/\//.test(api)) throw new Error(`--api must be an http(s) URL, got ${api}`);

  const app = await build({
    entryPoints: { scanner: join(here, "src/main.ts") },
    bundle: true,
    write: false,
    outdir: outDir,
    entryNames: "[name]-[hash]",
    format: "iife",
    target: ["es2022"],
    platform: "browser",
    minify,
    sourcemap: "linked",
    legalComments: "linked",
    tsconfig: join(here, "tsconfig.json"),
    logLevel: "warning",
  });
  const outputs = app.outputFiles.map((file) => ({ name: relative(outDir, file.path), contents: file.contents }));
  const js = outputs.find((file) => /^scanner-[A-Z0-9]+\.js$/.test(file.name))?.name;
  const css = outputs.find((file) => /^scanner-[A-Z0-9]+\.css$/.test(file.name))?.name;
  if (!js || !css) throw new Error(`esbuild wrote ${outputs.map((file) => file.name).join(", ")}`);

  for (const name of ["manifest.webmanifest", "icon.svg"]) outputs.push({ name, contents: readFileSync(join(here, "src", name)) });
  if (options.snapshot) {
    const snapshot = await fetchTrustSnapshot(options.snapshot.replace(/\/+$/, ""));
    outputs.push({ name: "trust.json", contents: Buffer.from(`${JSON.stringify(snapshot)}\n`) });
  }
  const meta = [
    api ? `<meta name="shian-api" content="${escapeAttr(api)}">\n` : "",
    options.snapshot ? `<meta name="shian-trust-snapshot" content="trust.json">\n` : "",
    options.anchors ? `<meta name="shian-trust-anchors" content="${escapeAttr(JSON.stringify({ keys: options.anchors.keys }))}">\n` : "",
  ].join("");
  const html = readFileSync(join(here, "src/index.html"), "utf8")
    .replace("%CSP%", escapeAttr(scannerCsp(api)))
    .replace("%META%", meta)
    .replace("%CSS%", css)
    .replace("%JS%", js);
  outputs.push({ name: "index.html", contents: Buffer.from(html) });

  // The service worker caches this exact set; its version changes whenever any of it does.
  const hash = createHash("sha256");
  for (const file of outputs) hash.update(file.name).update(file.contents);
  const version = hash.digest("hex").slice(0, 12);
  // trust.json is not an app-shell file: the page keeps the trust data itself.
  const shellAssets = outputs.map((file) => file.name).filter((name) => name !== "index.html" && name !== "trust.json" && !name.endsWith(".map") && !name.endsWith(".txt"));
  const sw = await build({
    entryPoints: [join(here, "src/sw.ts")],
    bundle: true,
    write: false,
    outfile: join(outDir, "sw.js"),
    format: "iife",
    target: ["es2022"],
    minify,
    define: { __SCANNER_VERSION__: JSON.stringify(version), __SCANNER_ASSETS__: JSON.stringify(shellAssets) },
    logLevel: "warning",
  });
  outputs.push({ name: "sw.js", contents: sw.outputFiles[0]!.contents });

  mkdirSync(outDir, { recursive: true });
  // Old hashed files go; anything else in the folder is left alone.
  for (const name of readdirSync(outDir)) {
    if (/^scanner-[A-Z0-9]+\.(js|css)(\.map|\.LEGAL\.txt)?$/.test(name) && !outputs.some((file) => file.name === name)) rmSync(join(outDir, name));
  }
  // The page last: it only ever names files that are already there.
  const ordered = [...outputs.filter((file) => file.name !== "index.html"), outputs.find((file) => file.name === "index.html")!];
  for (const file of ordered) writeFileSync(join(outDir, file.name), file.contents);
  return { outDir, files: ordered.map((file) => ({ name: file.name, bytes: file.contents.byteLength })), version };
}

function parseArgs(argv: string[]): BuildOptions {
  const options: BuildOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === "--out" && value) options.outDir = value;
    else if (flag === "--api" && value) options.api = value;
    else if (flag === "--snapshot" && value) options.snapshot = value;
    else if (flag === "--anchors" && value) options.anchors = JSON.parse(readFileSync(value, "utf8"));
    else if (flag === "--no-minify") {
      options.minify = false;
      continue;
    } else throw new Error(`usage: tsx build.ts [--out <dir>] [--api <origin>] [--snapshot <api origin>] [--anchors <authority JWKS file>] [--no-minify] (at ${flag})`);
    i++;
  }
  return options;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await buildScanner(parseArgs(process.argv.slice(2)));
  const shown = relative(process.cwd(), result.outDir) || ".";
  console.log(`scanner ${result.version} → ${shown.startsWith("..") ? result.outDir : shown}/`);
  for (const file of result.files) console.log(`  ${file.name.padEnd(28)} ${(file.bytes / 1024).toFixed(1).padStart(7)} KiB`);
}
