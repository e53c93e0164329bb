/** Public votes (你点我查): what the public proposes for inspection and the monthly tally. */

export interface VoteToken {
  /** Keep it on the device: one vote per token, item and month. */
  token: string;
  /** The current voting period, a China calendar month (YYYY-MM). */
  period: string;
}

export interface ProposeVoteItemInput {
  token: string;
  kind: "business" | "product-type";
  name?: string;
  /** A registered business (organisation id); its name is used when `name` is left out. */
  businessId?: string;
  /** GB/T 2260 region code. */
  region?: string;
}

export interface VoteItem {
  id: string;
  kind: string;
  name: string;
  businessId: string | null;
  region: string | null;
  /** open | adopted */
  status: string;
  proposedOn: string;
  adoptedAt: string | null;
  taskId: string | null;
}

export interface VoteTallyItem extends VoteItem {
  votes: number;
}

export interface VoteTally {
  period: string;
  items: VoteTallyItem[];
}

export interface CastVote {
  itemId: string;
  period: string;
  votes: number;
}
