import type { App } from "../app-types";
import { registerArchive } from "./archive";
import { registerDocumentContent } from "./document-content";
import { registerGetDocument } from "./get-document";
import { registerListDocuments } from "./list-documents";
import { registerListSelfInspections } from "./list-self-inspections";
import { registerListTemplates } from "./list-templates";
import { registerQueryMerchants } from "./query-merchants";
import { registerRecordSelfInspection } from "./record-self-inspection";
import { registerReminders } from "./reminders";
import { registerUploadDocument } from "./upload-document";

export function registerRecordRoutes(app: App) {
  registerUploadDocument(app);
  registerGetDocument(app);
  registerDocumentContent(app);
  registerListDocuments(app);
  registerListTemplates(app);
  registerRecordSelfInspection(app);
  registerListSelfInspections(app);
  registerQueryMerchants(app);
  registerReminders(app);
  registerArchive(app);
}
