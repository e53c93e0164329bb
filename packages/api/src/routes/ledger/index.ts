import type { App } from "../app-types";
import { registerLedgerReads } from "./list-ledger";
import { registerManualPurchase } from "./manual-entry";
import { registerScanToLedger } from "./scan-to-ledger";

export function registerLedgerRoutes(app: App) {
  registerScanToLedger(app);
  registerManualPurchase(app);
  registerLedgerReads(app);
}
