/** A 承诺达标合格证 request body with every mandatory field (the issuer's phone comes from its profile or `issuer`). */
export const certificateBody = (extra: Record<string, unknown> = {}) => ({
  form: "producer",
  bases: ["self-tested", "quality-control"],
  productName: "菜心",
  netWeightGrams: 20_000,
  origin: { region: "530424", detail: "宁州街道新城村" },
  signature: { method: "electronic-signature" },
  ...extra,
});
