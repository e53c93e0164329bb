import { deflateSync } from "fflate";
import { describe, expect, it } from "vitest";
import { generateKeyPair, signStatusList, STATUS_VALUES, verifyStatusList } from "../src/index";
import { signJsonDocument } from "../src/trust/jws-json";

const window = { issuedAt: "2026-11-24T00:00:00Z", expiresAt: "2026-11-25T00:00:00Z" };

describe("status list bitstrings", () => {
  it("stores two bits per serial and reads every status back", async () => {
    const key = await generateKeyPair();
    const entries = Array.from({ length: 4_000 }, (_, serial) => [serial * 25, STATUS_VALUES[serial % 4]!] as const);
    const jws = await signStatusList({ namespace: 7, version: 1, ...window, size: 100_000, entries }, key.privateJwk);
    const list = await verifyStatusList(jws, key.publicJwk);
    for (const [serial, status] of entries) expect(list.statusOf(serial)).toBe(status);
    expect(list.statusOf(26)).toBe("valid");
    expect(list.statusOf(100_000)).toBeUndefined();
    expect(jws.length).toBeLessThan(6_000); // 25 kB of bits compress well
  });

  it("refuses entries outside the list and unknown statuses", async () => {
    const key = await generateKeyPair();
    await expect(signStatusList({ namespace: 7, version: 1, ...window, size: 10, entries: [[10, "revoked"]] }, key.privateJwk)).rejects.toMatchObject({ code: "invalid-input" });
    await expect(signStatusList({ namespace: 7, version: 1, ...window, size: 10, entries: [[1, "lost" as never]] }, key.privateJwk)).rejects.toMatchObject({ code: "invalid-input" });
  });

  it("refuses bits that inflate beyond the declared size (a deflate bomb)", async () => {
    const key = await generateKeyPair();
    const bomb = Buffer.from(deflateSync(new Uint8Array(50_000_000))).toString("base64url");
    const jws = await signJsonDocument({ typ: "shian-status-list", namespace: 7, version: 1, ...window, size: 8, bits: bomb }, key.privateJwk, "shian-status-list");
    await expect(verifyStatusList(jws, key.publicJwk)).rejects.toMatchObject({ code: "invalid-status-list" });
    const short = Buffer.from(deflateSync(new Uint8Array(1))).toString("base64url");
    const truncated = await signJsonDocument({ typ: "shian-status-list", namespace: 7, version: 1, ...window, size: 800, bits: short }, key.privateJwk, "shian-status-list");
    await expect(verifyStatusList(truncated, key.publicJwk)).rejects.toMatchObject({ code: "invalid-status-list" });
  });

  it("refuses a list signed by another key", async () => {
    const [key, other] = await Promise.all([generateKeyPair(), generateKeyPair()]);
    const jws = await signStatusList({ namespace: 7, version: 1, ...window, size: 8, entries: [] }, key.privateJwk);
    await expect(verifyStatusList(jws, other.publicJwk)).rejects.toMatchObject({ code: "invalid-status-list" });
  });
});
