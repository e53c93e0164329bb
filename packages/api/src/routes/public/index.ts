import type { App } from "../app-types";
import { registerJwks } from "./jwks";
import { registerCertificatePage } from "./certificate";
import { registerMerchantPage } from "./merchant";
import { registerScan } from "./scan";
import { registerScanner } from "./scanner";
import { registerStatusList } from "./status-list";
import { registerTrustBundle } from "./trust-bundle";

export function registerPublicRoutes(app: App) {
  registerJwks(app);
  registerTrustBundle(app);
  registerStatusList(app);
  registerScan(app);
  registerMerchantPage(app);
  registerCertificatePage(app);
  registerScanner(app);
}
