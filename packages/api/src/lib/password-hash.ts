/**
 * Slow salted hashes of reporters' secrets: PBKDF2-SHA-256 through WebCrypto (Node, browsers
 * and Workers alike), stored as a PHC string `$pbkdf2-sha256$i=<n>$<salt>$<hash>` (base64url).
 * Workers' WebCrypto refuses more than 100,000 PBKDF2 iterations, hence the default.
 */
import { timingSafeEqual } from "./crypto";

const encoder = new TextEncoder();
const toB64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const fromB64 = (text: string) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0));

export const PBKDF2_MAX_ITERATIONS = 100_000;

async function derive(secret: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), "PBKDF2", false, ["deriveBits"]);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: salt as BufferSource, iterations }, key, 256));
}

export async function hashSecret(secret: string, iterations: number): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `$pbkdf2-sha256$i=${iterations}$${toB64(salt)}$${toB64(await derive(secret, salt, iterations))}`;
}

/** Whether `secret` matches `stored`; the comparison is constant-time, a malformed hash never matches. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const match = /^\$pbkdf2-sha256\$i=(\d{1,7})\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{16,128})$/.exec(stored);
  if (!match) return false;
  const iterations = Math.min(Number(match[1]), PBKDF2_MAX_ITERATIONS);
  const derived = toB64(await derive(secret, fromB64(match[2]!), iterations));
  return timingSafeEqual(derived, match[3]!);
}
