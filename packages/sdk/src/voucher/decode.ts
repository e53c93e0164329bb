import { ShianError } from "../errors";
import { fromJws } from "./jws";
import { decodePayload, type VoucherPayload } from "./payload";
import { splitSignature } from "./split";
import { MAX_VOUCHER_TEXT, parseVoucherUrl } from "./url";

export interface DecodedVoucher extends VoucherPayload {
  /** Resolver base URL when decoded from a URL. */
  baseUrl?: string;
  /** Resolver host (with port), lowercase, when decoded from a URL. */
  host?: string;
  /** The signed payload bytes. */
  payload: Uint8Array;
  signature: Uint8Array;
}

/**
 * Parses a voucher URL or voucher JWS without checking its signature (for display before
 * verification, or for routing). Throws only ShianError.
 */
export function decodeVoucher(input: string): DecodedVoucher {
  if (typeof input !== "string") throw new ShianError("malformed", "a voucher must be a URL or JWS string");
  if (input.length > MAX_VOUCHER_TEXT) throw new ShianError("too-large", `voucher text over ${MAX_VOUCHER_TEXT} characters`);
  if (/^https?:/i.test(input)) {
    const { baseUrl, host, bytes } = parseVoucherUrl(input);
    const { payload, signature } = splitSignature(bytes);
    return { ...decodePayload(payload), baseUrl, host, payload, signature };
  }
  const { payload, signature } = splitSignature(fromJws(input));
  return { ...decodePayload(payload), payload, signature };
}
