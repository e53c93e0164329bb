import { and, desc, eq, isNull, lte, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/database";
import { apiKeys, organisations } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import { randomToken, sha256Hex, timingSafeEqual } from "../lib/crypto";
import { newId } from "../lib/ids";
import { type Principal, type Scope, SCOPES } from "./principal";

/** The scopes of a key created without a list: everything but orgs:admin. */
export const DEFAULT_SCOPES: readonly Scope[] = ["read", "batches:write", "vouchers:write", "tests:write", "recalls:write", "keys:write", "records:write", "inspections:write"];

export const CreateApiKey = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(z.enum(SCOPES)).min(1).default([...DEFAULT_SCOPES]),
  })
  .strict();

/** lastUsedAt is written at most this often per key. */
export const LAST_USED_RESOLUTION_MS = 60_000;

const KEY_FORMAT = /^sk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface ApiKeyView {
  id: string;
  orgId: string;
  prefix: string;
  name: string;
  scopes: string[];
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const view = (row: typeof apiKeys.$inferSelect): ApiKeyView => ({
  id: row.id,
  orgId: row.orgId,
  prefix: row.prefix,
  name: row.name,
  scopes: row.scopes,
  createdAt: row.createdAt,
  revokedAt: row.revokedAt,
  lastUsedAt: row.lastUsedAt,
});

/** API keys: `sk_<12-char prefix>_<secret>`; the secret is returned once and stored as SHA-256. */
export class ApiKeyService {
  /** Every authenticated request runs this: built once, not per request. */
  private readonly byPrefix;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {
    this.byPrefix = db
      .select({ key: apiKeys, org: organisations })
      .from(apiKeys)
      .innerJoin(organisations, eq(organisations.id, apiKeys.orgId))
      .where(eq(apiKeys.prefix, sql.placeholder("prefix")))
      .prepare();
  }

  async create(orgId: string, input: z.input<typeof CreateApiKey>): Promise<{ key: string; apiKey: ApiKeyView }> {
    const { name, scopes } = CreateApiKey.parse(input);
    const prefix = randomToken(12).replace(/[-_]/g, "x").slice(0, 12);
    const secret = randomToken(32);
    const row = await this.db
      .insert(apiKeys)
      .values({ id: newId("key"), orgId, prefix, secretHash: await sha256Hex(secret), name, scopes, createdAt: this.now().toISOString() })
      .returning()
      .get();
    return { key: `sk_${prefix}_${secret}`, apiKey: view(row) };
  }

  async list(orgId: string): Promise<ApiKeyView[]> {
    return (await this.db.select().from(apiKeys).where(eq(apiKeys.orgId, orgId)).orderBy(desc(apiKeys.createdAt)).all()).map(view);
  }

  async revoke(orgId: string, id: string): Promise<ApiKeyView> {
    const row = await this.db
      .update(apiKeys)
      .set({ revokedAt: this.now().toISOString() })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.orgId, orgId), isNull(apiKeys.revokedAt)))
      .returning()
      .get();
    if (!row) throw new ApiError("not-found", `no active API key ${id} in this organisation`);
    return view(row);
  }

  /**
   * Records that a key was used, at most once a minute: no write while the stored time is
   * younger than LAST_USED_RESOLUTION_MS (the WHERE also keeps concurrent requests to one write).
   * A failed write is logged, not the caller's problem.
   */
  private async touch(id: string, lastUsedAt: string | null): Promise<void> {
    const now = this.now();
    const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString();
    if (lastUsedAt !== null && lastUsedAt > stale) return;
    try {
      await this.db
        .update(apiKeys)
        .set({ lastUsedAt: now.toISOString() })
        .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lte(apiKeys.lastUsedAt, stale))));
    } catch (error) {
      console.error("could not record an API key's last use", error);
    }
  }

  /** Resolves a presented key to its principal; throws 401 for anything not a live key. */
  async authenticate(presented: string | undefined): Promise<Principal> {
    const match = presented ? KEY_FORMAT.exec(presented) : null;
    if (!match) throw new ApiError("unauthenticated");
    const row = await this.byPrefix.get({ prefix: match[1]! });
    if (!row || !timingSafeEqual(row.key.secretHash, await sha256Hex(match[2]!))) throw new ApiError("unauthenticated");
    if (row.key.revokedAt) throw new ApiError("unauthenticated", "this API key has been revoked");
    await this.touch(row.key.id, row.key.lastUsedAt);
    return {
      orgId: row.org.id,
      role: row.org.role,
      namespace: row.org.namespace,
      marketId: row.org.marketId,
      scopes: row.key.scopes,
      apiKeyId: row.key.id,
    };
  }
}
