import { parseArgs } from "node:util";
import { isShianError } from "../errors";
import * as commands from "./commands";
import { UsageError } from "./io";

const USAGE = `shian — sign and verify food-safety trace vouchers

  shian keygen [--alg Ed25519|ES256] --out <file>
      write a private JWK (kid = RFC 7638 thumbprint) and print its public JWK
  shian jwks <private key file>...
      print the public JWKS
  shian sign --key <file> --key-index <n> (--host <host> | --base-url <url>) --claims <json file>
      print the voucher URL
  shian verify <url|jws> --keys <JWKS file | trust bundle file> [--anchors <JWKS file>]
               [--status <status list file>] [--at <ISO time>]
      print a JSON result; exit 0 valid, 1 not valid, 2 usage error
  shian qr <url> [--ecc L|M|Q|H] --out <file.svg|file.png>
      write the QR image and print its version
  shian bundle --authority <private key> --content <json> --out <file>
      sign a trust bundle
  shian status --key <private key> --content <json> --out <file>
      sign a status list ({"namespace","version","issuedAt","expiresAt","size","entries":{"12":"recalled"}})
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
        return await commands.verify(rest[0], values);
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
