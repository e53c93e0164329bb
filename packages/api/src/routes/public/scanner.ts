import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { compress } from "hono/compress";
import { ApiError } from "../../errors/api-error";
import type { App } from "../app-types";

/**
 * The scanner web app (examples/scanner): its built files, read from examples/scanner/dist/
 * (or SHIAN_SCANNER_DIR) on Node. Runtimes without a file system answer 404; a Workers
 * deployment serves the same folder as static assets.
 */

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  map: "application/json; charset=utf-8",
  webmanifest: "application/manifest+json; charset=utf-8",
  svg: "image/svg+xml",
  txt: "text/plain; charset=utf-8",
};
/** A file name in the build folder: no slashes, no leading dot. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9]+)+$/;
/** Content-hashed names (scanner-<hash>.js/.css) never change: cached for a year. */
const HASHED = /^scanner-[A-Z0-9]{8,}\.(js|css)$/;
/** The page's own policy is in its meta tag; the header repeats it and adds what a meta tag cannot. */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

interface FsLike {
  stat(path: string): Promise<{ size: number; mtimeMs: number; isFile(): boolean }>;
  readFile(path: string): Promise<Uint8Array<ArrayBuffer>>;
}

/** node:fs/promises through process.getBuiltinModule, so the Workers build has no node: import. */
function fileSystem(): FsLike | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined>; versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown } }).process;
  const isWorkers = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === "Cloudflare-Workers";
  return !isWorkers && proc?.versions?.node ? (proc.getBuiltinModule?.("node:fs/promises") as FsLike | undefined) : undefined;
}

function buildDir(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (env?.SHIAN_SCANNER_DIR) return env.SHIAN_SCANNER_DIR.replace(/\/?$/, "/");
  try {
    const url = new URL("../../../../../examples/scanner/dist/", import.meta.url);
    return url.protocol === "file:" ? decodeURIComponent(url.pathname) : undefined;
  } catch {
    return undefined;
  }
}

async function serveFile(c: Context, name: string): Promise<Response> {
  const type = TYPES[name.split(".").pop() ?? ""];
  const fs = fileSystem();
  const dir = buildDir();
  if (!type || !FILE_NAME.test(name)) throw new ApiError("not-found", `no scanner file ${name}`);
  if (!fs || !dir) throw new ApiError("not-found", "the scanner is not served by this runtime");
  let info;
  try {
    info = await fs.stat(dir + name);
  } catch {
    if (name === "index.html") throw new ApiError("not-found", "the scanner is not built: run pnpm --filter @shian/example-scanner build");
    throw new ApiError("not-found", `no scanner file ${name}`);
  }
  if (!info.isFile()) throw new ApiError("not-found", `no scanner file ${name}`);
  const etag = `W/"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
  const headers: Record<string, string> = {
    "content-type": type,
    etag,
    "cache-control": HASHED.test(name) ? "public, max-age=31536000, immutable" : name.endsWith(".svg") || name.endsWith(".webmanifest") ? "public, max-age=3600" : "no-cache",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  };
  if (name.endsWith(".html")) {
    headers["content-security-policy"] = CSP;
    headers["permissions-policy"] = "camera=(self), microphone=(), geolocation=()";
  }
  const match = c.req.header("if-none-match");
  if (match && match.split(",").some((tag) => tag.trim() === etag)) return new Response(null, { status: 304, headers });
  return new Response(await fs.readFile(dir + name), { status: 200, headers });
}

const fileResponses = {
  200: { description: "The file (HTML, JavaScript, CSS, web manifest, SVG or source map)", content: { "text/html": { schema: z.string() } } },
  304: { description: "Not modified (If-None-Match)" },
  404: { description: "No such file, or the scanner is not built", content: { "application/problem+json": { schema: z.object({ code: z.string() }).passthrough() } } },
};

export const scannerPageRoute = createRoute({
  method: "get",
  path: "/scanner/",
  tags: ["public"],
  summary: "The scanner web app: scan a voucher QR with the phone camera and verify it offline (cached trust bundle and status lists), zh-CN or en",
  responses: fileResponses,
});

export const scannerFileRoute = createRoute({
  method: "get",
  path: "/scanner/{file}",
  tags: ["public"],
  summary: "The scanner's built files: content-hashed script and styles (cached for a year), service worker, manifest, icon",
  request: { params: z.object({ file: z.string().max(128).openapi({ param: { name: "file", in: "path", required: true }, example: "sw.js" }) }) },
  responses: fileResponses,
});

export function registerScanner(app: App) {
  app.use("/scanner/*", compress());
  // The page's asset URLs are relative to /scanner/ (a middleware, so not an API operation).
  app.use("/scanner", async (c, next) => (c.req.path === "/scanner" ? c.redirect("/scanner/", 308) : next()));
  app.openapi(scannerPageRoute, (c) => serveFile(c, "index.html") as never);
  app.openapi(scannerFileRoute, (c) => serveFile(c, c.req.valid("param").file) as never);
}
