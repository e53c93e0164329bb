import { ShianError } from "../errors";
import { bytesToDecimal, decimalToBytes } from "../lib/decimal";

/** Longest voucher text accepted before any parsing. */
export const MAX_VOUCHER_TEXT = 2048;
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const BASE_URL = /^(https?):\/\/([a-z0-9.-]+|\[[0-9a-f:]+\])(:\d{1,5})?(\/(?:[a-z0-9._~-]+\/)*)$/;
const VOUCHER_URL = /^(https?):\/\/([a-z0-9.-]+|\[[0-9a-f:]+\])(:\d{1,5})?(\/(?:[a-z0-9._~-]+\/)*)([0-9]+)$/i;

function hostAllowed(scheme: string, host: string): boolean {
  return scheme === "https" || LOOPBACK_HOSTS.has(host);
}

/**
 * Checks a resolver base URL such as `https://trace.example.cn/v/`: lowercase (some cameras
 * do not open an uppercase scheme), ending in `/`, no query or fragment, https except on
 * localhost. Returns it unchanged.
 */
export function checkBaseUrl(baseUrl: string): string {
  const match = typeof baseUrl === "string" && baseUrl.length <= 200 ? BASE_URL.exec(baseUrl) : null;
  if (!match) {
    throw new ShianError("invalid-input", "base URL must look like https://host/path/ (lowercase, ending in /)");
  }
  if (!hostAllowed(match[1]!, match[2]!)) {
    throw new ShianError("invalid-input", "http is allowed only for localhost; use https");
  }
  return baseUrl;
}

export function buildVoucherUrl(baseUrl: string, bytes: Uint8Array): string {
  return `${checkBaseUrl(baseUrl)}${bytesToDecimal(bytes)}`;
}

export interface ParsedVoucherUrl {
  /** Everything before the digits, e.g. `https://trace.example.cn/v/`. */
  baseUrl: string;
  /** Host (with port if any), lowercase. */
  host: string;
  /** Payload followed by the signature. */
  bytes: Uint8Array;
}

export function parseVoucherUrl(url: string): ParsedVoucherUrl {
  const { baseUrl, host, digits } = splitVoucherUrl(url);
  const bytes = decimalToBytes(digits);
  if (!bytes) throw new ShianError("malformed", "voucher digits are not canonical (leading zero)");
  return { baseUrl, host, bytes };
}

/** The parts of a voucher URL — base URL, host and the digits as text — checked as `parseVoucherUrl` does, without decoding the digits. */
export function splitVoucherUrl(url: string): { baseUrl: string; host: string; digits: string } {
  if (typeof url !== "string") throw new ShianError("malformed", "a voucher URL must be a string");
  if (url.length > MAX_VOUCHER_TEXT) throw new ShianError("too-large", `voucher text over ${MAX_VOUCHER_TEXT} characters`);
  const match = VOUCHER_URL.exec(url);
  if (!match) throw new ShianError("malformed", "not a voucher URL (https://host/path/<digits>)");
  const scheme = match[1]!.toLowerCase();
  const hostname = match[2]!.toLowerCase();
  if (!hostAllowed(scheme, hostname)) throw new ShianError("malformed", "voucher URLs must use https (http only on localhost)");
  const host = hostname + (match[3] ?? "");
  return { baseUrl: `${scheme}://${host}${match[4]}`, host, digits: match[5]! };
}
