import { createRoute } from "@hono/zod-openapi";
import { ReportSubmission } from "@shian/schemas";
import type { ZodError } from "zod";
import { ApiError } from "../../errors/api-error";
import { renderReportForm, renderReportReceived, reportWords } from "../../pages/report-pages";
import { REPORT_EVIDENCE_MAX_FILES } from "../../services/reports";
import type { App } from "../app-types";
import { json, pick } from "../common";
import { formContent, html, LangQuery, localeOf, readPublicBody, SubmittedSchema } from "./schemas";

export const submitReportRoute = createRoute({
  method: "post",
  path: "/reports",
  tags: ["reports"],
  summary:
    "Report a business, batch or voucher anonymously (no account, no API key): JSON with evidenceRefs from POST /reports/evidence answers 201 JSON; the HTML form (multipart, evidence files included) answers the confirmation page. Nothing about the sender is stored",
  request: {
    query: LangQuery,
    body: { required: false, content: { "application/json": { schema: ReportSubmission }, ...formContent("The fields of GET /reports/new: kind, businessId, name, address, batchCode, voucherCode, category, description, identityCode, password, password2, evidence (files)") } },
  },
  responses: { 201: json(SubmittedSchema, "The report reference and the identity code to keep"), 200: html("The confirmation page (form posts)"), ...pick(400, 413, 415, 429) },
});

/** The submission an HTML form describes (the password is taken as typed). */
function fromForm(data: Record<string, string>) {
  const value = (name: string) => (data[name]?.trim() ? data[name]!.trim() : undefined);
  const kind = value("kind") ?? "business";
  const target =
    kind === "batch"
      ? { kind, batchCode: value("batchCode") }
      : kind === "voucher"
        ? { kind, voucherCode: value("voucherCode") }
        : { kind, ...(value("businessId") ? { businessId: value("businessId") } : {}), ...(value("name") ? { name: value("name") } : {}), ...(value("address") ? { address: value("address") } : {}) };
  return { target, category: value("category"), description: value("description") ?? "", evidenceRefs: [] as string[], identityCode: value("identityCode") ?? "", password: data.password ?? "" };
}

const messages = (error: ZodError) => error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);

export function registerSubmitReport(app: App) {
  app.openapi(submitReportRoute, async (c) => {
    const reports = c.var.services.reports;
    const body = await readPublicBody(c);
    if (!body.form) return c.json(await reports.submit(body.data), 201) as never;

    const locale = localeOf(c);
    const submission = fromForm(body.data);
    const { password: _p, password2: _p2, ...kept } = body.data;
    const refuse = (errors: string[]) => c.html(renderReportForm(locale, kept, errors), 400) as never;
    const checked = ReportSubmission.safeParse(submission);
    const errors = checked.success ? [] : messages(checked.error);
    if (body.data.password2 !== undefined && body.data.password2 !== submission.password) errors.push(reportWords(locale).mismatch);
    if (body.files.length > REPORT_EVIDENCE_MAX_FILES) errors.push(`evidence: at most ${REPORT_EVIDENCE_MAX_FILES} files`);
    if (errors.length) return refuse(errors);
    try {
      for (const file of body.files) submission.evidenceRefs.push((await reports.addEvidence(file.type, new Uint8Array(await file.arrayBuffer()))).id);
      const result = await reports.submit(submission);
      c.header("cache-control", "no-store");
      return c.html(renderReportReceived(locale, result), 200) as never;
    } catch (error) {
      if (error instanceof ApiError && error.status < 500 && error.code !== "rate-limited") return refuse([error.message]);
      throw error;
    }
  });
}
