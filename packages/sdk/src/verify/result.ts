import type { VoucherClaims } from "@shian/schemas";
import type { ShianErrorCode } from "../errors";
import type { SignatureAlg } from "../keys/jwk";
import type { IssuerRole } from "../trust/roles";
import type { StatusValue } from "../trust/status-list";

export type CheckName =
  | "format"
  | "key"
  | "signature"
  | "host"
  | "key-validity"
  | "namespace"
  | "role"
  | "time"
  | "status";

/** One thing the verifier looked at, and what it found. */
export interface VerificationCheck {
  check: CheckName;
  ok: boolean;
  detail: string;
}

export interface VerificationResult {
  valid: boolean;
  /** Present when not valid: the stable error code and a sentence for people. */
  error?: { code: ShianErrorCode; message: string };
  /** The decoded voucher, when it could be decoded. */
  voucher?: { claims: VoucherClaims; keyIndex: number; alg: SignatureAlg; printedCode: string };
  issuer?: { id: string; name: string; roles: IssuerRole[] };
  key?: { kid: string; keyIndex: number };
  /** The worst status found for the voucher's code and batch; "unchecked" without a list. */
  status: StatusValue | "unchecked";
  checks: VerificationCheck[];
  /** What the voucher was checked against. */
  trust: { source: "bundle"; version: number } | { source: "jwks"; keys: number };
  /** The verification time used (ISO 8601). */
  at: string;
}
