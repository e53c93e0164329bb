import { VoucherType } from "@shian/schemas";
import type { z } from "zod";
import { BulkItem, type IssueVoucher, VoucherRequest } from "./vouchers";

export type BulkBody = z.infer<typeof VoucherRequest>;

const TYPES = new Set<string>(VoucherType.options);
/** IssueVoucher's members the fast path checks itself; any other member goes to zod. */
const STRINGS: Record<string, number> = { batchCode: 64, buyerOrgId: 64 };
const COUNTS = new Set(["netWeightGrams", "quantity", "unitPriceFen"]);

/**
 * One bulk line's item, validated with the schemas' rules: the idempotency key now, the
 * voucher request when `body()` is called (after the caller's duplicate-key check, as before). The common shape (an IssueVoucher of type, batch, buyer and whole-number
 * members) is checked by hand to the same rules; anything else — a registered URL, an
 * expiry, a GTIN or lot, an unknown member, any value the hand check does not accept — goes
 * through zod (`BulkItem`, then `VoucherRequest`), which gives the error message.
 */
export function parseBulkItem(value: unknown): { key: string; body: () => BulkBody } {
  const fast = fastBulkItem(value);
  if (fast) return { key: fast.key, body: () => fast.body };
  const { idempotencyKey, ...rest } = BulkItem.parse(value);
  return { key: idempotencyKey, body: () => VoucherRequest.parse(rest) };
}

export function fastBulkItem(value: unknown): { key: string; body: z.infer<typeof IssueVoucher> } | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const item = value as Record<string, unknown>;
  const key = item.idempotencyKey;
  if (typeof key !== "string" || key.length < 1 || key.length > 128) return undefined;
  const body: Record<string, unknown> = { type: "sale" };
  for (const name of Object.keys(item)) {
    if (name === "idempotencyKey") continue;
    const member = item[name];
    if (name === "type") {
      if (typeof member !== "string" || !TYPES.has(member)) return undefined;
    } else if (Object.hasOwn(STRINGS, name)) {
      if (typeof member !== "string" || member.length > STRINGS[name]!) return undefined;
    } else if (COUNTS.has(name)) {
      if (typeof member !== "number" || !Number.isSafeInteger(member) || member < 0 || member > 1_000_000_000) return undefined;
    } else return undefined;
    body[name] = member;
  }
  return { key, body: body as z.infer<typeof IssueVoucher> };
}
