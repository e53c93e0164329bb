import { z } from "zod";
import { Contact } from "./contact";
import { FoodLicenceNumber } from "./identifiers/licence";
import { RegionCode } from "./identifiers/region";
import { UsccLenient } from "./identifiers/uscc";
import { labelledEnum } from "./labels";
import { EntityId, text } from "./primitives";

/** Who takes part in the chain. */
export const organisationKinds = labelledEnum({
  "wholesale-market": { "zh-CN": "批发市场", en: "Wholesale market" },
  wholesaler: { "zh-CN": "批发商", en: "Wholesaler" },
  stall: { "zh-CN": "摊位", en: "Market stall" },
  supermarket: { "zh-CN": "超市", en: "Supermarket" },
  restaurant: { "zh-CN": "餐饮店", en: "Restaurant" },
  canteen: { "zh-CN": "食堂", en: "Canteen" },
  producer: { "zh-CN": "生产者", en: "Producer" },
  collector: { "zh-CN": "收购者", en: "Collector" },
  regulator: { "zh-CN": "监管部门", en: "Regulator" },
});
export const OrganisationKind = z.enum(organisationKinds.values);
export type OrganisationKind = z.infer<typeof OrganisationKind>;

export const weekdays = labelledEnum({
  mon: { "zh-CN": "周一", en: "Monday" },
  tue: { "zh-CN": "周二", en: "Tuesday" },
  wed: { "zh-CN": "周三", en: "Wednesday" },
  thu: { "zh-CN": "周四", en: "Thursday" },
  fri: { "zh-CN": "周五", en: "Friday" },
  sat: { "zh-CN": "周六", en: "Saturday" },
  sun: { "zh-CN": "周日", en: "Sunday" },
});
export const Weekday = z.enum(weekdays.values);
export type Weekday = z.infer<typeof Weekday>;

const ClockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, "time must be HH:MM (00:00–24:00)");

/**
 * Opening hours for some days, local time. `closes` earlier than `opens` means the business
 * closes after midnight (a 22:00–04:00 night market).
 */
export const OpeningHours = z
  .object({
    days: z.array(Weekday).min(1).refine((days) => new Set(days).size === days.length, "days repeat"),
    opens: ClockTime,
    closes: ClockTime,
  })
  .strict()
  .refine((hours) => hours.opens !== hours.closes, { message: "opens and closes must differ", path: ["closes"] });
export type OpeningHours = z.infer<typeof OpeningHours>;

/**
 * A business, market or authority. A USCC is required for everyone but regulators; it is checked
 * leniently (a wrong check character is accepted) because old registrations with bad check
 * characters are still in use — run `checkUscc` to surface the warning.
 */
export const Organisation = z
  .object({
    id: EntityId,
    kind: OrganisationKind,
    name: text(200),
    uscc: UsccLenient.optional(),
    /** 食品经营许可证 / 食品生产许可证 numbers. */
    licenceNumbers: z.array(FoodLicenceNumber).max(20).default([]),
    region: RegionCode,
    address: text(300),
    contact: Contact,
    /** 负责人 / 法定代表人 (the person answerable for food safety). */
    responsiblePerson: z.object({ name: text(50), title: text(50).optional() }).strict(),
    openingHours: z.array(OpeningHours).max(14).optional(),
    /** The market this stall belongs to, or the wholesaler's market. */
    parentId: EntityId.optional(),
  })
  .strict()
  .refine((org) => org.kind === "regulator" || org.uscc !== undefined, {
    message: "uscc is required for every organisation except regulators",
    path: ["uscc"],
  })
  .refine((org) => new Set(org.licenceNumbers).size === org.licenceNumbers.length, {
    message: "licence numbers repeat",
    path: ["licenceNumbers"],
  });
export type OrganisationInput = z.input<typeof Organisation>;
export type Organisation = z.output<typeof Organisation>;
