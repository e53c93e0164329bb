import { describe, expect, it } from "vitest";
import {
  AnimalQuarantineCertificate,
  Certificate,
  CommitmentCertificate,
  HealthCertificate,
  SupplierLicence,
  TestReport,
  commitmentBases,
  healthCertificateExpiry,
  healthCertificateState,
  legacyCommitmentBases,
  mapLegacyCertificateBases,
  mapLegacyCertificateBasis,
} from "../src/certificate";

const producer = {
  kind: "commitment-compliance",
  form: "producer",
  commitments: ["no-banned-substances", "residues-within-limits", "withdrawal-periods-observed"],
  bases: ["quality-control", "self-tested"],
  productName: "青菜",
  netWeightGrams: 50_000,
  origin: { region: "440607", detail: "三水区某合作社基地" },
  issuer: { name: "李四", phone: "13912345678" },
  issueDate: "2026-03-01",
  signature: { method: "signature" },
} as const;

const collector = {
  ...producer,
  form: "collector",
  bases: ["commissioned-test"],
  testReportRef: "R-2026-0301",
  sourceRecords: [
    {
      supplierName: "王五",
      supplierPhone: "13712345678",
      productName: "青菜",
      quantity: { value: 20_000, unit: "gram" },
      purchaseDate: "2026-02-28",
    },
  ],
} as const;

