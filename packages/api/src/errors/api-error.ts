import type { ZodError } from "zod";

/** Stable error codes of the API, each with an HTTP status and words in en and zh-CN. */
export const API_ERRORS = {
  "invalid-request": { status: 400, en: "The request is not valid.", zh: "请求无效。" },
  "invalid-voucher": { status: 400, en: "The voucher could not be read.", zh: "无法识别该凭证。" },
  unauthenticated: { status: 401, en: "A valid API key is required.", zh: "需要有效的 API 密钥。" },
  forbidden: { status: 403, en: "This key may not do that.", zh: "无权执行此操作。" },
  "webhook-url-forbidden": { status: 400, en: "Webhooks may not be sent to this host (loopback, private, link-local or internal).", zh: "不允许向该主机（本机、内网、链路本地或内部地址）发送 Webhook。" },
  "scope-escalation": { status: 403, en: "A key may not create a key with scopes it does not hold itself.", zh: "不能创建权限范围超出自身的密钥。" },
  "not-found": { status: 404, en: "Not found.", zh: "未找到。" },
  conflict: { status: 409, en: "The request conflicts with the current state.", zh: "请求与当前状态冲突。" },
  "test-required": { status: 409, en: "This batch needs a passing rapid test before it may be sold.", zh: "该批次须快检合格后方可销售。" },
  "idempotency-key-reused": { status: 409, en: "This Idempotency-Key was used with a different request.", zh: "该幂等键已用于不同的请求。" },
  "payload-too-large": { status: 413, en: "The request body is too large.", zh: "请求体过大。" },
  "unsupported-media-type": { status: 415, en: "Unsupported content type.", zh: "不支持的内容类型。" },
  "rate-limited": { status: 429, en: "Too many requests; slow down.", zh: "请求过于频繁，请稍后再试。" },
  internal: { status: 500, en: "Something went wrong on our side.", zh: "服务器内部错误。" },
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message?: string,
    readonly extra: { issues?: ZodError["issues"]; detailCode?: string; retryAfter?: number } = {},
  ) {
    super(message ?? API_ERRORS[code].en);
    this.status = API_ERRORS[code].status;
  }
}
