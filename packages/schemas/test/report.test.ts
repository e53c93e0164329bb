import { describe, expect, it } from "vitest";
import { formatTraceCode } from "../src/identifiers/trace-code";
import { ReportSubmission, StoredReport, formatFen, whistleblowerReward } from "../src/report";

const submission = {
  target: { kind: "batch", batchCode: formatTraceCode({ namespace: 4401, serial: 1000 }) },
  category: "illegal-additive",
  description: "摊位出售的豆芽疑似使用无根剂，附照片两张。",
  evidenceRefs: ["upload-1", "upload-2"],
  identityCode: "blueRiver88",
  password: "correct horse 7",
};

const stored = {
  id: "report-1",
  target: submission.target,
  category: submission.category,
  description: submission.description,
  evidenceRefs: submission.evidenceRefs,
  secretHash: "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
  submittedAt: "2026-03-02T10:00:00+08:00",
};

describe("ReportSubmission", () => {
  it("accepts an anonymous submission", () => {
    expect(ReportSubmission.parse(submission).identityCode).toBe("blueRiver88");
  });

  it.each([
    [{ identityCode: "abc" }, "identity code must be 6–20 letters or digits"],
    [{ identityCode: "张三的代码1234" }, "identity code must be 6–20 letters or digits"],
    [{ password: "short1" }, "password must be at least 8 characters"],
    [{ password: "onlyletters" }, "password needs at least one letter and one digit"],
    [{ password: "blueriver88" }, "password must differ from the identity code"],
    [{ description: "太脏" }, "describe what happened in at least 10 characters"],
  ])("rejects %o", (patch, message) => {
    const result = ReportSubmission.safeParse({ ...submission, ...patch });
    expect(result.error?.issues.map((issue) => issue.message)).toContain(message);
  });

  it("needs a business target to be named", () => {
    expect(ReportSubmission.safeParse({ ...submission, target: { kind: "business" } }).error?.issues[0]?.message).toBe(
      "name the business or give its id",
    );
    expect(ReportSubmission.safeParse({ ...submission, target: { kind: "business", name: "某某饭店" } }).success).toBe(true);
    expect(ReportSubmission.safeParse({ ...submission, target: { kind: "voucher", voucherCode: "x" } }).success).toBe(false);
  });
});

describe("StoredReport", () => {
  it("stores a slow hash, not the secrets", () => {
    const parsed = StoredReport.parse(stored);
    expect(parsed.status).toBe("received");
    expect(Object.keys(parsed)).not.toContain("password");
    for (const field of ["identityCode", "password", "ip", "userAgent"]) {
      expect(Object.keys(StoredReport.shape)).not.toContain(field);
    }
  });

  it.each(["identityCode", "password", "ip", "userAgent", "deviceId"])("refuses a %s field", (field) => {
    const result = StoredReport.safeParse({ ...stored, [field]: "x" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe("unrecognized_keys");
  });

  it("refuses a secret that is not a PHC hash", () => {
    expect(StoredReport.safeParse({ ...stored, secretHash: "blueRiver88:correct horse 7" }).error?.issues[0]?.message).toBe(
      "secretHash must be a PHC-format slow hash",
    );
  });
});

describe("whistleblowerReward (money: fine in yuan, reward in fen)", () => {
  it("pays 5% / 3% / 1% above the minimum", () => {
    expect(whistleblowerReward(1_000_000, 1)).toMatchObject({ rewardFen: 5_000_000, minimumApplied: false, capApplied: false });
    expect(whistleblowerReward(1_000_000, 2).rewardFen).toBe(3_000_000);
    expect(whistleblowerReward(1_000_000, "3").rewardFen).toBe(1_000_000);
  });

  it("applies the minimums ¥5,000 / ¥3,000 / ¥1,000", () => {
    expect(whistleblowerReward(20_000, 1)).toMatchObject({ proportionalFen: 100_000, rewardFen: 500_000, minimumApplied: true });
    expect(whistleblowerReward(20_000, 2).rewardFen).toBe(300_000);
    expect(whistleblowerReward(0, 3).rewardFen).toBe(100_000);
    // exactly at the minimum: 5% of ¥100,000 is ¥5,000
    expect(whistleblowerReward(100_000, 1)).toMatchObject({ rewardFen: 500_000, minimumApplied: false });
  });

  it("caps at ¥1,000,000", () => {
    expect(whistleblowerReward(20_000_000, 1)).toMatchObject({ rewardFen: 100_000_000, capApplied: false });
    expect(whistleblowerReward(20_000_001, 1)).toMatchObject({ rewardFen: 100_000_000, capApplied: true });
    expect(whistleblowerReward(500_000_000, 3)).toMatchObject({ rewardFen: 100_000_000, capApplied: true });
  });

  it("is exact to the fen", () => {
    expect(whistleblowerReward(123_457, 3).rewardFen).toBe(123_457); // ¥1,234.57
    expect(formatFen(whistleblowerReward(123_457, 3).rewardFen)).toBe("¥1,234.57");
    expect(formatFen(100_000_000)).toBe("¥1,000,000.00");
  });

  it("rejects fractional or negative fines and unknown tiers", () => {
    expect(() => whistleblowerReward(100.5)).toThrow(RangeError);
    expect(() => whistleblowerReward(-1)).toThrow(RangeError);
    expect(() => whistleblowerReward(100, 4 as 1)).toThrow(/tier must be 1, 2 or 3/);
  });
});
