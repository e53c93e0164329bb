/**
 * Webhook signatures: `Shian-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256>` over
 * `<t>.<raw body>` with the endpoint's signing secret. WebCrypto only (Node ≥ 20, browsers, Workers).
 */

export const WEBHOOK_SIGNATURE_HEADER = "Shian-Signature";
/** The delivery id: the same on every retry of a delivery, so receivers can drop duplicates. */
export const WEBHOOK_DELIVERY_HEADER = "Shian-Delivery";
export const WEBHOOK_EVENT_HEADER = "Shian-Event";
/** How far the signed time may be from the receiver's clock, by default (seconds). */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

const encoder = new TextEncoder();

async function hmacHex(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(text)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The `Shian-Signature` header value for a body sent at `timestamp` (unix seconds). */
export async function signWebhookPayload(body: string, secret: string, timestamp: number): Promise<string> {
  if (!Number.isInteger(timestamp) || timestamp < 0) throw new RangeError("timestamp must be whole unix seconds");
  return `t=${timestamp},v1=${await hmacHex(secret, `${timestamp}.${body}`)}`;
}

export type WebhookVerification =
  | { valid: true; timestamp: number }
  | { valid: false; reason: "malformed-header" | "timestamp-out-of-tolerance" | "signature-mismatch" };

export interface VerifyWebhookOptions {
  /** The raw request body, exactly as received (not re-serialised JSON). */
  body: string;
  /** The `Shian-Signature` header. */
  header: string | null | undefined;
  /** The endpoint's signing secret, as shown once when it was registered. */
  secret: string;
  /** Allowed distance between the signed time and `now` (seconds); default 300. */
  toleranceSeconds?: number;
  /** The receiver's clock; default the current time. */
  now?: Date;
}

/**
 * Checks a webhook delivery: the header parses, its time is within the tolerance, and one of
 * its `v1` signatures (several may be present while a secret rotates) matches, compared in
 * constant time.
 */
export async function verifyWebhookSignature(options: VerifyWebhookOptions): Promise<WebhookVerification> {
  const parts = (options.header ?? "").split(",").map((part) => part.trim().split("="));
  const t = parts.find(([name]) => name === "t")?.[1];
  const signatures = parts.filter(([name, value]) => name === "v1" && value !== undefined && /^[0-9a-f]{64}$/.test(value)).map(([, value]) => value!);
  if (!t || !/^\d{1,12}$/.test(t) || signatures.length === 0) return { valid: false, reason: "malformed-header" };
  const timestamp = Number(t);
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS)) return { valid: false, reason: "timestamp-out-of-tolerance" };
  const expected = await hmacHex(options.secret, `${t}.${options.body}`);
  return signatures.some((signature) => constantTimeEqual(signature, expected)) ? { valid: true, timestamp } : { valid: false, reason: "signature-mismatch" };
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
