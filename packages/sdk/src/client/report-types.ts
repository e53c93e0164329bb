/** Anonymous reports (吹哨人): what the reporter sends and sees, and what regulators see. */

export type ReportTarget =
  | { kind: "business"; businessId?: string; name?: string; address?: string }
  | { kind: "batch"; batchCode: string }
  | { kind: "voucher"; voucherCode: string };

export type ReportCategory = "unlicensed-business" | "expired-food" | "illegal-additive" | "poor-hygiene" | "false-labelling" | "no-trace-records" | "suspected-poisoning" | "counterfeit" | "other";

export interface ReportSubmissionInput {
  target: ReportTarget;
  category: ReportCategory;
  description: string;
  /** Ids from `reports.uploadEvidence` (at most 5). */
  evidenceRefs?: string[];
  /** 身份代码: 6–20 letters or digits (case-insensitive). */
  identityCode: string;
  /** 举报密码: 8–64 characters with a letter and a digit. */
  password: string;
}

export interface ReportCredentials {
  identityCode: string;
  password: string;
}

export interface SubmittedReport {
  id: string;
  identityCode: string;
  status: string;
  submittedOn: string;
  evidenceCount: number;
}

export interface ReportEvidence {
  id: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface ReportReward {
  tier: string;
  fineYuan: number;
  rewardFen: number;
  /** e.g. ¥5,000.00 */
  reward: string;
  noticeAt: string;
  /** Last China date (inclusive) to claim. */
  claimDeadline: string;
  claimedAt: string | null;
  claimReference: string | null;
}

export interface ReporterReportView {
  id: string;
  target: Record<string, string>;
  category: string;
  status: string;
  submittedOn: string;
  evidenceCount: number;
  outcome: string | null;
  reward: ReportReward | null;
}

export interface ClaimedReward {
  reportId: string;
  rewardFen: number;
  reward: string;
  /** Shown to collect the reward without showing who you are. */
  claimReference: string;
  claimedAt: string;
}

/** A report as regulators see it: nothing about the reporter. */
export interface Report {
  id: string;
  target: Record<string, string>;
  targetOrgId: string | null;
  category: string;
  description: string;
  status: string;
  submittedOn: string;
  evidence: ReportEvidence[];
  triageNote: string | null;
  inspectionId: string | null;
  outcome: string | null;
  reward: ReportReward | null;
  updatedAt: string;
}

/** Substantiated: with the case's fine in whole yuan and the reward tier; unsubstantiated: neither. */
export interface CloseReportInput {
  outcome: "substantiated" | "unsubstantiated";
  fineYuan?: number;
  tier?: "1" | "2" | "3";
  note?: string;
}
