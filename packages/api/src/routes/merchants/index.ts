import type { App } from "../app-types";
import { registerGetGrade } from "./get-grade";
import { registerGetMerchant } from "./get-merchant";
import { registerHealthCertificates } from "./health-certificates";
import { registerIssueMerchantCode } from "./issue-code";
import { registerListInspections } from "./list-inspections";
import { registerPutProfile } from "./put-profile";
import { registerRecordInspection } from "./record-inspection";
import { registerRuleSets } from "./rule-sets";

export function registerMerchantRoutes(app: App) {
  registerPutProfile(app);
  registerGetMerchant(app);
  registerRecordInspection(app);
  registerListInspections(app);
  registerGetGrade(app);
  registerIssueMerchantCode(app);
  registerHealthCertificates(app);
  registerRuleSets(app);
}
