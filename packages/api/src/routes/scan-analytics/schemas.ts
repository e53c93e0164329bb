import { z } from "@hono/zod-openapi";

const Range = { from: z.string().openapi({ description: "First UTC hour counted, `YYYY-MM-DDTHH:00Z`" }), to: z.string().openapi({ description: "Last UTC hour counted" }) };

export const VoucherCountsSchema = z
  .object({
    ...Range,
    vouchers: z.array(z.object({ voucherCode: z.string(), orgId: z.string(), scans: z.number().int(), regions: z.number().int(), firstHour: z.string(), lastHour: z.string() })),
  })
  .openapi("VoucherScanCounts");

export const MerchantCountsSchema = z
  .object({ ...Range, merchants: z.array(z.object({ orgId: z.string(), name: z.string().nullable(), scans: z.number().int(), vouchers: z.number().int() })) })
  .openapi("MerchantScanCounts");

export const RegionCountsSchema = z
  .object({
    ...Range,
    level: z.enum(["province", "city"]),
    regions: z.array(z.object({ region: z.string().openapi({ description: "GB/T 2260 code or `unknown`" }), name: z.string().nullable(), scans: z.number().int() })),
    hours: z.array(z.object({ region: z.string(), hour: z.string(), scans: z.number().int() })),
  })
  .openapi("RegionScanCounts");

export const FlagSchema = z
  .object({
    voucherCode: z.string(),
    reason: z.enum(["over-scanned", "distant-regions"]),
    orgId: z.string(),
    regions: z.array(z.string()),
    evidence: z.record(z.string(), z.unknown()).openapi({ description: "over-scanned: scans, limit, pieces, windowHours; distant-regions: regions, distanceKm, minutesApart, scans" }),
    firstSeen: z.string(),
    lastSeen: z.string(),
  })
  .openapi("FlaggedCode");
