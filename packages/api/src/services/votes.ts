import { RegionCode } from "@shian/schemas";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/database";
import { organisations, voteItems, votes } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import { randomToken, type SecretBox, sha256Hex, timingSafeEqual } from "../lib/crypto";
import { newId } from "../lib/ids";
import { chinaDate } from "../lib/china-time";
import { isSupervisor, type Principal } from "./principal";

const TOKEN_CONTEXT = "vote-token";
const VoteToken = z.string().min(1).max(200);

export const ProposeVoteItem = z
  .object({
    token: VoteToken,
    kind: z.enum(["business", "product-type"]),
    /** The business's name or the product type (e.g. 韭菜, 散装熟食). */
    name: z.string().trim().min(1).max(100).optional(),
    /** A registered business (its organisation id). */
    businessId: z.string().max(64).optional(),
    region: RegionCode.optional(),
  })
  .strict()
  .refine((b) => b.name !== undefined || (b.kind === "business" && b.businessId !== undefined), { message: "name is required (or businessId for a business)", path: ["name"] })
  .refine((b) => b.kind === "business" || b.businessId === undefined, { message: "only a business has a businessId", path: ["businessId"] });
export const CastVote = z.object({ token: VoteToken }).strict();
export const VotePeriod = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "period is a month, YYYY-MM");
export const TallyQuery = z.object({ period: VotePeriod.optional(), status: z.enum(["open", "adopted"]).optional() });

export type VoteItemRow = typeof voteItems.$inferSelect;
export interface VoteItemView {
  id: string;
  kind: string;
  name: string;
  businessId: string | null;
  region: string | null;
  status: string;
  proposedOn: string;
  adoptedAt: string | null;
  taskId: string | null;
}
export interface TallyItem extends VoteItemView {
  votes: number;
}
export interface Tally {
  period: string;
  items: TallyItem[];
}

const itemView = ({ id, kind, name, businessId, region, status, proposedOn, adoptedAt, taskId }: VoteItemRow): VoteItemView => ({ id, kind, name, businessId, region, status, proposedOn, adoptedAt, taskId });

/** The voting period of an instant: its calendar month in China (UTC+8). */
export const votePeriod = (instant: Date) => chinaDate(instant).slice(0, 7);

/**
 * Public votes (你点我查). A device asks for a token (random, HMAC-signed with a key derived
 * from the KEK, so it cannot be made up); a vote stores only SHA-256 of the token, and the
 * votes table's primary key (item, period, token hash) allows one vote per token, item and
 * month, also under concurrent requests.
 */
export class VoteService {
  constructor(
    private readonly db: Database,
    private readonly box: SecretBox,
    private readonly now: () => Date,
  ) {}

  async issueToken(): Promise<{ token: string; period: string }> {
    const nonce = randomToken(18);
    return { token: `vt1.${nonce}.${await this.box.mac(nonce, TOKEN_CONTEXT)}`, period: votePeriod(this.now()) };
  }

  /** The stored form of a valid token; a forged or malformed one is refused. */
  private async voterHash(token: string): Promise<string> {
    const [version, nonce, mac, ...rest] = token.split(".");
    if (version !== "vt1" || !nonce || !mac || rest.length > 0 || !timingSafeEqual(mac, await this.box.mac(nonce, TOKEN_CONTEXT))) {
      throw new ApiError("forbidden", "this vote token was not issued by this service; ask POST /votes/token for one", { detailCode: "vote-token" });
    }
    return sha256Hex(`vote-voter:${nonce}`);
  }

