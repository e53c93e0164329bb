import type { App } from "../app-types";
import { registerGs1LinkRoutes } from "./links";
import { registerGs1Resolver } from "./resolver";

export function registerGs1Routes(app: App) {
  registerGs1LinkRoutes(app);
  registerGs1Resolver(app);
}

export { createGs1LinkRoute, deleteGs1LinkRoute, listGs1LinksRoute } from "./links";
export { resolveGtinCpvLotRoute, resolveGtinLotRoute, resolveGtinRoute, resolveGtinSerialRoute, resolverDescriptionRoute, voucherJwsRoute } from "./resolver";
