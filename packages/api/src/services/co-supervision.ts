import { RegionCode } from "@shian/schemas";
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/database";
import { coTaskReviews, coTasks, documents, organisations, voteItems } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import { newId } from "../lib/ids";
import { chinaDate } from "../lib/china-time";
import { isSupervisor, type Principal, requireScope } from "./principal";

export const CO_SUPERVISOR = "co-supervisor";
export const TASK_KINDS = ["inspect-stall", "check-certificate", "sample-test"] as const;
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "month is YYYY-MM");

export const PostTask = z
  .object({
    kind: z.enum(TASK_KINDS),
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).optional(),
    region: RegionCode,
    /** ISO 8601 instant with an offset, e.g. 2026-04-10T18:00:00+08:00. */
    deadline: z.string().datetime({ offset: true }),
    /** Paid for approved evidence, in fen (¥1 = 100). */
    commissionFen: z.number().int().min(0).max(100_000_000),
    targetOrgId: z.string().max(64).optional(),
    /** A public vote item (你点我查) the task takes up: it is marked adopted with this task. */
    voteItemId: z.string().max(64).optional(),
  })
  .strict();
export const SubmitEvidence = z
  .object({
    text: z.string().trim().min(1).max(4000),
    /** Ids of your uploads (POST /v1/documents). */
    documentIds: z.array(z.string().max(64)).max(20).default([]),
  })
  .strict();
export const ReviewTask = z
  .object({
    outcome: z.enum(["approve", "reject"]),
    note: z.string().trim().max(2000).optional(),
  })
  .strict();
export const TaskQuery = z.object({
  status: z.enum(["open", "claimed", "submitted", "approved", "closed"]).optional(),
  region: RegionCode.optional(),
  /** Co-supervisors: "true" lists the tasks you claimed (any status). */
  mine: z.enum(["true", "false"]).optional(),
});
export const ScoreQuery = z.object({ month: Month.optional(), orgId: z.string().max(64).optional() });

export type TaskRow = typeof coTasks.$inferSelect;
export interface TaskView {
  id: string;
  kind: string;
  title: string;
  description: string | null;
  region: string;
  targetOrgId: string | null;
  voteItemId: string | null;
  deadline: string;
  commissionFen: number;
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
export interface Score {
  orgId: string;
  month: string;
  approved: number;
  rejected: number;
  /** Approved evidence that came by the deadline. */
  onTime: number;
  /** onTime / approved (0 with nothing approved). */
  onTimeRate: number;
  /** Commissions of the approved tasks, in fen. */
  commissionFen: number;
  /** 0–100: approved share of reviews × on-time rate × 100, rounded. */
  score: number;
}

export const taskView = (row: TaskRow): TaskView => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  description: row.description,
  region: row.region,
  targetOrgId: row.targetOrgId,
  voteItemId: row.voteItemId,
  deadline: row.deadline,
  commissionFen: row.commissionFen,
  status: row.status,
  postedBy: row.postedBy,
  postedAt: row.postedAt,
  claimedBy: row.claimedBy,
  claimedAt: row.claimedAt,
  evidence: row.submittedAt ? { text: row.evidenceText ?? "", documentIds: row.evidenceDocumentIds ?? [], submittedAt: row.submittedAt } : null,
  reviewedBy: row.reviewedBy,
  reviewedAt: row.reviewedAt,
  reviewNote: row.reviewNote,
  rejections: row.rejections,
});

/**
 * The part of a GB/T 2260 code a region covers: a province (440000) covers 44…, a city
 * (440600) 4406…, a county itself.
 */
export const regionPrefix = (region: string) => region.replace(/(00)+$/, "") || region;
export const regionCovers = (outer: string, inner: string) => inner.startsWith(regionPrefix(outer));

/**
 * The co-supervisor task market (智慧协管: 抢单 + 审单 + 考核). Regulators post and review;
 * co-supervisor organisations (role `co-supervisor`, with a region) claim open tasks in their
 * region, one claimant per task, and submit evidence. Rejected evidence reopens the task for
 * any co-supervisor while the deadline has not passed, and closes it after.
 */
