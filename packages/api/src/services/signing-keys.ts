import { generateKeyPair, importSigner, jwkThumbprint, keyPairFromPrivateJwk, type PrivateJwk, PublicJwk, publicJwkOf, type SignatureSigner } from "@shian/sdk";
import { and, desc, eq, gt, isNull, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/database";
import { signingKeys } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import type { SecretBox } from "../lib/crypto";
import { bumpVersion, TRUST_BUNDLE_VERSION } from "./versions";

const Time = z.iso.datetime({ offset: true });
export const RegisterKey = z
  .object({
    /** Register a public key you sign with locally… */
    publicJwk: PublicJwk.optional(),
    /** …or ask the API to generate and hold one (custodial). */
    generate: z.enum(["Ed25519", "ES256"]).optional(),
    notBefore: Time.optional(),
    notAfter: Time.optional(),
  })
  .strict()
  .refine((body) => (body.publicJwk === undefined) !== (body.generate === undefined), "give exactly one of publicJwk or generate");

export type SigningKeyRow = typeof signingKeys.$inferSelect;
export interface CustodialKey {
  keyIndex: number;
  privateJwk: PrivateJwk;
  signer: SignatureSigner;
}
export interface SigningKeyView {
  keyIndex: number;
  orgId: string;
  kid: string;
  alg: string;
  publicJwk: Record<string, unknown>;
  custodial: boolean;
  notBefore: string;
  notAfter: string;
  revokedAt: string | null;
}

const view = (row: SigningKeyRow): SigningKeyView => ({
  keyIndex: row.keyIndex,
  orgId: row.orgId,
  kid: row.kid,
  alg: row.alg,
  publicJwk: row.publicJwk,
  custodial: row.encryptedPrivateJwk !== null,
  notBefore: row.notBefore,
  notAfter: row.notAfter,
  revokedAt: row.revokedAt,
});

const DEFAULT_VALIDITY_DAYS = 365;
const sealContext = (kid: string) => `signing-key:${kid}`;

/** Issuer signing keys: registered public keys, or custodial keys sealed with the KEK. */
export class SigningKeyService {
  private readonly unsealed = new Map<number, CustodialKey>();

  constructor(
    private readonly db: Database,
    private readonly box: SecretBox,
    private readonly now: () => Date,
  ) {}

  async register(orgId: string, input: z.input<typeof RegisterKey>): Promise<SigningKeyView> {
    const body = RegisterKey.parse(input);
    const now = this.now();
    const notBefore = body.notBefore ?? now.toISOString();
    const notAfter = body.notAfter ?? new Date(now.getTime() + DEFAULT_VALIDITY_DAYS * 86_400_000).toISOString();
    if (Date.parse(notAfter) <= Date.parse(notBefore)) throw new ApiError("invalid-request", "notAfter must be after notBefore");
    let publicJwk: PublicJwk;
    let sealed: string | null = null;
    if (body.generate) {
      const pair = await generateKeyPair(body.generate);
      publicJwk = pair.publicJwk;
      sealed = await this.box.seal(JSON.stringify(pair.privateJwk), sealContext(pair.kid));
    } else {
      publicJwk = publicJwkOf(body.publicJwk!);
    }
    const kid = await jwkThumbprint(publicJwk);
    const existing = await this.db.select({ keyIndex: signingKeys.keyIndex }).from(signingKeys).where(eq(signingKeys.kid, kid)).get();
    if (existing) throw new ApiError("conflict", `this key is already registered as key index ${existing.keyIndex}`);
    const [rows] = await this.db.batch([
      this.db
        .insert(signingKeys)
        .values({
          keyIndex: sql`(SELECT COALESCE(MAX(key_index), 0) + 1 FROM signing_keys)`,
          orgId,
          kid,
          alg: publicJwk.kty === "OKP" ? "EdDSA" : "ES256",
          publicJwk: { ...publicJwk, kid },
          encryptedPrivateJwk: sealed,
          notBefore,
          notAfter,
          createdAt: now.toISOString(),
        })
        .returning(),
      bumpVersion(this.db, TRUST_BUNDLE_VERSION),
    ]);
    return view(rows[0]!);
  }

  async list(orgId: string): Promise<SigningKeyView[]> {
    return (await this.db.select().from(signingKeys).where(eq(signingKeys.orgId, orgId)).orderBy(desc(signingKeys.keyIndex)).all()).map(view);
  }

  async all(): Promise<SigningKeyRow[]> {
    return this.db.select().from(signingKeys).orderBy(signingKeys.keyIndex).all();
  }

  async revoke(orgId: string, keyIndex: number): Promise<SigningKeyView> {
    const [rows] = await this.db.batch([
      this.db
        .update(signingKeys)
        .set({ revokedAt: this.now().toISOString() })
        .where(and(eq(signingKeys.keyIndex, keyIndex), eq(signingKeys.orgId, orgId), isNull(signingKeys.revokedAt)))
        .returning(),
      bumpVersion(this.db, TRUST_BUNDLE_VERSION),
    ]);
    if (!rows[0]) throw new ApiError("not-found", `no active signing key ${keyIndex} in this organisation`);
    this.unsealed.delete(keyIndex);
    return view(rows[0]);
  }

  async findActive(keyIndex: number): Promise<SigningKeyRow | undefined> {
    const row = await this.db.select().from(signingKeys).where(eq(signingKeys.keyIndex, keyIndex)).get();
    return row && !row.revokedAt ? row : undefined;
  }

  /** The organisation's newest custodial key that is valid now, unsealed and ready to sign. */
  async custodialKey(orgId: string): Promise<CustodialKey> {
    const now = this.now().toISOString();
    const row = await this.db
      .select()
      .from(signingKeys)
      .where(and(eq(signingKeys.orgId, orgId), isNull(signingKeys.revokedAt), sql`${signingKeys.encryptedPrivateJwk} IS NOT NULL`, lte(signingKeys.notBefore, now), gt(signingKeys.notAfter, now)))
      .orderBy(desc(signingKeys.keyIndex))
      .get();
    if (!row) throw new ApiError("conflict", "this organisation has no active custodial signing key: POST /v1/keys with {\"generate\":\"Ed25519\"}, or sign locally and register the voucher URL");
    let key = this.unsealed.get(row.keyIndex);
    if (!key) {
      const { privateJwk } = await keyPairFromPrivateJwk(JSON.parse(await this.box.open(row.encryptedPrivateJwk!, sealContext(row.kid))));
      key = { keyIndex: row.keyIndex, privateJwk, signer: await importSigner(privateJwk, "auto", { threadPool: true }) };
      this.unsealed.set(row.keyIndex, key);
    }
    return key;
  }
}
