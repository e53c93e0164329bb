import type { App } from "../app-types";
import { registerListKeys } from "./list-keys";
import { registerRegisterKey } from "./register-key";
import { registerRevokeKey } from "./revoke-key";

export function registerKeyRoutes(app: App) {
  registerRegisterKey(app);
  registerListKeys(app);
  registerRevokeKey(app);
}