export class CoSupervisionService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  private requireRegulator(principal: Principal, action: string) {
    if (!isSupervisor(principal)) throw new ApiError("forbidden", `${principal.role} organisations may not ${action}`);
  }

  private async coSupervisorRegion(principal: Principal): Promise<string> {
    if (principal.role !== CO_SUPERVISOR) throw new ApiError("forbidden", `only co-supervisors may do this; this is a ${principal.role}`);
    const org = await this.db.select({ region: organisations.region }).from(organisations).where(eq(organisations.id, principal.orgId)).get();
    if (!org?.region) throw new ApiError("forbidden", "a co-supervisor needs a region (set when the organisation is created)");
    return org.region;
  }

  async post(principal: Principal, input: unknown): Promise<TaskView> {
    this.requireRegulator(principal, "post co-supervision tasks");
    requireScope(principal, "inspections:write");
    const body = PostTask.parse(input);
    const now = this.now();
    if (Date.parse(body.deadline) <= now.getTime()) throw new ApiError("invalid-request", "the deadline has passed");
    if (body.targetOrgId !== undefined) {
      const target = await this.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, body.targetOrgId)).get();
      if (!target) throw new ApiError("not-found", `no organisation ${body.targetOrgId}`);
    }
    const row: TaskRow = {
      id: newId("tsk"),
      kind: body.kind,
      title: body.title,
      description: body.description ?? null,
      region: body.region,
      targetOrgId: body.targetOrgId ?? null,
      voteItemId: body.voteItemId ?? null,
      deadline: new Date(Date.parse(body.deadline)).toISOString(),
      commissionFen: body.commissionFen,
      status: "open",
      postedBy: principal.orgId,
      postedAt: now.toISOString(),
      claimedBy: null,
      claimedAt: null,
      evidenceText: null,
      evidenceDocumentIds: null,
      submittedAt: null,
      reviewedBy: null,
      reviewedAt: null,
      reviewNote: null,
      rejections: 0,
      updatedAt: now.toISOString(),
    };
    if (body.voteItemId === undefined) {
      await this.db.batch([this.db.insert(coTasks).values(row)]);
      return taskView(row);
    }
    const item = await this.db.select({ status: voteItems.status }).from(voteItems).where(eq(voteItems.id, body.voteItemId)).get();
    if (!item) throw new ApiError("not-found", `no vote item ${body.voteItemId}`);
    // One batch: adopt the item only while it is open, then insert the task only if the item now names it.
    const [adopted] = await this.db.batch([
      this.db
        .update(voteItems)
        .set({ status: "adopted", adoptedAt: row.postedAt, adoptedBy: principal.orgId, taskId: row.id })
        .where(and(eq(voteItems.id, body.voteItemId), eq(voteItems.status, "open"))),
      this.db.run(sql`INSERT INTO co_tasks (id, kind, title, description, region, target_org_id, vote_item_id, deadline, commission_fen, status, posted_by, posted_at, rejections, updated_at)
        SELECT ${row.id}, ${row.kind}, ${row.title}, ${row.description}, ${row.region}, ${row.targetOrgId}, ${row.voteItemId}, ${row.deadline}, ${row.commissionFen}, 'open', ${row.postedBy}, ${row.postedAt}, 0, ${row.updatedAt}
        WHERE EXISTS (SELECT 1 FROM vote_items WHERE id = ${body.voteItemId} AND task_id = ${row.id})`),
    ]);
    if ((adopted as { rowsAffected: number }).rowsAffected !== 1) throw new ApiError("conflict", `vote item ${body.voteItemId} was already adopted`);
    return taskView(row);
  }

  private async row(id: string): Promise<TaskRow> {
    const row = await this.db.select().from(coTasks).where(eq(coTasks.id, id)).get();
    if (!row) throw new ApiError("not-found", `no task ${id}`);
    return row;
  }

  async get(principal: Principal, id: string): Promise<TaskView> {
    const row = await this.row(id);
    if (!isSupervisor(principal)) {
      const region = await this.coSupervisorRegion(principal);
      if (row.claimedBy !== principal.orgId && !(row.status === "open" && regionCovers(region, row.region))) throw new ApiError("forbidden", "this task is not open in your region nor yours");
    }
    return taskView(row);
  }

  /** Regulators: every task (filters optional). Co-supervisors: open tasks in their region, or `mine`. */
  async list(principal: Principal, query: z.input<typeof TaskQuery>): Promise<TaskView[]> {
    const q = TaskQuery.parse(query);
    const where: SQL[] = [];
    if (isSupervisor(principal)) {
      if (q.status) where.push(eq(coTasks.status, q.status));
      if (q.region) where.push(sql`${coTasks.region} LIKE ${`${regionPrefix(q.region)}%`}`);
    } else {
      const region = await this.coSupervisorRegion(principal);
      if (q.mine === "true") {
        where.push(eq(coTasks.claimedBy, principal.orgId));
        if (q.status) where.push(eq(coTasks.status, q.status));
      } else {
        if (q.status && q.status !== "open") throw new ApiError("forbidden", "co-supervisors list open tasks, or their own with mine=true");
        const scope = q.region && regionCovers(region, q.region) ? q.region : region;
        where.push(eq(coTasks.status, "open"), sql`${coTasks.region} LIKE ${`${regionPrefix(scope)}%`}`, sql`${coTasks.deadline} > ${this.now().toISOString()}`);
      }
    }
    const rows = await this.db.select().from(coTasks).where(and(...where)).orderBy(coTasks.deadline, coTasks.id).limit(500).all();
    return rows.map(taskView);
  }

  /** 抢单: the first claimant wins; the UPDATE only matches an open task before its deadline. */
  async claim(principal: Principal, id: string): Promise<TaskView> {
    const region = await this.coSupervisorRegion(principal);
    const task = await this.row(id);
    if (!regionCovers(region, task.region)) throw new ApiError("forbidden", `task ${id} is in region ${task.region}, outside yours (${region})`);
    const now = this.now().toISOString();
    const [claimed] = await this.db.batch([
      this.db
        .update(coTasks)
        .set({ status: "claimed", claimedBy: principal.orgId, claimedAt: now, updatedAt: now })
        .where(and(eq(coTasks.id, id), eq(coTasks.status, "open"), sql`${coTasks.deadline} > ${now}`)),
    ]);
    if ((claimed as { rowsAffected: number }).rowsAffected !== 1) {
      const current = await this.row(id);
      throw new ApiError("conflict", current.status === "open" ? `task ${id} is past its deadline` : `task ${id} is already ${current.status}`, { detailCode: "task-taken" });
    }
    return taskView(await this.row(id));
  }

  /** The claimant's evidence: text and their own uploads. Late evidence is accepted and counted late. */
  async submit(principal: Principal, id: string, input: unknown): Promise<TaskView> {
    await this.coSupervisorRegion(principal);
    const body = SubmitEvidence.parse(input);
    const task = await this.row(id);
    if (task.claimedBy !== principal.orgId) throw new ApiError("forbidden", `task ${id} is not claimed by you`);
    const ids = [...new Set(body.documentIds)];
    if (ids.length) {
      const own = await this.db.select({ id: documents.id }).from(documents).where(and(inArray(documents.id, ids), eq(documents.orgId, principal.orgId))).all();
      const missing = ids.filter((d) => !own.some((o) => o.id === d));
      if (missing.length) throw new ApiError("invalid-request", `not your uploads: ${missing.join(", ")}`);
    }
    const now = this.now().toISOString();
    const [submitted] = await this.db.batch([
      this.db
        .update(coTasks)
        .set({ status: "submitted", evidenceText: body.text, evidenceDocumentIds: ids, submittedAt: now, updatedAt: now })
        .where(and(eq(coTasks.id, id), eq(coTasks.status, "claimed"), eq(coTasks.claimedBy, principal.orgId))),
    ]);
    if ((submitted as { rowsAffected: number }).rowsAffected !== 1) throw new ApiError("conflict", `task ${id} is ${task.status}, not awaiting evidence`);
    return taskView(await this.row(id));
  }

  /** 审单: approve, or reject (reopened before the deadline, closed after). Never one's own claim. */
  async review(principal: Principal, id: string, input: unknown): Promise<TaskView> {
    this.requireRegulator(principal, "review co-supervision tasks");
    requireScope(principal, "inspections:write");
    const body = ReviewTask.parse(input);
    const task = await this.row(id);
    if (task.claimedBy === principal.orgId) throw new ApiError("forbidden", "you may not review your own task");
    if (task.status !== "submitted") throw new ApiError("conflict", `task ${id} is ${task.status}, not submitted`);
    const now = this.now();
    const at = now.toISOString();
    const approve = body.outcome === "approve";
    const reopen = !approve && Date.parse(task.deadline) > now.getTime();
    const changes: Partial<TaskRow> = approve
      ? { status: "approved", reviewedBy: principal.orgId, reviewedAt: at, reviewNote: body.note ?? null, updatedAt: at }
      : reopen
        ? { status: "open", claimedBy: null, claimedAt: null, evidenceText: null, evidenceDocumentIds: null, submittedAt: null, reviewedBy: principal.orgId, reviewedAt: at, reviewNote: body.note ?? null, rejections: task.rejections + 1, updatedAt: at }
        : { status: "closed", reviewedBy: principal.orgId, reviewedAt: at, reviewNote: body.note ?? null, rejections: task.rejections + 1, updatedAt: at };
    const [reviewed] = await this.db.batch([
      this.db
        .update(coTasks)
        .set(changes)
        .where(and(eq(coTasks.id, id), eq(coTasks.status, "submitted"), eq(coTasks.claimedBy, task.claimedBy!))),
      this.db.run(sql`INSERT INTO co_task_reviews (id, task_id, org_id, outcome, month, reviewed_at, reviewed_by, on_time, commission_fen)
        SELECT ${newId("rvw")}, ${id}, ${task.claimedBy}, ${approve ? "approved" : "rejected"}, ${chinaDate(now).slice(0, 7)}, ${at}, ${principal.orgId}, ${task.submittedAt! <= task.deadline ? 1 : 0}, ${approve ? task.commissionFen : 0}
        WHERE changes() = 1`),
    ]);
    if ((reviewed as { rowsAffected: number }).rowsAffected !== 1) throw new ApiError("conflict", `task ${id} was reviewed meanwhile`);
    return taskView(await this.row(id));
  }

  /** 考核: per co-supervisor and China month (default this month). Co-supervisors see their own only. */
  async scores(principal: Principal, query: z.input<typeof ScoreQuery>): Promise<{ month: string; scores: Score[] }> {
    const q = ScoreQuery.parse(query);
    const month = q.month ?? chinaDate(this.now()).slice(0, 7);
    let orgId = q.orgId;
    if (!isSupervisor(principal)) {
      await this.coSupervisorRegion(principal);
      if (orgId !== undefined && orgId !== principal.orgId) throw new ApiError("forbidden", "co-supervisors see their own scores only");
      orgId = principal.orgId;
    }
    const rows = await this.db
      .select({
        orgId: coTaskReviews.orgId,
        approved: sql<number>`sum(case when ${coTaskReviews.outcome} = 'approved' then 1 else 0 end)`,
        rejected: sql<number>`sum(case when ${coTaskReviews.outcome} = 'rejected' then 1 else 0 end)`,
        onTime: sql<number>`sum(case when ${coTaskReviews.outcome} = 'approved' and ${coTaskReviews.onTime} = 1 then 1 else 0 end)`,
        commissionFen: sql<number>`sum(${coTaskReviews.commissionFen})`,
      })
      .from(coTaskReviews)
      .where(and(eq(coTaskReviews.month, month), orgId !== undefined ? eq(coTaskReviews.orgId, orgId) : undefined))
      .groupBy(coTaskReviews.orgId)
      .all();
    const scores = rows.map((r): Score => {
      const [approved, rejected, onTime, commissionFen] = [Number(r.approved), Number(r.rejected), Number(r.onTime), Number(r.commissionFen)];
      const onTimeRate = approved ? onTime / approved : 0;
      return { orgId: r.orgId, month, approved, rejected, onTime, onTimeRate, commissionFen, score: Math.round(100 * (approved / Math.max(1, approved + rejected)) * onTimeRate) };
    });
    scores.sort((a, b) => b.score - a.score || b.commissionFen - a.commissionFen || a.orgId.localeCompare(b.orgId));
    return { month, scores };
  }
}
