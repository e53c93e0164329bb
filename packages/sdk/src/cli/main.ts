import { parseArgs } from "node:util";
import { isShianError } from "../errors";
import * as commands from "./commands";
import { fsma204 } from "./fsma204";
import { issue } from "./issue";
import { UsageError } from "./io";
import { trustDirFlags, trustPull } from "./trust";

const USAGE = `shian — sign and verify food-safety trace vouchers

  shian keygen [--alg Ed25519|ES256] --out <file>
      write a private JWK (kid = RFC 7638 thumbprint) and print its public JWK
  shian jwks <private key file>...
      print the public JWKS
  shian sign --key <file> --key-index <n> (--host <host> | --base-url <url>) --claims <json file>
      print the voucher URL
  shian verify <url|jws> --keys <JWKS file | trust bundle file> [--anchors <JWKS file>]
               [--status <status list file>] [--at <ISO time>]
  shian verify <url|jws> --trust <dir> [--at <ISO time>]
      print a JSON result; exit 0 valid, 1 not valid, 2 usage error
      (--trust: a directory written by shian trust pull; no network needed)
  shian qr <url> [--ecc L|M|Q|H] --out <file.svg|file.png>
      write the QR image and print its version
  shian bundle --authority <private key> --content <json> --out <file>
      sign a trust bundle
  shian status --key <private key> --content <json> --out <file>
      sign a status list ({"namespace","version","issuedAt","expiresAt","size","entries":{"12":"recalled"}})
  shian issue --api <url> --key <API key> --csv <file> [--out <csv>] [--state <file>] [--labels <dir>]
      bulk-issue one voucher per CSV row (columns: ref, idempotencyKey, type, batchCode, buyerOrgId,
      netWeightGrams, quantity, unitPriceFen, expiresAt, gtin, lot); resumable: Ctrl-C and run it
      again to continue (state in <csv>.state); writes <csv base>.issued.csv with code and url per row
  shian fsma204 --api <url> --key <API key> (--lot <code> | --from <ISO time> --to <ISO time>)
               [--format csv|xlsx] --out <file>
      stream your organisation's FSMA 204 sortable spreadsheet to a file with a progress line
      (rows, rows/s, MB, seconds) on stderr
  shian trust pull --api <url> [--dir <dir>]
      download and check the trust bundle and status lists into <dir> (default shian-trust) for
      offline verify; the authority key is pinned on the first pull
`;

const OPTIONS = {
  alg: { type: "string" },
  out: { type: "string" },
  key: { type: "string" },
  "key-index": { type: "string" },
  host: { type: "string" },
  "base-url": { type: "string" },
  claims: { type: "string" },
  keys: { type: "string" },
  anchors: { type: "string" },
  status: { type: "string" },
  at: { type: "string" },
  ecc: { type: "string" },
  authority: { type: "string" },
  content: { type: "string" },
  api: { type: "string" },
  csv: { type: "string" },
  state: { type: "string" },
  labels: { type: "string" },
  chunk: { type: "string" },
  dir: { type: "string" },
  trust: { type: "string" },
  lot: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  format: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export async function run(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      process.stdout.write(USAGE);
      return command || values.help ? 0 : 2;
    }
    switch (command) {
      case "keygen":
        return await commands.keygen(values);
      case "jwks":
        return await commands.jwks(rest);
      case "sign":
        return await commands.sign(values);
      case "verify":
        if (values.trust !== undefined) {
          if (values.keys || values.anchors || values.status) throw new UsageError("--trust replaces --keys, --anchors and --status");
          return await commands.verify(rest[0], { ...values, ...trustDirFlags(values.trust) });
        }
        return await commands.verify(rest[0], values);
      case "issue": {
        const need = (name: "api" | "key" | "csv") => {
          if (!values[name]) throw new UsageError(`--${name} is required`);
          return values[name];
        };
        const chunk = values.chunk === undefined ? undefined : Number(values.chunk);
        if (chunk !== undefined && !(Number.isInteger(chunk) && chunk >= 1 && chunk <= 10_000)) throw new UsageError("--chunk must be an integer from 1 to 10000");
        return await issue({ api: need("api"), key: need("key"), csv: need("csv"), out: values.out, state: values.state, labels: values.labels, chunk });
      }
      case "fsma204": {
        if (!values.api || !values.key || !values.out) throw new UsageError("--api, --key and --out are required");
        return await fsma204({ api: values.api, key: values.key, out: values.out, lot: values.lot, from: values.from, to: values.to, format: values.format });
      }
      case "trust":
        if (rest[0] !== "pull") throw new UsageError("the trust command is: shian trust pull --api <url> [--dir <dir>]");
        if (!values.api) throw new UsageError("--api is required");
        return await trustPull({ api: values.api, dir: values.dir });
      case "qr":
        return await commands.qr(rest[0], values);
      case "bundle":
        return await commands.bundle(values);
      case "status":
        return await commands.status(values);
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (error) {
    if (isShianError(error)) {
      process.stderr.write(`${JSON.stringify({ error: error.toJSON() })}\n`);
      return error.code === "invalid-input" || error.code === "invalid-key" ? 2 : 1;
    }
    const message = error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") ? (error as Error).message : `unexpected error: ${String(error)}`;
    process.stderr.write(`shian: ${message}\n\n${USAGE}`);
    return 2;
  }
}

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
