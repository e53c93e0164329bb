import type { App } from "../app-types";
import { registerDashboard } from "./get-dashboard";

/** The regulator dashboard under /v1/dashboard (JSON and HTML). */
export function registerDashboardRoutes(app: App) {
  registerDashboard(app);
}
