import type { App } from "../app-types";
import { registerBatchPurchases } from "./batch-purchases";
import { registerDeletePurchase } from "./delete-purchase";
import { registerGetPurchase } from "./get-purchase";
import { registerListLedger } from "./list-ledger";
import { registerManualPurchase } from "./manual-entry";
import { registerScanToLedger } from "./scan-to-ledger";

export function registerLedgerRoutes(app: App) {
  registerScanToLedger(app);
  registerManualPurchase(app);
  registerListLedger(app);
  registerGetPurchase(app);
  registerDeletePurchase(app);
  registerBatchPurchases(app);
}
