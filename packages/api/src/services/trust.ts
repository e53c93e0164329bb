import {
  createOfflineVerifier,
  generateKeyPair,
  keyPairFromPrivateJwk,
  type PrivateJwk,
  type PublicJwk,
  signStatusList,
  signTrustBundle,
  type TrustedIssuer,
  type VoucherVerifier,
} from "@shian/sdk";
import { and, eq, ne } from "drizzle-orm";
import type { AppConfig } from "../config";
import type { Database } from "../db/database";
import { batches, platformSecrets, vouchers } from "../db/schema/index";
import type { SecretBox } from "../lib/crypto";
import type { OrganisationService } from "./organisations";
import type { SigningKeyService } from "./signing-keys";
import { readVersion, statusVersionName, TRUST_BUNDLE_VERSION } from "./versions";

export const PLATFORM_ORG_ID = "platform";
const AUTHORITY_SECRET = "authority-key";
const BUNDLE_LIFETIME_MS = 7 * 86_400_000;
const BUNDLE_RESIGN_AFTER_MS = 86_400_000;
const STATUS_LIST_LIFETIME_MS = 86_400_000;

export interface SignedDocument {
  version: number;
  jws: string;
  etag: string;
  signedAt: number;
}

/**
 * The platform's trust authority: it signs the trust bundle (every issuer's keys, roles and
 * namespace) and, through the platform's own regulator-role key, the per-namespace status
 * lists. Signed documents are cached by version and re-signed when the version moves.
 */
export class TrustService {
  private authority: { privateJwk: PrivateJwk; publicJwk: PublicJwk } | undefined;
  private bundleCache: SignedDocument | undefined;
  private verifierCache: { version: number; verifier: VoucherVerifier; builtAt: number } | undefined;
  private readonly statusCache = new Map<number, SignedDocument>();

  constructor(
    private readonly db: Database,
    private readonly box: SecretBox,
    private readonly config: AppConfig,
    private readonly orgs: OrganisationService,
    private readonly keys: SigningKeyService,
    private readonly now: () => Date,
  ) {}

  /** Creates the platform organisation, its trust-authority key and its signing key once. */
  async ensurePlatform(): Promise<void> {
    if (!(await this.orgs.find(PLATFORM_ORG_ID))) {
      await this.orgs.create({ name: "Shian platform", role: "admin" }, PLATFORM_ORG_ID);
    }
    const stored = await this.db.select().from(platformSecrets).where(eq(platformSecrets.name, AUTHORITY_SECRET)).get();
    if (!stored) {
      const pair = await generateKeyPair();
      await this.db
        .insert(platformSecrets)
        .values({ name: AUTHORITY_SECRET, value: await this.box.seal(JSON.stringify(pair.privateJwk), AUTHORITY_SECRET) })
        .onConflictDoNothing();
    }
    if ((await this.keys.list(PLATFORM_ORG_ID)).every((key) => !key.custodial || key.revokedAt)) {
      await this.keys.register(PLATFORM_ORG_ID, { generate: "Ed25519" });
    }
  }

  async authorityPublicJwk(): Promise<PublicJwk> {
    return (await this.loadAuthority()).publicJwk;
  }

  private async loadAuthority() {
    if (!this.authority) {
      const row = await this.db.select().from(platformSecrets).where(eq(platformSecrets.name, AUTHORITY_SECRET)).get();
      if (!row) throw new Error("the platform is not initialised: run ensurePlatform() first");
      const pair = await keyPairFromPrivateJwk(JSON.parse(await this.box.open(row.value, AUTHORITY_SECRET)));
      this.authority = { privateJwk: pair.privateJwk, publicJwk: pair.publicJwk };
    }
    return this.authority;
  }

