import type { App } from "../app-types";
import { registerClaimTask } from "./claim-task";
import { registerGetTask } from "./get-task";
import { registerListTasks } from "./list-tasks";
import { registerPostTask } from "./post-task";
import { registerReviewTask } from "./review-task";
import { registerCoSupervisorScores } from "./scores";
import { registerSubmitEvidence } from "./submit-evidence";

/** The co-supervisor task market (智慧协管: 抢单 + 审单 + 考核) under /v1. */
export function registerCoSupervisionRoutes(app: App) {
  registerPostTask(app);
  registerListTasks(app);
  registerGetTask(app);
  registerClaimTask(app);
  registerSubmitEvidence(app);
  registerReviewTask(app);
  registerCoSupervisorScores(app);
}
