import { createRoute } from "@hono/zod-openapi";
import type { App } from "../app-types";
import { bearer, json, pick, TraceCodeParam } from "../common";
import { VoucherSchema } from "../schemas";

export const getVoucherRoute = createRoute({
  method: "get",
  path: "/v1/vouchers/{code}",
  tags: ["vouchers"],
  summary: "A voucher and its current status (seller, buyer, the market and regulators may read it)",
  security: bearer,
  request: { params: TraceCodeParam },
  responses: { 200: json(VoucherSchema, "The voucher"), ...pick(401, 403, 404) },
});

export function registerGetVoucher(app: App) {
  app.openapi(getVoucherRoute, async (c) => {
    const { services, principal } = c.var;
    return c.json((await services.vouchers.get(principal, c.req.valid("param").code)) as never, 200);
  });
}
