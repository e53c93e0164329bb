import { type ApiProblem, ShianApiError, ShianError } from "../errors";

/** Settings of the transport: retries, backoff, timeout. Runtime-neutral (fetch only). */
export interface TransportOptions {
  /** The API's origin, e.g. `https://api.shian.example` (a path prefix is kept). */
  baseUrl: string;
  /** An organisation's API key (`sk_…`), sent as `Authorization: Bearer`. */
  apiKey?: string;
  /** A fetch implementation (default: the global one), e.g. an app's `fetch` in tests. */
  fetch?: (input: Request) => Promise<Response>;
  /** Attempts per call, the first included (default 4). 1 turns retries off. */
  maxAttempts?: number;
  /** First backoff delay; doubles per attempt, full jitter (default 250 ms). */
  retryBaseDelayMs?: number;
  /** Upper bound of one backoff delay and of an honoured Retry-After (default 30 s). */
  retryMaxDelayMs?: number;
  /** Time limit of each attempt (default 30 s). 0 turns it off. */
  timeoutMs?: number;
  /** Extra headers on every request (e.g. a user agent). */
  headers?: Record<string, string>;
  /** Randomness for jitter, in [0, 1) (default Math.random). */
  random?: () => number;
  /** Waits between attempts (default setTimeout); must reject when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Per-call options of every client method. */
export interface CallOptions {
  /** Cancels the call, including its retries and backoff waits. */
  signal?: AbortSignal;
  /** Overrides the transport's per-attempt time limit. */
  timeoutMs?: number;
  /** For POSTs that accept one: the Idempotency-Key. Without it the client makes one per call and reuses it on every retry. */
  idempotencyKey?: string;
  /** Overrides the transport's attempts for this call. */
  maxAttempts?: number;
}

export interface Operation {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  /** Needs an API key. */
  auth: boolean;
  /** Accepts an Idempotency-Key header. */
  idempotent: boolean;
  /** Safe to send again after a 5xx or a lost connection (reads, idempotent writes, revocations). */
  retrySafe: boolean;
}

export interface SendRequest {
  params?: Record<string, string | number>;
  query?: Record<string, string | undefined>;
  json?: unknown;
  /** A body sent as is (must be replayable: a string or bytes), with its content type. */
  body?: { text: string | Uint8Array; contentType: string };
  headers?: Record<string, string>;
  /** Statuses returned to the caller instead of thrown (e.g. 304). */
  accept?: number[];
}

const RETRY_STATUSES = (status: number) => status === 429 || status >= 500;

export const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** A random Idempotency-Key (WebCrypto). */
export const newIdempotencyKey = () => `sdk-${crypto.randomUUID()}`;

/** Retry-After as seconds or an HTTP date → milliseconds from now. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class Transport {
  readonly baseUrl: string;
  private readonly fetchFn: (input: Request) => Promise<Response>;

  constructor(readonly options: TransportOptions) {
    const base = new URL(options.baseUrl);
    this.baseUrl = base.href.replace(/\/+$/, "");
    this.fetchFn = options.fetch ?? ((request) => globalThis.fetch(request));
  }

  url(operation: Operation, params: Record<string, string | number> = {}, query: Record<string, string | undefined> = {}): string {
    const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (params[name] === undefined) throw new ShianError("invalid-input", `missing path parameter ${name}`);
      return encodeURIComponent(String(params[name]));
    });
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, value);
    const qs = search.toString();
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ""}`;
  }

  /**
   * Sends one logical call: retries 429 (after Retry-After), and — when the operation is
   * retry-safe — 5xx and network errors, with exponential backoff and full jitter. Every
   * attempt carries the same Idempotency-Key. Returns the response (2xx or an accepted
   * status); throws ShianApiError for a problem, ShianError network/timeout/aborted otherwise.
   */
  async send(operation: Operation, request: SendRequest, call: CallOptions = {}): Promise<Response> {
    const { options } = this;
    const maxAttempts = Math.max(1, call.maxAttempts ?? options.maxAttempts ?? 4);
    const baseDelay = options.retryBaseDelayMs ?? 250;
    const maxDelay = options.retryMaxDelayMs ?? 30_000;
    const timeoutMs = call.timeoutMs ?? options.timeoutMs ?? 30_000;
    const random = options.random ?? Math.random;
    const sleep = options.sleep ?? defaultSleep;
    const url = this.url(operation, request.params, request.query);

    const headers: Record<string, string> = { accept: "application/json, application/problem+json;q=0.9, */*;q=0.1", ...options.headers, ...request.headers };
    if (operation.auth) {
      if (!options.apiKey) throw new ShianError("invalid-input", `${operation.method} ${operation.path} needs an API key`);
      headers.authorization = `Bearer ${options.apiKey}`;
    }
    if (operation.idempotent) headers["idempotency-key"] = call.idempotencyKey ?? newIdempotencyKey();
    let body: string | Uint8Array | undefined;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      headers["content-type"] = "application/json";
    } else if (request.body) {
      body = request.body.text;
      headers["content-type"] = request.body.contentType;
    }

