import type { App } from "../app-types";
import { registerCreateBatch } from "./create-batch";
import { registerExportEpcis } from "./export-epcis";
import { registerGetBatch } from "./get-batch";
import { registerRecallBatch } from "./recall-batch";
import { registerRecordRapidTest } from "./record-rapid-test";
import { registerSplitBatch } from "./split-batch";
import { registerTraceBatch } from "./trace-batch";

export function registerBatchRoutes(app: App) {
  registerCreateBatch(app);
  registerGetBatch(app);
  registerSplitBatch(app);
  registerTraceBatch(app);
  registerExportEpcis(app);
  registerRecordRapidTest(app);
  registerRecallBatch(app);
}
