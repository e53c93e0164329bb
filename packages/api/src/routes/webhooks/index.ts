import type { App } from "../app-types";
import { registerDeliveries } from "./deliveries";
import { registerListEndpoints } from "./list-endpoints";
import { registerRegisterEndpoint } from "./register-endpoint";

export function registerWebhookRoutes(app: App) {
  // The deliveries paths first: /v1/webhooks/deliveries must not match /v1/webhooks/{id}.
  registerDeliveries(app);
  registerRegisterEndpoint(app);
  registerListEndpoints(app);
}
