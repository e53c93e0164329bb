import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const wrangler = join(packageDir, "node_modules", ".bin", "wrangler");
const OFFLINE = { WRANGLER_SEND_METRICS: "false", WRANGLER_SEND_ERROR_REPORTS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
/** Workers' limit for a compressed script on the free plan. */
const MAX_GZIP_BYTES = 3 * 1024 * 1024;

describe("the deployable Workers bundle", () => {
  const outdir = mkdtempSync(join(tmpdir(), "shian-worker-bundle-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("builds with wrangler deploy --dry-run, offline, under 3 MB gzip, without Node-only modules", { timeout: 180_000 }, async () => {
    const { stdout } = await promisify(execFile)(wrangler, ["deploy", "--dry-run", "--outdir", outdir], {
      cwd: packageDir,
      env: { ...process.env, ...OFFLINE },
      timeout: 150_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toMatch(/env\.DB \(shian\)\s+D1 Database/);
    const bundle = join(outdir, "worker.js");
    expect(existsSync(bundle)).toBe(true);
    const source = readFileSync(bundle);
    const gzipBytes = gzipSync(source, { level: 9 }).length;
    expect(gzipBytes).toBeGreaterThan(10_000);
    expect(gzipBytes).toBeLessThan(MAX_GZIP_BYTES);
    const text = source.toString("utf8");
    // No static Node imports (a runtime-guarded process.getBuiltinModule fast path is fine) and
    // none of the Node-only modules: esbuild marks each bundled module with a path comment.
    expect(text).not.toMatch(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']node:/);
    for (const nodeOnly of ["src/db/libsql.ts", "src/node.ts", "@libsql/client/lib-esm/node", "@hono/node-server", "better-sqlite3"]) expect(text).not.toMatch(new RegExp(`^// .*${nodeOnly.replace(/[./]/g, "\\$&")}`, "m"));
    expect(text).toMatch(/^\/\/ src\/worker\.ts$/m);
  });
});
