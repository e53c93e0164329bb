import { bodyLimit } from "hono/body-limit";
import { ApiError } from "../../errors/api-error";
import { REPORT_EVIDENCE_MAX_BYTES, REPORT_EVIDENCE_MAX_FILES } from "../../services/reports";
import type { App } from "../app-types";
import { registerClaimReward } from "./claim-reward";
import { registerCloseReport } from "./close-report";
import { registerReportEvidenceContent } from "./evidence-content";
import { registerFollowReport } from "./follow-report";
import { registerGetReport } from "./get-report";
import { registerLinkReportInspection } from "./link-inspection";
import { registerListReports } from "./list-reports";
import { registerReportForm } from "./report-form";
import { registerReportStatusForm } from "./status-form";
import { registerSubmitReport } from "./submit-report";
import { registerTriageReport } from "./triage-report";
import { registerUploadEvidence } from "./upload-evidence";

const limit = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError("payload-too-large", `this body is limited to ${maxSize} bytes`);
    },
  });

/** Anonymous reports: public pages and posts under /reports, regulators' triage under /v1/reports. */
export function registerReportRoutes(app: App) {
  // A form with every evidence file, one evidence file, or a small credentials body.
  app.use("/reports", limit(REPORT_EVIDENCE_MAX_FILES * REPORT_EVIDENCE_MAX_BYTES + 256 * 1024));
  app.use("/reports/evidence", limit(REPORT_EVIDENCE_MAX_BYTES));
  app.use("/reports/status", limit(16 * 1024));
  app.use("/reports/claim", limit(16 * 1024));
  registerReportForm(app);
  registerSubmitReport(app);
  registerUploadEvidence(app);
  registerReportStatusForm(app);
  registerFollowReport(app);
  registerClaimReward(app);
  registerListReports(app);
  registerGetReport(app);
  registerTriageReport(app);
  registerLinkReportInspection(app);
  registerCloseReport(app);
  registerReportEvidenceContent(app);
}
