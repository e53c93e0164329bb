import { createRoute } from "@hono/zod-openapi";
import { ApiError } from "../../errors/api-error";
import { renderClaimed, renderStatusForm } from "../../pages/report-pages";
import { ClaimReward } from "../../services/reports";
import type { App } from "../app-types";
import { json, pick } from "../common";
import { credentialFailure } from "./follow-report";
import { ClaimedSchema, formContent, html, LangQuery, localeOf, readPublicBody } from "./schemas";

export const claimRewardRoute = createRoute({
  method: "post",
  path: "/reports/claim",
  tags: ["reports"],
  summary:
    "Claim a report's reward anonymously with identity code and password, once and by the deadline (configured working days after the notice): the answer's claimReference is what the reporter shows to collect it. 409 already-claimed, claim-deadline-passed or no-reward",
  request: { query: LangQuery, body: { required: false, content: { "application/json": { schema: ClaimReward }, ...formContent("identityCode, password, reportId") } } },
  responses: { 200: { ...json(ClaimedSchema, "The claim"), content: { ...json(ClaimedSchema, "").content, ...html("").content } }, ...pick(400, 401, 409, 413, 415, 429) },
});

export function registerClaimReward(app: App) {
  app.openapi(claimRewardRoute, async (c) => {
    const body = await readPublicBody(c);
    c.header("cache-control", "no-store");
    if (!body.form) return c.json(await c.var.services.reports.claim(body.data), 200) as never;
    const locale = localeOf(c);
    try {
      const { identityCode = "", password = "", reportId } = body.data;
      const claimed = await c.var.services.reports.claim({ identityCode, password, ...(reportId ? { reportId } : {}) });
      return c.html(renderClaimed(locale, claimed), 200) as never;
    } catch (error) {
      const failure = credentialFailure(error, locale);
      if (failure) return c.html(failure.page, failure.status) as never;
      if (error instanceof ApiError && error.code === "conflict") return c.html(renderStatusForm(locale, error.message), 409) as never;
      throw error;
    }
  });
}
