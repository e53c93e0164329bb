import { ShianError } from "../errors";
import { MAX_PAYLOAD_BYTES, SIGNATURE_LENGTH } from "./payload";

/** Splits voucher bytes into payload and signature. */
export function splitSignature(bytes: Uint8Array): { payload: Uint8Array; signature: Uint8Array } {
  if (bytes.length > MAX_PAYLOAD_BYTES + SIGNATURE_LENGTH) throw new ShianError("too-large", "voucher is too large");
  if (bytes.length <= SIGNATURE_LENGTH) throw new ShianError("malformed", "voucher is shorter than its signature");
  const cut = bytes.length - SIGNATURE_LENGTH;
  return { payload: bytes.subarray(0, cut), signature: bytes.subarray(cut) };
}
