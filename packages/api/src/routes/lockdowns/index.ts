import type { App } from "../app-types";
import { registerGetLockdown } from "./get-lockdown";
import { registerResolveLockdown } from "./resolve-lockdown";

export function registerLockdownRoutes(app: App) {
  registerGetLockdown(app);
  registerResolveLockdown(app);
}
