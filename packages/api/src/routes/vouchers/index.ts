import type { App } from "../app-types";
import { registerBulkIssue } from "./bulk-issue";
import { registerGetVoucher } from "./get-voucher";
import { registerIssueVoucher } from "./issue-voucher";

export function registerVoucherRoutes(app: App) {
  registerBulkIssue(app);
  registerIssueVoucher(app);
  registerGetVoucher(app);
}