    for (let attempt = 1; ; attempt++) {
      throwIfAborted(call.signal);
      const controller = new AbortController();
      const onAbort = () => controller.abort(call.signal!.reason);
      call.signal?.addEventListener("abort", onAbort, { once: true });
      let timedOut = false;
      const timer = timeoutMs > 0 ? setTimeout(() => ((timedOut = true), controller.abort()), timeoutMs) : undefined;
      let response: Response | undefined;
      let failure: ShianError | undefined;
      try {
        response = await this.fetchFn(new Request(url, { method: operation.method, headers, body: (body as BodyInit | undefined) ?? null, signal: controller.signal }));
      } catch (error) {
        if (call.signal?.aborted) throw new ShianError("aborted", undefined, undefined, { cause: call.signal.reason });
        failure = timedOut
          ? new ShianError("timeout", `${operation.method} ${operation.path}: no answer within ${timeoutMs} ms`)
          : new ShianError("network", `${operation.method} ${operation.path}: ${error instanceof Error ? error.message : String(error)}`, undefined, { cause: error });
      } finally {
        if (timer !== undefined) clearTimeout(timer);
        call.signal?.removeEventListener("abort", onAbort);
      }

      let waitMs: number | undefined;
      if (response) {
        if (response.ok || request.accept?.includes(response.status)) return response;
        failure = await problemOf(response);
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
        const retryable = response.status === 429 || (operation.retrySafe && RETRY_STATUSES(response.status));
        if (!retryable || attempt >= maxAttempts) throw failure;
        if (retryAfter !== undefined) {
          if (retryAfter > maxDelay) throw failure; // longer than we are willing to wait
          waitMs = retryAfter;
        }
      } else if (!operation.retrySafe || attempt >= maxAttempts) {
        throw failure!;
      }
      waitMs ??= Math.min(maxDelay, baseDelay * 2 ** (attempt - 1)) * random();
      try {
        await sleep(waitMs, call.signal);
      } catch {
        throw new ShianError("aborted", undefined, undefined, { cause: call.signal?.reason });
      }
    }
  }
}

function throwIfAborted(signal: AbortSignal | undefined) {
  if (signal?.aborted) throw new ShianError("aborted", undefined, undefined, { cause: signal.reason });
}

/** The response's problem+json as a ShianApiError (a non-problem body becomes a generic one). */
export async function problemOf(response: Response): Promise<ShianApiError> {
  const text = await response.text().catch(() => "");
  let problem: ApiProblem | undefined;
  try {
    const parsed = JSON.parse(text) as Partial<ApiProblem>;
    if (parsed && typeof parsed === "object" && typeof parsed.code === "string") problem = { ...parsed, status: response.status, code: parsed.code };
  } catch {
    // not JSON
  }
  problem ??= { status: response.status, code: response.status >= 500 ? "internal" : "http-error", detail: text.slice(0, 500) || response.statusText };
  const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
  return new ShianApiError(problem, retryAfter === undefined ? undefined : retryAfter / 1000);
}