  async bundle(): Promise<SignedDocument> {
    const version = await readVersion(this.db, TRUST_BUNDLE_VERSION);
    const cached = this.bundleCache;
    if (cached && cached.version === version && this.now().getTime() - cached.signedAt < BUNDLE_RESIGN_AFTER_MS) return cached;
    const now = this.now();
    const orgsById = new Map((await this.orgs.list()).map((org) => [org.id, org]));
    const issuers = new Map<string, TrustedIssuer>();
    for (const key of await this.keys.all()) {
      const org = orgsById.get(key.orgId);
      // Co-supervisors do not issue vouchers: no place in the bundle even with a key.
      if (!org || org.role === "co-supervisor") continue;
      let issuer = issuers.get(org.id);
      if (!issuer) {
        issuer = { id: org.id, name: org.name, roles: [org.role === "admin" ? "regulator" : (org.role as TrustedIssuer["roles"][number])], namespaces: [org.namespace], keys: [] };
        issuers.set(org.id, issuer);
      }
      issuer.keys.push({
        keyIndex: key.keyIndex,
        jwk: key.publicJwk as PublicJwk,
        notBefore: key.notBefore,
        notAfter: key.notAfter,
        ...(key.revokedAt ? { revokedAt: key.revokedAt } : {}),
      });
    }
    const jws = await signTrustBundle(
      {
        version: Math.max(version, 1),
        issuedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + BUNDLE_LIFETIME_MS).toISOString(),
        resolverHosts: [new URL(this.config.publicUrl).host.toLowerCase()],
        issuers: [...issuers.values()],
      },
      (await this.loadAuthority()).privateJwk,
    );
    this.bundleCache = { version, jws, etag: `"bundle-${version}-${now.getTime()}"`, signedAt: now.getTime() };
    return this.bundleCache;
  }

  /** The verifier for a bundle version the caller has just read; no query when it is cached. */
  async verifierAt(version: number): Promise<VoucherVerifier> {
    return this.cachedVerifierAt(version) ?? this.verifier();
  }

  /** The verifier `verifierAt` would answer without building one, if it is at hand. */
  cachedVerifierAt(version: number): VoucherVerifier | undefined {
    const cached = this.verifierCache;
    return cached && cached.version === version && this.now().getTime() - cached.builtAt < BUNDLE_RESIGN_AFTER_MS ? cached.verifier : undefined;
  }

  /** A verifier over the current bundle, rebuilt when the bundle changes. */
  async verifier(): Promise<VoucherVerifier> {
    const bundle = await this.bundle();
    if (this.verifierCache?.version !== bundle.version) {
      const verifier = await createOfflineVerifier({ trustAnchors: [await this.authorityPublicJwk()], bundle: bundle.jws, now: this.now() });
      this.verifierCache = { version: bundle.version, verifier, builtAt: this.now().getTime() };
    }
    return this.verifierCache.verifier;
  }

  async jwks(): Promise<{ keys: Array<Record<string, unknown>> }> {
    const keys = await this.keys.all();
    return { keys: keys.filter((key) => !key.revokedAt).map((key) => ({ ...key.publicJwk, key_index: key.keyIndex })) };
  }

  /** The signed status list of a namespace (all non-valid batches and vouchers in it). */
  async statusList(namespace: number): Promise<SignedDocument | undefined> {
    const org = (await this.orgs.list()).find((candidate) => candidate.namespace === namespace);
    if (!org) return undefined;
    const version = (await readVersion(this.db, statusVersionName(namespace))) + 1;
    const cached = this.statusCache.get(namespace);
    const now = this.now();
    if (cached && cached.version === version && now.getTime() - cached.signedAt < STATUS_LIST_LIFETIME_MS / 2) return cached;
    const rows = [
      ...(await this.db.select({ serial: batches.serial, status: batches.status }).from(batches).where(and(eq(batches.namespace, namespace), ne(batches.status, "valid"))).all()),
      ...(await this.db.select({ serial: vouchers.serial, status: vouchers.status }).from(vouchers).where(and(eq(vouchers.namespace, namespace), ne(vouchers.status, "valid"))).all()),
    ];
    const { privateJwk } = await this.keys.custodialKey(PLATFORM_ORG_ID);
    const jws = await signStatusList(
      {
        namespace,
        version,
        issuedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + STATUS_LIST_LIFETIME_MS).toISOString(),
        // Serials of vouchers signed locally and registered are chosen by the issuer: cover them too.
        size: Math.max(org.nextSerial, ...rows.map((row) => row.serial + 1)),
        entries: rows.map((row) => [row.serial, row.status as "suspended"] as const),
      },
      privateJwk,
    );
    const document = { version, jws, etag: `"status-${namespace}-${version}-${now.getTime()}"`, signedAt: now.getTime() };
    this.statusCache.set(namespace, document);
    return document;
  }
}
