import type { App } from "../app-types";
import { registerCreateOrganisation } from "./create-organisation";
import { registerGetOwnOrganisation } from "./get-own-organisation";

export function registerOrganisationRoutes(app: App) {
  registerGetOwnOrganisation(app);
  registerCreateOrganisation(app);
}
