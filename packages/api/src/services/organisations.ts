import { OrganisationKind, RegionCode, UsccLenient } from "@shian/schemas";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/database";
import { organisations } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import { newId } from "../lib/ids";
import { bumpVersion, TRUST_BUNDLE_VERSION } from "./versions";

/** A business kind, the platform admin, or a co-supervisor (协管员: claims co-supervision tasks in its region). */
export const OrganisationRole = z.union([OrganisationKind, z.literal("admin"), z.literal("co-supervisor")]);
export type OrganisationRole = z.infer<typeof OrganisationRole>;

export const CreateOrganisation = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: OrganisationRole,
    uscc: UsccLenient.optional(),
    region: RegionCode.optional(),
    marketId: z.string().max(64).optional(),
  })
  .strict();
export type CreateOrganisation = z.infer<typeof CreateOrganisation>;

export type OrganisationRow = typeof organisations.$inferSelect;

/** What the API shows of an organisation (the serial counter stays inside). */
export function organisationView({ nextSerial: _next, ...org }: OrganisationRow) {
  return org;
}

/** Namespaces are handed out from this base upward, one per organisation. */
export const FIRST_NAMESPACE = 1000;

export class OrganisationService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  async create(input: CreateOrganisation, id = newId("org")): Promise<OrganisationRow> {
    if (input.role === "co-supervisor" && !input.region) throw new ApiError("invalid-request", "a co-supervisor needs the region it works in");
    if (input.marketId) {
      const market = await this.get(input.marketId);
      if (market.role !== "wholesale-market") throw new ApiError("invalid-request", "marketId must name a wholesale market");
    }
    const [inserted] = await this.db.batch([
      this.db
        .insert(organisations)
        .values({
          id,
          name: input.name,
          role: input.role,
          uscc: input.uscc ?? null,
          region: input.region ?? null,
          marketId: input.marketId ?? null,
          namespace: sql`(SELECT COALESCE(MAX(namespace), ${FIRST_NAMESPACE - 1}) + 1 FROM organisations)`,
          createdAt: this.now().toISOString(),
        })
        .returning(),
      bumpVersion(this.db, TRUST_BUNDLE_VERSION),
    ]);
    return inserted[0]!;
  }

  async find(id: string): Promise<OrganisationRow | undefined> {
    return this.db.select().from(organisations).where(eq(organisations.id, id)).get();
  }

  async get(id: string): Promise<OrganisationRow> {
    const org = await this.find(id);
    if (!org) throw new ApiError("not-found", `no organisation ${id}`);
    return org;
  }

  async list(): Promise<OrganisationRow[]> {
    return this.db.select().from(organisations).orderBy(organisations.namespace).all();
  }

  async count(): Promise<number> {
    const row = await this.db.select({ n: sql<number>`count(*)` }).from(organisations).get();
    return row?.n ?? 0;
  }

  /** Reserves `count` consecutive serials in the organisation's namespace; returns the first. */
  async reserveSerials(orgId: string, count: number): Promise<number> {
    const row = await this.db
      .update(organisations)
      .set({ nextSerial: sql`${organisations.nextSerial} + ${count}` })
      .where(eq(organisations.id, orgId))
      .returning({ next: organisations.nextSerial })
      .get();
    if (!row) throw new ApiError("not-found", `no organisation ${orgId}`);
    return row.next - count;
  }

  /**
   * The statement that moves the organisation's counter past `serial` in its namespace (never
   * back), for serials chosen outside reserveSerials: vouchers signed locally and registered.
   * Meant for the batch that stores them.
   */
  advancePastStatement(orgId: string, namespace: number, serial: number) {
    return this.db
      .update(organisations)
      .set({ nextSerial: sql`MAX(${organisations.nextSerial}, ${serial + 1})` })
      .where(and(eq(organisations.id, orgId), eq(organisations.namespace, namespace)));
  }
}