  /** Proposes an item; proposing what is already proposed answers the existing item (`created: false`). */
  async propose(input: z.input<typeof ProposeVoteItem>): Promise<{ item: VoteItemView; created: boolean }> {
    const body = ProposeVoteItem.parse(input);
    await this.voterHash(body.token);
    let name = body.name;
    if (body.businessId !== undefined) {
      const org = await this.db.select({ name: organisations.name, role: organisations.role, region: organisations.region }).from(organisations).where(eq(organisations.id, body.businessId)).get();
      if (!org || org.role === "regulator" || org.role === "admin") throw new ApiError("not-found", `no business ${body.businessId}`);
      name ??= org.name;
    }
    const itemKey = body.businessId !== undefined ? `org:${body.businessId}` : `name:${name!.normalize("NFKC").toLowerCase().replace(/\s+/g, " ")}`;
    const row: VoteItemRow = {
      id: newId("vti"),
      kind: body.kind,
      itemKey,
      name: name!,
      businessId: body.businessId ?? null,
      region: body.region ?? null,
      status: "open",
      proposedOn: chinaDate(this.now()),
      adoptedAt: null,
      adoptedBy: null,
      taskId: null,
    };
    const [inserted] = await this.db.batch([this.db.insert(voteItems).values(row).onConflictDoNothing()]);
    if ((inserted as { rowsAffected: number }).rowsAffected === 1) return { item: itemView(row), created: true };
    const existing = await this.db.select().from(voteItems).where(and(eq(voteItems.kind, row.kind), eq(voteItems.itemKey, itemKey))).get();
    return { item: itemView(existing!), created: false };
  }

  /** One vote for an open item in the current period; a second one with the same token is a 409 already-voted. */
  async vote(itemId: string, input: z.input<typeof CastVote>): Promise<{ itemId: string; period: string; votes: number }> {
    const { token } = CastVote.parse(input);
    const voterHash = await this.voterHash(token);
    const item = await this.get(itemId);
    if (item.status !== "open") throw new ApiError("conflict", `item ${itemId} was already taken up by a regulator`, { detailCode: "vote-closed" });
    const period = votePeriod(this.now());
    const [inserted] = await this.db.batch([this.db.insert(votes).values({ itemId, period, voterHash }).onConflictDoNothing()]);
    if ((inserted as { rowsAffected: number }).rowsAffected !== 1) throw new ApiError("conflict", `this device has already voted for ${itemId} in ${period}`, { detailCode: "already-voted" });
    return { itemId, period, votes: await this.count(itemId, period) };
  }

  private async count(itemId: string, period: string): Promise<number> {
    const row = await this.db.select({ n: sql<number>`count(*)` }).from(votes).where(and(eq(votes.itemId, itemId), eq(votes.period, period))).get();
    return Number(row?.n ?? 0);
  }

  async get(itemId: string): Promise<VoteItemRow> {
    const row = await this.db.select().from(voteItems).where(eq(voteItems.id, itemId)).get();
    if (!row) throw new ApiError("not-found", `no vote item ${itemId}`);
    return row;
  }

  /** Items with their votes in a period (default: this month), most votes first; at most 200. */
  async tally(query: z.input<typeof TallyQuery> = {}): Promise<Tally> {
    const { period = votePeriod(this.now()), status } = TallyQuery.parse(query);
    const count = sql<number>`count(${votes.itemId})`;
    const rows = await this.db
      .select({ item: voteItems, votes: count })
      .from(voteItems)
      .leftJoin(votes, and(eq(votes.itemId, voteItems.id), eq(votes.period, period)))
      .where(status ? eq(voteItems.status, status) : undefined)
      .groupBy(voteItems.id)
      .orderBy(desc(count), voteItems.proposedOn, voteItems.id)
      .limit(200)
      .all();
    return { period, items: rows.map((r) => ({ ...itemView(r.item), votes: Number(r.votes) })) };
  }

  /** A regulator takes an item up: no more votes; `taskId` names the task made from it, if any. */
  async adopt(principal: Principal, itemId: string, taskId: string | null = null): Promise<VoteItemView> {
    if (!isSupervisor(principal)) throw new ApiError("forbidden", `${principal.role} organisations may not adopt vote items`);
    const item = await this.get(itemId);
    if (item.status !== "open") throw new ApiError("conflict", `item ${itemId} was already adopted`);
    const changes = { status: "adopted", adoptedAt: this.now().toISOString(), adoptedBy: principal.orgId, taskId };
    const [updated] = await this.db.batch([this.db.update(voteItems).set(changes).where(and(eq(voteItems.id, itemId), eq(voteItems.status, "open")))]);
    if ((updated as { rowsAffected: number }).rowsAffected !== 1) throw new ApiError("conflict", `item ${itemId} was already adopted`);
    return itemView({ ...item, ...changes });
  }
}
