import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig, defineProject } from "vitest/config";

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const workspace = {
  // before "@shian/sdk": an alias also matches its subpaths, and the first match wins
  "@shian/sdk/node": src("./packages/sdk/src/node/index.ts"),
  "@shian/schemas": src("./packages/schemas/src/index.ts"),
  "@shian/sdk": src("./packages/sdk/src/index.ts"),
};
/** The database the API test harness opens: one module per storage target. */
const alias = (target: "libsql" | "d1" | "sqld") => ({ ...workspace, "#test-target": src(`./packages/api/test/targets/${target}.ts`) });

/** The API's route tests: one set of files, run against every storage target. */
const routeTests = ["packages/api/test/routes/**/*.test.ts", "packages/api/test/flow.test.ts"];
/** Tests of the Workers entry itself: workerd only. */
const workerTests = "packages/api/test/worker/**/*.test.ts";
const testTimeout = 60_000;

export default defineConfig({
  test: {
    projects: [
      // Everything in Node, the API on embedded libSQL (:memory:).
      defineProject({
        resolve: { alias: alias("libsql") },
        test: { name: "node", include: ["packages/*/test/**/*.test.ts", "examples/*/test/**/*.test.ts"], exclude: [...configDefaults.exclude, workerTests], testTimeout },
      }),
      // The route tests inside workerd, on a D1 binding (test-only runtime config; deployment has its own).
      // Files share one module graph (isolate: false), as requests share a Worker isolate; every
      // harness still starts from an empty database.
      defineProject({
        plugins: [
          cloudflareTest(async () => ({
            miniflare: {
              compatibilityDate: "2026-04-01",
              compatibilityFlags: ["nodejs_compat"],
              d1Databases: { DB: "shian-test" },
              r2Buckets: ["BLOBS"],
              bindings: { TEST_MIGRATIONS: await readD1Migrations(src("./packages/api/drizzle")) },
            },
          })),
        ],
        resolve: { alias: alias("d1") },
        test: { name: "workers", include: [...routeTests, workerTests], testTimeout, isolate: false },
      }),
      // The route tests in Node against a real libSQL server (sqld) over the fetch-only client.
      // One server database for the project: its files run one at a time, in one module graph.
      defineProject({
        resolve: { alias: alias("sqld") },
        test: { name: "sqld", include: routeTests, globalSetup: ["packages/api/test/targets/sqld-server.ts"], fileParallelism: false, isolate: false, testTimeout },
      }),
    ],
  },
});
