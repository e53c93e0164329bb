/**
 * `pnpm --filter @shian/api admin-key`: a first API key for the platform organisation of a
 * deployed database (which has none until someone makes one). Generates the key here, prints
 * it once, and writes the SQL that stores only its SHA-256 to .wrangler/admin-key.sql (or
 * --out <file>), for `wrangler d1 execute DB --remote --file …` or `turso db shell <db> < …`.
 * The platform organisation exists once the deployed API has answered a request.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { randomToken, sha256Hex } from "../src/lib/crypto";
import { newId } from "../src/lib/ids";
import { PLATFORM_ORG_ID } from "../src/services/trust";

const scopes = ["read", "orgs:admin", "keys:write"];
const prefix = randomToken(12).replace(/[-_]/g, "x").slice(0, 12);
const secret = randomToken(32);
const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
const sql = `INSERT INTO api_keys (id, org_id, prefix, secret_hash, name, scopes, created_at) VALUES (${[
  newId("key"),
  PLATFORM_ORG_ID,
  prefix,
  await sha256Hex(secret),
  "platform admin (bootstrap)",
  JSON.stringify(scopes),
  new Date().toISOString(),
]
  .map(quote)
  .join(", ")});`;
const out = parseArgs({ options: { out: { type: "string" } } }).values.out ?? ".wrangler/admin-key.sql";
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${sql}\n`);
console.log(`API key (shown once): sk_${prefix}_${secret}\n`);
console.log(`Store its hash:  npx wrangler d1 execute DB --remote --file ${out}`);
console.log(`     or (Turso): turso db shell <database> < ${out}`);
