import { formatTraceCode } from "@shian/schemas";
import { type PrivateJwk, signVoucher } from "@shian/sdk";
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { SCOPES } from "../../src/services/principal";
import type { Harness, TestOrg } from "../harness";

export const BASE = "http://localhost:8787";
export const VOUCHER_BASE = `${BASE}/v/`;
export const ALL_SCOPES = [...SCOPES];

type Reply = Awaited<ReturnType<Harness["call"]>>;

/** The path part of a voucher URL, to request it from the in-process app. */
export const pathOf = (url: string) => url.slice(BASE.length);

/** Internals that must never reach a client. */
const LEAKS = [/\n\s+at /, /node_modules/, /\.ts:\d+/, /SQLITE/i, /drizzle/i, /Failed query/i, /stack/i, /secret_hash|secretHash/i, /encrypted_private|encryptedPrivate/i];

export function expectNoInternals(reply: Reply): void {
  for (const leak of LEAKS) expect(reply.text, `error body leaks ${leak}`).not.toMatch(leak);
}

/** An RFC 9457 problem with our stable code, and nothing internal in it. */
export function expectProblem(reply: Reply, status: number, code: string): void {
  expect({ status: reply.status, code: reply.body?.code }, reply.text).toEqual({ status, code });
  expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(reply.body).toMatchObject({ type: expect.stringMatching(/^https:\/\/shian\.dev\/problems\//), title: expect.any(String), status, code, detail: expect.any(String) });
  expectNoInternals(reply);
}

export async function count(h: Harness, table: string, where = "1 = 1"): Promise<number> {
  const row = await h.db.get<{ n: number }>(sql.raw(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`));
  return Number(row?.n ?? 0);
}

export const json = { accept: "application/json" };

export async function scan(h: Harness, url: string) {
  return h.call("GET", pathOf(url), { headers: json });
}

/** The platform admin with every scope (the harness' default scopes leave out orgs:admin). */
export const admin = (h: Harness) => h.org("admin", { scopes: ALL_SCOPES });

export async function createBatch(h: Harness, org: TestOrg, body: Record<string, unknown>) {
  const reply = await h.call("POST", "/v1/batches", { key: org.key, json: body });
  expect(reply.status, reply.text).toBe(201);
  return reply.body as { code: string; quantity: number; status: string };
}

export async function issue(h: Harness, org: TestOrg, body: Record<string, unknown>) {
  const reply = await h.call("POST", "/v1/vouchers", { key: org.key, json: body });
  expect(reply.status, reply.text).toBe(201);
  return reply.body as { code: string; url: string; keyIndex: number; claims: Record<string, unknown> };
}

/** Issue time rounded down to the second, as the wire format keeps it. */
export const nowSeconds = () => new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace(".000Z", "Z");

/** Signs a sale voucher locally, as a POS would with the SDK. */
export async function signLocally(key: PrivateJwk, keyIndex: number, namespace: number, serial: number, extra: Record<string, unknown> = {}) {
  return signVoucher(
    { type: "sale", code: formatTraceCode({ namespace, serial }), issuedAt: nowSeconds(), originRegion: "530424", productCategory: "vegetable", netWeightGrams: 500, ...extra } as Parameters<typeof signVoucher>[0],
    { key, keyIndex, baseUrl: VOUCHER_BASE },
  );
}
