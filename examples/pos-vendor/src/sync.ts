/**
 * The till with an API behind it: the terminal's key is registered once (provisioning, while
 * online); after that every sale is signed at the till, printed, and stored in the SDK's
 * OfflineQueue (a JSON file) before anything is sent. `sync()` registers the queue with the
 * API, in order and exactly once, whenever the API answers; while it does not, sales go on.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { formatTraceCodeForPrint, productCategories, type VoucherClaimsInput } from "@shian/schemas";
import { decodeVoucher, encodeQr, type KeyPair, OfflineQueue, type ShianClient, type SignedVoucher, type SyncResult, toTerminal } from "@shian/sdk";
import { FileQueueStorage } from "@shian/sdk/node";
import { nextSerial, sellAtTill } from "./till";

/** What provisioning stores beside the key: who the till signs for, and with which key index. */
export interface TillRegistration {
  orgId: string;
  orgName: string;
  namespace: number;
  keyIndex: number;
  kid: string;
  /** Serials of this till start here (custodial serials of the API count up from 1). */
  firstSerial: number;
  /** The origin printed in voucher URLs: the API's PUBLIC_URL. */
  publicUrl: string;
}

/**
 * Registers the till's public key with the organisation behind the API key, once: the answer
 * is kept in `path` and reused on every later start (no network needed then).
 */
export async function provisionTill(client: ShianClient, pair: KeyPair, path: string, options: { publicUrl?: string; firstSerial?: number } = {}): Promise<{ registration: TillRegistration; created: boolean }> {
  if (existsSync(path)) {
    const registration = JSON.parse(readFileSync(path, "utf8")) as TillRegistration;
    if (registration.kid === pair.kid) return { registration, created: false };
  }
  const me = await client.organisations.me();
  const key = await client.signingKeys.register({ publicJwk: pair.publicJwk });
  const registration: TillRegistration = {
    orgId: me.id,
    orgName: me.name,
    namespace: me.namespace,
    keyIndex: key.keyIndex,
    kid: key.kid,
    firstSerial: options.firstSerial ?? 8_000_000,
    publicUrl: (options.publicUrl ?? (await publicUrlOf(client))).replace(/\/+$/, ""),
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(registration, null, 2)}\n`);
  return { registration, created: true };
}

/**
 * The origin the API prints in voucher URLs (its PUBLIC_URL), read from the host its trust
 * bundle names as resolver; the scheme is the one the client talks to the API with.
 */
async function publicUrlOf(client: ShianClient): Promise<string> {
  const bundle = await client.public.trustBundle();
  const payload = JSON.parse(Buffer.from(bundle!.jws.split(".")[1]!, "base64url").toString("utf8")) as { resolverHosts?: string[] };
  const host = payload.resolverHosts?.[0];
  const api = new URL(client.transport.options.baseUrl);
  return host ? `${api.protocol}//${host}` : api.origin;
}

/** One line on the scale: what the till weighs and sells. */
export interface Sale {
  name: string;
  category: NonNullable<VoucherClaimsInput["productCategory"]>;
  originRegion: string;
  netWeightGrams: number;
  /** Price per 500 g (one jin), in fen. */
  pricePerJinFen: number;
}

export interface TillOptions {
  pair: KeyPair;
  registration: TillRegistration;
  client: ShianClient;
  /** The queue file (FileQueueStorage). */
  queuePath: string;
  /** The till's serial counter file. */
  serialPath: string;
  /** Where receipts go (default: stdout). */
  print?: (text: string) => void;
  now?: () => Date;
}

export class Till {
  readonly queue: OfflineQueue;
  private readonly print: (text: string) => void;
  private readonly now: () => Date;

  constructor(private readonly options: TillOptions) {
    this.queue = new OfflineQueue({ client: options.client, storage: new FileQueueStorage(options.queuePath) });
    this.print = options.print ?? ((text) => process.stdout.write(`${text}\n`));
    this.now = options.now ?? (() => new Date());
  }

  /** Signs the sale's voucher (no network), prints the receipt, and queues the voucher. */
  async sell(sale: Sale): Promise<SignedVoucher> {
    const { pair, registration, serialPath } = this.options;
    const serial = registration.firstSerial + nextSerial(serialPath) - 1;
    const claims: VoucherClaimsInput = {
      type: "sale",
      code: "0-0-0", // replaced by sellAtTill
      issuedAt: this.now().toISOString(),
      productCategory: sale.category,
      originRegion: sale.originRegion,
      netWeightGrams: sale.netWeightGrams,
      unitPriceFen: sale.pricePerJinFen,
    };
    const voucher = await sellAtTill(pair, claims, serial, `${registration.publicUrl}/v/`, this.now(), registration);
    const queued = await this.queue.enqueue(voucher.url);
    const total = Math.round((sale.netWeightGrams / 500) * sale.pricePerJinFen);
    const category = productCategories.labels[sale.category];
    this.print(
      [
        `── ${registration.orgName} ──`,
        `${sale.name} (${category?.["zh-CN"] ?? sale.category})  ${sale.netWeightGrams} g × ¥${(sale.pricePerJinFen / 100).toFixed(2)}/斤 = ¥${(total / 100).toFixed(2)}`,
        `追溯码 ${formatTraceCodeForPrint({ namespace: registration.namespace, serial })}`,
        toTerminal(encodeQr(voucher.url, { ecc: "M" }), { margin: 1 }),
        voucher.url,
        `(queued #${queued.seq})`,
      ].join("\n"),
    );
    return voucher;
  }

  /** Registers what is queued, in order; prints one line per voucher and a summary. */
  async sync(): Promise<SyncResult> {
    const result = await this.queue.sync();
    for (const { voucher, alreadyRegistered } of result.registered) this.print(`  synced ${voucher.code}${alreadyRegistered ? " (the API had it already)" : ""}`);
    for (const item of result.rejected) this.print(`  refused ${decodeVoucher(item.url).claims.code}: ${item.rejected!.apiCode} ${item.rejected!.detail ?? ""}`);
    const waiting = (await this.queue.pending()).length;
    this.print(
      result.error
        ? `sync: API not reachable (${result.error.code}${result.error.message ? `: ${result.error.message}` : ""}); ${waiting} voucher(s) wait in the queue`
        : `sync: ${result.registered.length} registered, ${result.rejected.length} refused, ${waiting} waiting`,
    );
    return result;
  }
}

