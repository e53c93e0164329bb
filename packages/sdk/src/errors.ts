/**
 * Every failure the SDK reports is a ShianError with a stable `code`. Public functions throw
 * nothing else, whatever their input.
 */
export const ERROR_CODES = {
  "invalid-input": "the input does not match the expected schema",
  "too-large": "the input is larger than the size cap",
  malformed: "the voucher is not well-formed",
  "unsupported-version": "the voucher format version is not supported",
  "unsupported-algorithm": "the key or signature algorithm is not supported",
  "invalid-key": "the key is not a usable key",
  "unknown-key": "no trusted key has this key index",
  "bad-signature": "the signature does not verify",
  "not-yet-valid": "the voucher was issued in the future",
  expired: "the voucher has expired",
  "key-not-yet-valid": "the voucher was signed before its key became valid",
  "key-expired": "the voucher was signed after its key expired",
  "key-revoked": "the signing key has been revoked",
  "namespace-not-allowed": "the issuer may not issue codes in this namespace",
  "type-not-allowed": "the issuer's roles may not issue this voucher type",
  "host-not-allowed": "the voucher URL is not on a trusted resolver host",
  revoked: "the voucher has been revoked",
  suspended: "the voucher's batch is suspended",
  recalled: "the voucher's batch has been recalled",
  "untrusted-bundle": "the trust bundle is not signed by a trust anchor",
  "stale-bundle": "the trust bundle is older than one already accepted, or has expired",
  "invalid-status-list": "the status list is malformed or not signed by a permitted key",
  "stale-status-list": "the status list is older than one already accepted, or has expired",
  "qr-too-large": "the text does not fit in a QR code at this error-correction level",
  "qr-invalid-input": "the text cannot be encoded in a QR code",
  "qr-invalid-options": "the QR rendering options are invalid",
  "invalid-digital-link": "the GS1 Digital Link URI or element string is invalid (details name the AI and the rule)",
  "api-error": "the API answered with a problem (see the ShianApiError's apiCode and status)",
  network: "the API could not be reached",
  timeout: "the API did not answer in time",
  aborted: "the request was cancelled",
} as const;

export type ShianErrorCode = keyof typeof ERROR_CODES;

export class ShianError extends Error {
  override readonly name: string = "ShianError";
  readonly code: ShianErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ShianErrorCode, message?: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message ?? ERROR_CODES[code], options);
    this.code = code;
    this.details = details;
  }

  toJSON(): { code: ShianErrorCode; message: string; details?: Record<string, unknown> } {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

export function isShianError(error: unknown): error is ShianError {
  return error instanceof ShianError;
}

/** Wraps anything thrown by a dependency into a ShianError of the given code. */
export function asShianError(error: unknown, code: ShianErrorCode, message?: string): ShianError {
  if (error instanceof ShianError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new ShianError(code, message ? `${message}: ${reason}` : reason);
}

/** An RFC 9457 problem, as the API answers every error. */
export interface ApiProblem {
  type?: string;
  title?: string;
  status: number;
  /** The API's stable error code, e.g. `conflict`, `invalid-voucher`, `rate-limited`. */
  code: string;
  detail?: string;
  "detail_zh-CN"?: string;
  issues?: unknown[];
  [extra: string]: unknown;
}

/**
 * The API answered with an error status. `code` is `"api-error"` (as for every ShianError,
 * one stable SDK code); `apiCode` is the problem's own `code`, `status` the HTTP status.
 */
export class ShianApiError extends ShianError {
  override readonly name: string = "ShianApiError";
  readonly status: number;
  readonly apiCode: string;
  readonly detail: string | undefined;
  readonly issues: unknown[] | undefined;
  readonly problem: ApiProblem;
  /** Seconds from a Retry-After header, when the API sent one. */
  readonly retryAfter: number | undefined;

  constructor(problem: ApiProblem, retryAfter?: number) {
    super("api-error", `${problem.status} ${problem.code}: ${problem.detail ?? problem.title ?? ""}`.trim(), { status: problem.status, apiCode: problem.code });
    this.status = problem.status;
    this.apiCode = problem.code;
    this.detail = problem.detail;
    this.issues = problem.issues;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

export function isShianApiError(error: unknown, apiCode?: string): error is ShianApiError {
  return error instanceof ShianApiError && (apiCode === undefined || error.apiCode === apiCode);
}
