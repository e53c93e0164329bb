import { describe, expect, it } from "vitest";
import { Organisation, OpeningHours, organisationKinds } from "../src/organisation";

const stall = {
  id: "stall-0042",
  kind: "stall",
  name: "张记蔬菜",
  uscc: "91310115591693856A",
  licenceNumbers: ["JY13101150012345"],
  region: "310115",
  address: "上海市浦东新区某某路 1 号 A-42",
  contact: { phone: "138 1234 5678" },
  responsiblePerson: { name: "张三" },
  openingHours: [{ days: ["mon", "tue", "wed", "thu", "fri"], opens: "06:00", closes: "18:30" }],
};

describe("Organisation", () => {
  it("has the nine kinds in order, each labelled", () => {
    expect(organisationKinds.values).toEqual([
      "wholesale-market",
      "wholesaler",
      "stall",
      "supermarket",
      "restaurant",
      "canteen",
      "producer",
      "collector",
      "regulator",
    ]);
    expect(organisationKinds.labels["wholesale-market"]["zh-CN"]).toBe("批发市场");
  });

  it("parses a stall and normalises USCC and phone", () => {
    const org = Organisation.parse({ ...stall, uscc: "91310115591693856a" });
    expect(org.uscc).toBe("91310115591693856A");
    expect(org.contact.phone).toBe("13812345678");
  });

  it("accepts a USCC with a wrong check character (old registrations) but not a malformed one", () => {
    expect(Organisation.safeParse({ ...stall, uscc: "91320621MA1MRHG207" }).success).toBe(true);
    const bad = Organisation.safeParse({ ...stall, uscc: "9132062" });
    expect(bad.error?.issues[0]?.path).toEqual(["uscc"]);
  });

  it("requires a USCC except for regulators", () => {
    const { uscc: _omit, ...noUscc } = { ...stall, uscc: "91310115591693856A" };
    const result = Organisation.safeParse(noUscc);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["uscc"], message: "uscc is required for every organisation except regulators" });
    const regulator = Organisation.parse({ ...noUscc, kind: "regulator", name: "浦东新区市场监督管理局", licenceNumbers: [] });
    expect(regulator.uscc).toBeUndefined();
  });

  it("rejects unknown fields, bad regions and repeated licences", () => {
    const base = { ...stall, uscc: "91310115591693856A" };
    expect(Organisation.safeParse({ ...base, ip: "1.2.3.4" }).success).toBe(false);
    expect(Organisation.safeParse({ ...base, region: "999999" }).success).toBe(false);
    const repeated = Organisation.safeParse({ ...base, licenceNumbers: ["JY13101150012345", "jy13101150012345"] });
    expect(repeated.error?.issues[0]?.message).toBe("licence numbers repeat");
    expect(Organisation.safeParse({ ...base, licenceNumbers: ["QS3101"] }).success).toBe(false);
  });

  it("defaults licence numbers to none", () => {
    const { licenceNumbers: _omit, ...rest } = { ...stall, uscc: "91310115591693856A" };
    expect(Organisation.parse(rest).licenceNumbers).toEqual([]);
  });
});

describe("OpeningHours", () => {
  it("allows hours past midnight", () => {
    expect(OpeningHours.safeParse({ days: ["sat"], opens: "22:00", closes: "04:00" }).success).toBe(true);
    expect(OpeningHours.safeParse({ days: ["sun"], opens: "00:00", closes: "24:00" }).success).toBe(true);
  });

  it("rejects bad times, empty or repeated days", () => {
    expect(OpeningHours.safeParse({ days: ["mon"], opens: "25:00", closes: "18:00" }).success).toBe(false);
    expect(OpeningHours.safeParse({ days: [], opens: "08:00", closes: "18:00" }).success).toBe(false);
    expect(OpeningHours.safeParse({ days: ["mon", "mon"], opens: "08:00", closes: "18:00" }).success).toBe(false);
    expect(OpeningHours.safeParse({ days: ["mon"], opens: "08:00", closes: "08:00" }).success).toBe(false);
  });
});
