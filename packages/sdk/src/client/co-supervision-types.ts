/** The co-supervisor task market (智慧协管): tasks, evidence, reviews and monthly scores. */

export type CoTaskKind = "inspect-stall" | "check-certificate" | "sample-test";

export interface PostCoTaskInput {
  kind: CoTaskKind;
  title: string;
  description?: string;
  /** GB/T 2260 region code. */
  region: string;
  /** ISO 8601 instant with an offset. */
  deadline: string;
  /** In fen (¥1 = 100). */
  commissionFen: number;
  targetOrgId?: string;
  /** A public vote item the task takes up (adopted with it). */
  voteItemId?: string;
}

export interface CoTask {
  id: string;
  kind: string;
  title: string;
  description: string | null;
  region: string;
  targetOrgId: string | null;
  voteItemId: string | null;
  deadline: string;
  commissionFen: number;
  /** open | claimed | submitted | approved | closed */
  status: string;
  postedBy: string;
  postedAt: string;
  claimedBy: string | null;
  claimedAt: string | null;
  evidence: { text: string; documentIds: string[]; submittedAt: string } | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
  rejections: number;
}

export interface CoTaskEvidenceInput {
  text: string;
  /** Ids of your uploads (`client.records.upload`). */
  documentIds?: string[];
}

export interface CoSupervisorScore {
  orgId: string;
  month: string;
  approved: number;
  rejected: number;
  onTime: number;
  onTimeRate: number;
  commissionFen: number;
  score: number;
}
