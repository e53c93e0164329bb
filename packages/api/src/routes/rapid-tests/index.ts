import type { App } from "../app-types";
import { registerCreateTestPoint } from "./create-test-point";
import { registerListRapidTestItems } from "./list-items";
import { registerListTestPoints } from "./list-test-points";
import { registerTestBeforeSale } from "./test-before-sale";

export function registerRapidTestRoutes(app: App) {
  registerListRapidTestItems(app);
  registerCreateTestPoint(app);
  registerListTestPoints(app);
  registerTestBeforeSale(app);
}
