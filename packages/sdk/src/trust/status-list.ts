import { deflateSync, inflateSync } from "fflate";
import { type ItemStatus, itemStatuses } from "@shian/schemas";
import { z } from "zod";
import { ShianError } from "../errors";
import { base64urlDecode, base64urlEncode } from "../lib/base64url";
import { readDocumentHeader, signJsonDocument, verifyJsonDocument } from "./jws-json";
import type { PublicJwk } from "../keys/jwk";

/** Two bits per serial: the position in `@shian/schemas`' item statuses is the wire value. */
export const STATUS_VALUES = itemStatuses.values;
export type StatusValue = ItemStatus;

export const STATUS_LIST_TYPE = "shian-status-list";
/** At most 2^24 entries (4 MiB of bits): caps what a hostile list can make us inflate. */
export const MAX_STATUS_ENTRIES = 2 ** 24;

const Time = z.iso.datetime({ offset: true });
export const StatusListContent = z.object({
  typ: z.literal(STATUS_LIST_TYPE),
  /** The trace-code namespace whose serials this list covers. */
  namespace: z.number().int().min(1).max(0xffff_ffff),
  /** Strictly increasing per namespace. */
  version: z.number().int().min(1),
  issuedAt: Time,
  expiresAt: Time,
  /** Serials 0..size-1 are covered; higher serials are reported as not covered. */
  size: z.number().int().min(0).max(MAX_STATUS_ENTRIES),
  /** Raw DEFLATE of the 2-bit entries, entry i in byte i>>2 at bit (i&3)*2, base64url. */
  bits: z.string().max(8 * 1024 * 1024),
});
export type StatusListContent = z.infer<typeof StatusListContent>;

export interface StatusListInput {
  namespace: number;
  version: number;
  issuedAt: string;
  expiresAt: string;
  size: number;
  /** Serials whose status is not valid. */
  entries: Iterable<readonly [serial: number, status: StatusValue]>;
}

export function packStatuses(size: number, entries: StatusListInput["entries"]): Uint8Array {
  const packed = new Uint8Array(Math.ceil(size / 4));
  for (const [serial, status] of entries) {
    const value = STATUS_VALUES.indexOf(status);
    if (!Number.isInteger(serial) || serial < 0 || serial >= size || value < 0) {
      throw new ShianError("invalid-input", `status entry ${serial} → ${status} is outside the list or unknown`);
    }
    const byte = serial >> 2;
    const shift = (serial & 3) * 2;
    packed[byte] = (packed[byte]! & ~(3 << shift)) | (value << shift);
  }
  return packed;
}

/** Signs a status list with an issuer's (or a regulator's) private key. */
export async function signStatusList(input: StatusListInput, privateJwk: unknown): Promise<string> {
  const content = StatusListContent.safeParse({
    typ: STATUS_LIST_TYPE,
    namespace: input.namespace,
    version: input.version,
    issuedAt: input.issuedAt,
    expiresAt: input.expiresAt,
    size: input.size,
    bits: "",
  });
  if (!content.success) throw new ShianError("invalid-input", `invalid status list: ${z.prettifyError(content.error)}`);
  const bits = base64urlEncode(deflateSync(packStatuses(input.size, input.entries), { level: 9 }));
  return signJsonDocument({ ...content.data, bits }, privateJwk, STATUS_LIST_TYPE);
}

/** A verified, unpacked status list. */
export class StatusList {
  constructor(
    readonly content: Omit<StatusListContent, "bits">,
    private readonly packed: Uint8Array,
  ) {}

  /** The status of a serial, or undefined when the list does not cover it. */
  statusOf(serial: number): StatusValue | undefined {
    if (serial < 0 || serial >= this.content.size) return undefined;
    return STATUS_VALUES[(this.packed[serial >> 2]! >> ((serial & 3) * 2)) & 3];
  }
}

export function readStatusListKid(jws: string): string {
  return readDocumentHeader(jws, STATUS_LIST_TYPE, "invalid-status-list").kid;
}

/** Verifies a status list with the given signer key and unpacks its bits. */
export async function verifyStatusList(jws: string, signerJwk: PublicJwk): Promise<StatusList> {
  readDocumentHeader(jws, STATUS_LIST_TYPE, "invalid-status-list");
  const parsed = StatusListContent.safeParse(await verifyJsonDocument(jws, signerJwk, "invalid-status-list"));
  if (!parsed.success) throw new ShianError("invalid-status-list", `status list content is invalid: ${z.prettifyError(parsed.error)}`);
  const { bits, ...content } = parsed.data;
  const compressed = base64urlDecode(bits);
  if (!compressed) throw new ShianError("invalid-status-list", "status bits are not base64url");
  const expected = Math.ceil(content.size / 4);
  let packed: Uint8Array;
  try {
    // One byte of headroom: fflate stops at the end of a given buffer, so a full buffer means
    // the bits inflate to more than the list declares.
    packed = inflateSync(compressed, { out: new Uint8Array(expected + 1) });
  } catch {
    throw new ShianError("invalid-status-list", "status bits do not inflate to the list size");
  }
  if (packed.length !== expected) throw new ShianError("invalid-status-list", "status bits do not match the list size");
  return new StatusList(content, packed);
}