function issues(result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("承诺达标合格证 (2026 rule)", () => {
  it("has the three 2026 bases", () => {
    expect(commitmentBases.values).toEqual(["quality-control", "self-tested", "commissioned-test"]);
    expect(commitmentBases.labels["quality-control"]["zh-CN"]).toBe("质量安全控制符合要求");
    expect(commitmentBases.labels["self-tested"]["zh-CN"]).toBe("自行检测合格");
    expect(commitmentBases.labels["commissioned-test"]["zh-CN"]).toBe("委托检测合格");
  });

  it("accepts a complete producer certificate", () => {
    const parsed = CommitmentCertificate.parse(producer);
    expect(parsed.form).toBe("producer");
    expect(Certificate.parse(producer)).toEqual(parsed);
  });

  it("accepts a collector certificate with its source records", () => {
    const parsed = CommitmentCertificate.parse(collector);
    expect(parsed.form === "collector" && parsed.sourceRecords).toHaveLength(1);
  });

  it("requires source records on the collector form", () => {
    const { sourceRecords: _omit, ...noSources } = collector;
    expect(issues(CommitmentCertificate.safeParse(noSources))).toEqual([
      "sourceRecords: a collector's certificate needs its source records",
    ]);
    expect(issues(CommitmentCertificate.safeParse({ ...collector, sourceRecords: [] }))).toEqual([
      "sourceRecords: a collector's certificate needs its source records",
    ]);
    // and a producer certificate may not carry them
    expect(CommitmentCertificate.safeParse({ ...producer, sourceRecords: collector.sourceRecords }).success).toBe(false);
  });

  it("requires every commitment statement", () => {
    expect(issues(CommitmentCertificate.safeParse({ ...producer, commitments: ["no-banned-substances"] }))).toEqual([
      "commitments: missing commitment statements: residues-within-limits, withdrawal-periods-observed",
    ]);
  });

  it("requires at least one basis, from the 2026 list", () => {
    expect(issues(CommitmentCertificate.safeParse({ ...producer, bases: [] }))).toEqual([
      "bases: name at least one basis (quality control, self-tested or commissioned test)",
    ]);
    expect(CommitmentCertificate.safeParse({ ...producer, bases: ["self-commitment"] }).success).toBe(false);
    expect(CommitmentCertificate.safeParse({ ...producer, bases: ["self-tested", "self-tested"] }).success).toBe(false);
  });

  it("requires a quantity or a weight", () => {
    const { netWeightGrams: _omit, ...noAmount } = producer;
    expect(issues(CommitmentCertificate.safeParse(noAmount))).toEqual(["quantity: give a quantity or a net weight"]);
    expect(CommitmentCertificate.safeParse({ ...noAmount, quantity: { value: 30, unit: "basket" } }).success).toBe(true);
  });

  it.each([
    ["productName", { productName: "" }],
    ["origin.region", { origin: { region: "999999" } }],
    ["issuer.phone", { issuer: { name: "李四", phone: "12345" } }],
    ["issuer.name", { issuer: { name: " ", phone: "13912345678" } }],
    ["issueDate", { issueDate: "2026-02-30" }],
    ["signature", { signature: undefined }],
  ])("rejects a bad or missing %s", (path, patch) => {
    const result = CommitmentCertificate.safeParse({ ...producer, ...patch });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toContain(path);
  });
});

describe("legacy bases", () => {
  it("maps the four old bases; self-commitment has no 2026 equivalent", () => {
    expect(legacyCommitmentBases.values).toHaveLength(4);
    expect(mapLegacyCertificateBasis("commissioned-test")).toBe("commissioned-test");
    expect(mapLegacyCertificateBasis("self-test")).toBe("self-tested");
    expect(mapLegacyCertificateBasis("internal-quality-control")).toBe("quality-control");
    expect(mapLegacyCertificateBasis("self-commitment")).toBeNull();
  });

  it("maps a list, dropping duplicates and reporting what did not carry over", () => {
    expect(mapLegacyCertificateBases(["self-test", "self-commitment", "self-test"])).toEqual({
      bases: ["self-tested"],
      unmapped: ["self-commitment"],
    });
    expect(mapLegacyCertificateBases(["self-commitment"]).bases).toEqual([]);
  });
});

describe("other certificates", () => {
  it("parses an animal quarantine certificate", () => {
    const cert = {
      kind: "animal-quarantine",
      number: "4400123456",
      subject: "product",
      productName: "猪肉",
      quantity: { value: 120_000, unit: "gram" },
      originRegion: "440607",
      issuedBy: "三水区动物卫生监督所",
      issueDate: "2026-03-01",
      validUntil: "2026-03-03",
    };
    expect(AnimalQuarantineCertificate.parse(cert).subject).toBe("product");
    expect(Certificate.parse(cert).kind).toBe("animal-quarantine");
    expect(AnimalQuarantineCertificate.safeParse({ ...cert, validUntil: "2026-02-28" }).success).toBe(false);
  });

  it("parses a test report and a supplier licence", () => {
    expect(
      TestReport.parse({ kind: "test-report", number: "R1", laboratory: "某检测所", productName: "青菜", reportDate: "2026-03-01", conclusion: "pass" })
        .items,
    ).toEqual([]);
    expect(SupplierLicence.parse({ kind: "supplier-licence", supplierName: "某批发商", licenceNumber: "jy13101150012345" }).licenceNumber).toBe(
      "JY13101150012345",
    );
    expect(SupplierLicence.safeParse({ kind: "supplier-licence", supplierName: "某批发商" }).error?.issues[0]?.message).toBe(
      "give a USCC, a licence number or the document",
    );
  });

  it("limits a health certificate to one year", () => {
    expect(healthCertificateExpiry("2026-03-01")).toBe("2027-02-28");
    expect(healthCertificateExpiry("2024-02-29")).toBe("2025-02-27");
    const cert = { kind: "health-certificate", holderName: "赵六", issuedBy: "某疾控中心", issueDate: "2026-03-01", expiryDate: "2027-02-28" };
    expect(HealthCertificate.safeParse(cert).success).toBe(true);
    expect(HealthCertificate.safeParse({ ...cert, expiryDate: "2027-03-01" }).error?.issues[0]?.message).toBe(
      "a health certificate is valid for at most one year",
    );
    expect(HealthCertificate.safeParse({ ...cert, expiryDate: "2026-02-01" }).success).toBe(false);
  });

  it("rejects an unknown kind", () => {
    expect(Certificate.safeParse({ ...producer, kind: "organic" }).success).toBe(false);
  });
});

describe("healthCertificateState", () => {
  it.each([
    ["2026-06-30", "2026-05-30", 30, "valid"], // 31 days left
    ["2026-06-30", "2026-05-31", 30, "expiring"], // 30 days left
    ["2026-06-30", "2026-06-30", 30, "expiring"], // last valid day
    ["2026-06-30", "2026-07-01", 30, "expired"],
    ["2026-06-30", "2026-06-29", 0, "valid"],
    ["2026-06-30", "2026-06-30", 0, "expiring"],
  ] as const)("expiry %s on %s, warn %i days → %s", (expiry, now, warnDays, state) => {
    expect(healthCertificateState(expiry, now, warnDays)).toBe(state);
  });

  it("reads a Date in China time (UTC+8)", () => {
    // 2026-06-30T16:30Z is already 2026-07-01 00:30 in Beijing.
    expect(healthCertificateState("2026-06-30", new Date("2026-06-30T15:59:59Z"))).toBe("expiring");
    expect(healthCertificateState("2026-06-30", new Date("2026-06-30T16:30:00Z"))).toBe("expired");
  });

  it("defaults to 30 warning days and rejects bad input", () => {
    expect(healthCertificateState("2026-06-30", "2026-05-31")).toBe("expiring");
    expect(() => healthCertificateState("2026-13-01", "2026-01-01")).toThrow(RangeError);
    expect(() => healthCertificateState("2026-06-30", "2026-01-01", -1)).toThrow(RangeError);
  });
});
