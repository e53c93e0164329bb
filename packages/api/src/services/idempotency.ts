import { and, eq } from "drizzle-orm";
import type { Database } from "../db/database";
import { idempotency } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import { sha256Hex } from "../lib/crypto";

const IN_PROGRESS = 0;

/**
 * `Idempotency-Key` for single writes: the first request with a key stores its response;
 * a retry with the same body gets the stored response, one with another body gets 409.
 */
export class IdempotencyService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  async run(orgId: string, key: string | undefined, fingerprint: string, execute: () => Promise<{ status: number; body: unknown }>): Promise<{ status: number; body: unknown; replayed: boolean }> {
    if (key === undefined) return { ...(await execute()), replayed: false };
    if (key.length === 0 || key.length > 128) throw new ApiError("invalid-request", "Idempotency-Key must be 1–128 characters");
    const requestHash = await sha256Hex(fingerprint);
    const claimed = await this.db
      .insert(idempotency)
      .values({ orgId, key, requestHash, status: IN_PROGRESS, body: "", createdAt: this.now().toISOString() })
      .onConflictDoNothing()
      .returning()
      .get();
    if (!claimed) {
      const stored = await this.db.select().from(idempotency).where(and(eq(idempotency.orgId, orgId), eq(idempotency.key, key))).get();
      if (!stored || stored.requestHash !== requestHash) throw new ApiError("idempotency-key-reused");
      if (stored.status === IN_PROGRESS) throw new ApiError("conflict", "a request with this Idempotency-Key is still in progress");
      return { status: stored.status, body: JSON.parse(stored.body), replayed: true };
    }
    try {
      const result = await execute();
      await this.db
        .update(idempotency)
        .set({ status: result.status, body: JSON.stringify(result.body) })
        .where(and(eq(idempotency.orgId, orgId), eq(idempotency.key, key)));
      return { ...result, replayed: false };
    } catch (error) {
      // A failed request did nothing: free the key so a retry can run.
      await this.db.delete(idempotency).where(and(eq(idempotency.orgId, orgId), eq(idempotency.key, key)));
      throw error;
    }
  }
}
