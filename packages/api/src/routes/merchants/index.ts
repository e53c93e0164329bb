import type { App } from "../app-types";
import { registerAddHealthCertificate } from "./add-health-certificate";
import { registerAddRuleSet } from "./add-rule-set";
import { registerGetGrade } from "./get-grade";
import { registerGetMerchant } from "./get-merchant";
import { registerIssueMerchantCode } from "./issue-code";
import { registerListHealthCertificates } from "./list-health-certificates";
import { registerListInspections } from "./list-inspections";
import { registerListRuleSets } from "./list-rule-sets";
import { registerPutProfile } from "./put-profile";
import { registerRecomputeGrades } from "./recompute-grades";
import { registerRecordInspection } from "./record-inspection";

export function registerMerchantRoutes(app: App) {
  registerPutProfile(app);
  registerGetMerchant(app);
  registerRecordInspection(app);
  registerListInspections(app);
  registerGetGrade(app);
  registerIssueMerchantCode(app);
  registerAddHealthCertificate(app);
  registerListHealthCertificates(app);
  registerListRuleSets(app);
  registerAddRuleSet(app);
  registerRecomputeGrades(app);
}
