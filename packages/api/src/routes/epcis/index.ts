import type { App } from "../app-types";
import { registerCapture } from "./capture";
import { registerQuery } from "./query";

export function registerEpcisRoutes(app: App) {
  registerCapture(app);
  registerQuery(app);
}
