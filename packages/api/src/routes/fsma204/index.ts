import type { App } from "../app-types";
import { registerFsma204Export } from "./export";

export function registerFsma204Routes(app: App) {
  registerFsma204Export(app);
}

export { fsma204Route } from "./export";
