import type { App } from "../app-types";
import { registerAttachCertificate } from "./attach-certificate";
import { registerCertificateLabel } from "./certificate-label";
import { registerGetCertificate } from "./get-certificate";
import { registerIssueCertificate } from "./issue-certificate";
import { registerListCertificates } from "./list-certificates";

export function registerCertificateRoutes(app: App) {
  registerIssueCertificate(app);
  registerCertificateLabel(app);
  registerGetCertificate(app);
  registerListCertificates(app);
  registerAttachCertificate(app);
}
