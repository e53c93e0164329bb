import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { isShianError } from "@shian/sdk";
import { ZodError } from "zod";
import { localeOfTag } from "../pages/html";
import { API_ERRORS, ApiError } from "./api-error";

/** RFC 9457 problem details, with our stable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  /** zh-CN words when the request prefers Chinese. */
  "detail_zh-CN"?: string;
  issues?: unknown[];
}

export function prefersChinese(c: Context): boolean {
  // ?lang= decides when it names zh or en (as on the scan page); otherwise Accept-Language.
  const asked = localeOfTag(c.req.query("lang"));
  if (asked) return asked === "zh-CN";
  return /^\s*zh|,\s*zh/i.test(c.req.header("accept-language") ?? "");
}

/** Turns anything thrown into a problem response; internals never reach the client. */
export function problemResponse(c: Context, error: unknown): Response {
  let apiError: ApiError;
  if (error instanceof ApiError) apiError = error;
  else if (error instanceof ZodError) apiError = new ApiError("invalid-request", "The request body or parameters are not valid.", { issues: error.issues });
  else if (error instanceof HTTPException && error.status === 400) apiError = new ApiError("invalid-request", error.message || "The request body is not valid JSON.");
  else if (error instanceof HTTPException && error.status === 415) apiError = new ApiError("unsupported-media-type", "This route does not take this content type.");
  else if (isShianError(error)) {
    const status = error.code === "too-large" ? "payload-too-large" : "invalid-request";
    apiError = new ApiError(status, error.message, { detailCode: error.code });
  } else {
    console.error("unhandled error", error);
    apiError = new ApiError("internal");
  }
  const words = API_ERRORS[apiError.code];
  const problem: Problem = {
    type: `https://shian.dev/problems/${apiError.code}`,
    title: words.en,
    status: apiError.status,
    code: apiError.extra.detailCode ?? apiError.code,
    detail: apiError.message,
    ...(prefersChinese(c) ? { "detail_zh-CN": words.zh } : {}),
    ...(apiError.extra.issues ? { issues: apiError.extra.issues } : {}),
  };
  const headers: Record<string, string> = { "content-type": "application/problem+json; charset=utf-8" };
  if (apiError.extra.retryAfter !== undefined) headers["retry-after"] = String(apiError.extra.retryAfter);
  return new Response(JSON.stringify(problem), { status: apiError.status, headers });
}
