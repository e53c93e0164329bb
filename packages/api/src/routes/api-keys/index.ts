import type { App } from "../app-types";
import { registerCreateApiKey } from "./create-api-key";
import { registerListApiKeys } from "./list-api-keys";
import { registerRevokeApiKey } from "./revoke-api-key";

export function registerApiKeyRoutes(app: App) {
  registerCreateApiKey(app);
  registerListApiKeys(app);
  registerRevokeApiKey(app);
}
