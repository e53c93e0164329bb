import { RegionCode } from "@shian/schemas";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/database";
import { testPoints } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import { newId } from "../lib/ids";
import { isSupervisor, type Principal, requireScope } from "./principal";

export const TEST_POINT_KINDS = ["market-lab", "canteen", "mobile-lab"] as const;

const Operator = z.object({ id: z.string().trim().min(1).max(64), name: z.string().trim().min(1).max(50) }).strict();

export const CreateTestPoint = z
  .object({
    name: z.string().trim().min(1).max(100),
    kind: z.enum(TEST_POINT_KINDS),
    region: RegionCode,
    address: z.string().trim().min(1).max(200).optional(),
    operators: z
      .array(Operator)
      .min(1)
      .max(50)
      .refine((list) => new Set(list.map((operator) => operator.id)).size === list.length, "operator ids must be unique"),
  })
  .strict();

export type TestPointView = Omit<typeof testPoints.$inferSelect, never>;

/** Rapid-test points (快检点: market lab, canteen, mobile lab) of an organisation and their operators. */
export class TestPointService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  async create(principal: Principal, input: unknown): Promise<TestPointView> {
    requireScope(principal, "tests:write");
    const body = CreateTestPoint.parse(input);
    const row = { id: newId("point"), orgId: principal.orgId, name: body.name, kind: body.kind, region: body.region, address: body.address ?? null, operators: body.operators, createdAt: this.now().toISOString() };
    await this.db.insert(testPoints).values(row);
    return row;
  }

  /** The caller's test points; a regulator may name another organisation. */
  async list(principal: Principal, orgId?: string): Promise<TestPointView[]> {
    requireScope(principal, "read");
    const owner = orgId ?? principal.orgId;
    if (owner !== principal.orgId && !isSupervisor(principal)) throw new ApiError("forbidden", "only regulators may list another organisation's test points");
    return this.db.select().from(testPoints).where(eq(testPoints.orgId, owner)).orderBy(testPoints.createdAt).all();
  }

  async get(principal: Principal, id: string): Promise<TestPointView> {
    requireScope(principal, "read");
    const row = await this.db.select().from(testPoints).where(eq(testPoints.id, id)).get();
    if (!row) throw new ApiError("not-found", `no test point ${id}`);
    if (row.orgId !== principal.orgId && !isSupervisor(principal)) throw new ApiError("forbidden", "this test point belongs to another organisation");
    return row;
  }
}
