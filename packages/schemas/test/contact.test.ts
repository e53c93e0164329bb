import { describe, expect, it } from "vitest";
import { ChinesePhone, Contact, parseChinesePhone } from "../src/contact";

describe("Chinese phone numbers", () => {
  it.each([
    ["13812345678", "mobile", "13812345678"],
    ["138 1234 5678", "mobile", "13812345678"],
    ["+86 138-1234-5678", "mobile", "13812345678"],
    ["021-12345678", "landline", "021-12345678"],
    ["(021) 1234 5678", "landline", "021-12345678"],
    ["010 87654321", "landline", "010-87654321"],
    ["0757-2345678", "landline", "0757-2345678"],
    ["+86 21 1234 5678", "landline", "021-12345678"],
    ["021-12345678-123", "landline", "021-12345678-123"],
    ["021-12345678 转 8", "landline", "021-12345678-8"],
    ["400-123-4567", "service", "400-123-4567"],
  ])("accepts %j as %s", (input, kind, normalised) => {
    expect(parseChinesePhone(input)).toEqual({ ok: true, kind, normalised });
    expect(ChinesePhone.parse(input)).toBe(normalised);
  });

  it.each([
    ["12345678901", /not a Chinese mobile/],
    ["1381234567", /not a Chinese mobile/],
    ["12345678", /needs its area code/],
    ["021-1234567", /not a Chinese mobile/], // 3-digit area code needs 8 digits
    ["phone", /digits, spaces and -/],
    ["13812345678 转 1", /no extension/],
  ])("rejects %j with a useful message", (input, message) => {
    const result = ChinesePhone.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });

  it("contact needs a phone; email is checked", () => {
    expect(Contact.parse({ name: "王经理", phone: "13912345678" })).toEqual({ name: "王经理", phone: "13912345678" });
    expect(Contact.safeParse({ name: "王经理" }).success).toBe(false);
    expect(Contact.safeParse({ phone: "13912345678", email: "not-an-email" }).success).toBe(false);
  });
});
