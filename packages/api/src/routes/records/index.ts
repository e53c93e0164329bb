import type { App } from "../app-types";
import { registerReadDocuments } from "./read-documents";
import { registerSelfInspections } from "./self-inspections";
import { registerSupervision } from "./supervision";
import { registerUploadDocument } from "./upload-document";

export function registerRecordRoutes(app: App) {
  registerUploadDocument(app);
  registerReadDocuments(app);
  registerSelfInspections(app);
  registerSupervision(app);
}
