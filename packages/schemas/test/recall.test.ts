import { describe, expect, it } from "vitest";
import { formatTraceCode } from "../src/identifiers/trace-code";
import { RECALL_DEADLINES, Recall, recallLevels } from "../src/recall";

const recall = {
  id: "recall-1",
  batchCode: formatTraceCode({ namespace: 4401, serial: 1000 }),
  reason: "test-failed",
  description: "快检有机磷农药残留阳性，复检确认",
  level: "level-2",
  initiation: "ordered",
  initiatedBy: { organisationId: "amr-440607", name: "三水区市场监督管理局" },
  initiatedAt: "2026-03-02T09:00:00+08:00",
};

describe("Recall", () => {
  it("includes descendants by default", () => {
    expect(Recall.parse(recall).scope).toEqual({ includeDescendants: true, regions: [] });
  });

  it("can be narrowed to the batch itself and to regions", () => {
    const parsed = Recall.parse({ ...recall, scope: { includeDescendants: false, regions: ["440607"] } });
    expect(parsed.scope).toEqual({ includeDescendants: false, regions: ["440607"] });
    expect(Recall.safeParse({ ...recall, scope: { regions: ["999999"] } }).success).toBe(false);
  });

  it("rejects a closing time before the start, bad levels and bad codes", () => {
    expect(Recall.safeParse({ ...recall, closedAt: "2026-03-01T00:00:00Z" }).error?.issues[0]?.message).toBe(
      "closedAt must not be before initiatedAt",
    );
    expect(Recall.safeParse({ ...recall, level: "level-4" }).success).toBe(false);
    expect(Recall.safeParse({ ...recall, batchCode: "4401-1000" }).success).toBe(false);
  });

  it("has three levels with deadlines that get longer", () => {
    expect(recallLevels.values).toEqual(["level-1", "level-2", "level-3"]);
    expect(RECALL_DEADLINES["level-1"]).toEqual({ startWithinHours: 24, completeWithinWorkingDays: 10 });
    expect(RECALL_DEADLINES["level-3"].startWithinHours).toBe(72);
  });
});
